import { asList, isXObject, type XObject, type XValue } from '../xml/tree.js';
import { parseJavaBoolean, parseJavaDouble, parseJavaInt } from './java-number.js';
import { fieldOf, invalid, own, type Field, type Schema } from './schema.js';

/**
 * GeoWebCache's JSON. GWC writes JSON with XStream's JSON writer (GWCConverter.writeInternal):
 * a list loses its item element names and becomes an array (`"mimeFormats": ["image/png"]`,
 * `"metaWidthHeight": [4, 4]`), numbers and booleans are typed by their Java field. It reads JSON
 * through Jettison's mapped convention (`"mimeFormats": {"string": ["image/png"]}`), so both
 * shapes are accepted here and turned into the XML form.
 */

/** Chooses the type of an untyped polymorphic list item (a parameter filter), or undefined. */
export type InferItem = (item: XObject, where: string) => string | undefined;

export function fromGwcJson(value: XValue, field: Field, where: string, infer?: InferItem): XValue {
  switch (field.type) {
    case 'list':
      return listFromJson(value, field, where, infer);
    case 'choice':
      return choiceFromJson(value, field, where, infer);
    case 'object':
      return isXObject(value) ? objectFromJson(value, field.schema, where, infer) : value;
    default:
      return value;
  }
}

function listFromJson(value: XValue, field: Extract<Field, { type: 'list' }>, where: string, infer?: InferItem): XValue {
  let raw: XValue[];
  if (Array.isArray(value)) raw = value;
  else if (isXObject(value)) {
    // Jettison's mapped form is already the XML form; anything else is left for validation to name
    if (!(field.item in value)) return value;
    raw = asList(value[field.item]);
  } else raw = value === '' ? [] : [value];
  if (raw.length === 0) return '';
  const converted = raw.map((item, i) => fromGwcJson(item, field.of, `${where}[${i}]`, infer));
  return { [field.item]: converted.length === 1 ? converted[0] : converted };
}

function choiceFromJson(value: XValue, field: Extract<Field, { type: 'choice' }>, where: string, infer?: InferItem): XValue {
  if (!Array.isArray(value)) {
    if (!isXObject(value)) return value;
    const out: XObject = {};
    for (const key of Object.keys(value)) {
      const schema = own(field.items, key);
      out[key] = schema ? mapItems(value[key] as XValue, (v, i) => objectOrSelf(v, schema, `${where}.${key}[${i}]`, infer)) : value[key];
    }
    return out;
  }
  const grouped: Record<string, XValue[]> = Object.create(null) as Record<string, XValue[]>;
  value.forEach((item, i) => {
    const at = `${where}[${i}]`;
    const [type, content] = typedItem(item, field, at, infer);
    (grouped[type] ??= []).push(objectOrSelf(content, own(field.items, type)!, at, infer));
  });
  const out: XObject = {};
  for (const [type, items] of Object.entries(grouped)) out[type] = items.length === 1 ? items[0] : items;
  return Object.keys(out).length === 0 ? '' : out;
}

function typedItem(item: XValue, field: Extract<Field, { type: 'choice' }>, where: string, infer?: InferItem): [string, XValue] {
  if (!isXObject(item)) invalid(where, `a ${field.what}`, item);
  const keys = Object.keys(item).filter((k) => item[k] !== undefined);
  if (keys.length === 1 && own(field.items, keys[0]) && isXObject(item[keys[0]])) return [keys[0], item[keys[0]] as XValue];
  const type = infer?.(item, where);
  if (!type || !own(field.items, type)) invalid(where, `a ${field.what} named by its type, such as {"${Object.keys(field.items)[0]}": {...}}`, item);
  return [type, item];
}

function objectOrSelf(value: XValue, schema: Schema, where: string, infer?: InferItem): XValue {
  return isXObject(value) ? objectFromJson(value, schema, where, infer) : value;
}

function objectFromJson(value: XObject, schema: Schema, where: string, infer?: InferItem): XObject {
  const out: XObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    // XStream's JSON names attributes without their '@'
    const direct = fieldOf(schema, key);
    const attribute = direct || key.startsWith('@') ? undefined : fieldOf(schema, `@${key}`);
    const field = direct ?? attribute;
    out[attribute ? `@${key}` : key] = field ? fromGwcJson(v, field, `${where}.${key}`, infer) : v;
  }
  return out;
}

function mapItems(value: XValue, f: (v: XValue, i: number) => XValue): XValue {
  return Array.isArray(value) ? value.map(f) : f(value, 0);
}

/** The JSON GWC writes for a value of this field. */
export function toGwcJson(value: XValue | undefined, field: Field): unknown {
  if (value === undefined) return undefined;
  switch (field.type) {
    case 'bool':
      return typeof value === 'string' ? (parseJavaBoolean(value) ?? value) : looseJson(value);
    case 'int':
      return typeof value === 'string' ? (parseJavaInt(value) ?? value) : looseJson(value);
    case 'double':
      return typeof value === 'string' ? (parseJavaDouble(value) ?? value) : looseJson(value);
    case 'list':
      return isXObject(value) ? asList(value[field.item]).map((v) => toGwcJson(v, field.of)) : value === '' ? [] : looseJson(value);
    case 'choice':
      return choiceToJson(value, field);
    case 'object':
      return isXObject(value) ? objectToJson(value, field.schema) : value;
    case 'any':
      return looseJson(value);
    default:
      return typeof value === 'string' ? value : looseJson(value);
  }
}

function choiceToJson(value: XValue, field: Extract<Field, { type: 'choice' }>): unknown {
  if (!isXObject(value)) return value === '' ? [] : looseJson(value);
  const out: unknown[] = [];
  for (const key of Object.keys(value)) {
    const schema = own(field.items, key);
    for (const item of asList(value[key])) out.push(schema && isXObject(item) ? objectToJson(item, schema) : looseJson(item));
  }
  return out;
}

export function objectToJson(value: XObject, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    const field = fieldOf(schema, key);
    if (key.startsWith('@') || key === '$') out[key] = typeof v === 'string' ? v : looseJson(v);
    else out[key] = field ? toGwcJson(v, field) : looseJson(v);
  }
  return out;
}

const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d{1,15})?([eE][+-]?\d{1,3})?$/;

/** A value of no known field: text that reads as a number or boolean becomes one. */
export function looseJson(value: XValue): unknown {
  if (typeof value === 'string') {
    if (value === 'true' || value === 'false') return value === 'true';
    return NUMBER.test(value) ? Number(value) : value;
  }
  if (Array.isArray(value)) return value.map(looseJson);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (value[key] !== undefined) out[key] = looseJson(value[key] as XValue);
  return out;
}
