import { CatalogError } from '../catalog/errors.js';
import { asList, isXObject, type XObject, type XValue } from '../xml/tree.js';
import { javaDouble, parseJavaBoolean, parseJavaDouble, parseJavaInt } from './java-number.js';

/**
 * The shape of a GeoWebCache document, field by field, in XStream's order (the order of the Java
 * fields). One description drives four things: checking a body or file (which field, what was
 * expected, what came), writing it in GWC's element order, reading the JSON GWC speaks (XStream's
 * JSON writer turns lists into plain arrays), and writing that JSON back.
 */
export type Field =
  | { readonly type: 'text' }
  | { readonly type: 'bool' }
  | { readonly type: 'int'; readonly check?: (n: number) => boolean; readonly expect?: string }
  | { readonly type: 'double'; readonly check?: (n: number) => boolean; readonly expect?: string }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'list'; readonly item: string; readonly of: Field; readonly expect?: string }
  | { readonly type: 'choice'; readonly items: Readonly<Record<string, Schema>>; readonly what: string }
  | { readonly type: 'object'; readonly schema: Schema }
  | { readonly type: 'any' };

export interface Schema {
  readonly fields: ReadonlyArray<readonly [string, Field]>;
  readonly required?: readonly string[];
}

export const text: Field = { type: 'text' };
export const bool: Field = { type: 'bool' };
export const any: Field = { type: 'any' };
export const int = (expect?: string, check?: (n: number) => boolean): Field => ({ type: 'int', expect, check });
export const double = (expect?: string, check?: (n: number) => boolean): Field => ({ type: 'double', expect, check });
export const list = (item: string, of: Field, expect?: string): Field => ({ type: 'list', item, of, expect });
export const object = (fields: Schema['fields'], required?: readonly string[]): Field => ({ type: 'object', schema: { fields, required } });
export const oneOf = (...values: string[]): Field => ({ type: 'enum', values });

export function invalid(where: string, expected: string, got: XValue | undefined): never {
  throw new CatalogError('invalid', `${where}: expected ${expected}, got ${describe(got)}`);
}

function describe(got: XValue | undefined): string {
  if (got === undefined) return 'nothing';
  if (typeof got === 'string') return `'${printable(got.length > 80 ? `${got.slice(0, 80)}…` : got)}'`;
  return Array.isArray(got) ? `a list of ${got.length}` : 'an element with children';
}

export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Checks a value against its field; throws a CatalogError naming the field on the first fault.
 * Files GeoServer wrote are read with `ranges` off: it writes what it holds (a tile layer made
 * without defaults has `metaWidthHeight` 0×0), and such a file must load as it did there.
 */
export function validate(value: XValue | undefined, field: Field, where: string, ranges = true): void {
  if (value === undefined) return;
  switch (field.type) {
    case 'text':
      return void scalar(value, where, 'text');
    case 'bool':
      if (parseJavaBoolean(scalar(value, where, 'true or false')) === undefined) invalid(where, 'true or false', value);
      return;
    case 'int':
    case 'double':
      return validateNumber(value, field, where, ranges);
    case 'enum':
      if (!field.values.includes(scalar(value, where, oneOfText(field.values)))) invalid(where, oneOfText(field.values), value);
      return;
    case 'list':
      return validateList(value, field, where, ranges);
    case 'choice':
      return validateChoice(value, field, where, ranges);
    case 'object':
      return validateObject(value, field.schema, where, ranges);
    case 'any':
      return;
  }
}

function oneOfText(values: readonly string[]): string {
  return `one of ${values.join(', ')}`;
}

function scalar(value: XValue, where: string, expected: string): string {
  if (typeof value !== 'string') invalid(where, expected, value);
  return value;
}

function validateNumber(value: XValue, field: Extract<Field, { type: 'int' | 'double' }>, where: string, ranges: boolean): void {
  const expected = field.expect ?? (field.type === 'int' ? 'an integer' : 'a number');
  const s = scalar(value, where, expected);
  const n = field.type === 'int' ? parseJavaInt(s) : parseJavaDouble(s);
  if (n === undefined || (ranges && field.check && !field.check(n))) invalid(where, expected, value);
}

function validateList(value: XValue, field: Extract<Field, { type: 'list' }>, where: string, ranges: boolean): void {
  if (value === '') return;
  if (!isXObject(value)) invalid(where, field.expect ?? `a list of <${field.item}>`, value);
  for (const key of Object.keys(value)) {
    if (key !== field.item && !key.startsWith('@') && value[key] !== undefined) invalid(`${where}.${key}`, `only <${field.item}> items`, value[key]);
  }
  asList(value[field.item]).forEach((item, i) => validate(item, field.of, `${where}.${field.item}[${i}]`, ranges));
}

function validateChoice(value: XValue, field: Extract<Field, { type: 'choice' }>, where: string, ranges: boolean): void {
  if (value === '') return;
  if (!isXObject(value)) invalid(where, `a list of ${field.what}`, value);
  for (const key of Object.keys(value)) {
    const schema = own(field.items, key);
    if (!schema) invalid(`${where}.${key}`, `a known ${field.what} (${Object.keys(field.items).join(', ')})`, value[key]);
    asList(value[key]).forEach((item, i) => validateObject(item, schema, `${where}.${key}[${i}]`, ranges));
  }
}

export function validateObject(value: XValue, schema: Schema, where: string, ranges = true): void {
  if (value === '' && !schema.required?.length) return;
  if (!isXObject(value)) invalid(where, 'an element with children', value);
  for (const name of schema.required ?? []) {
    if (value[name] === undefined || value[name] === '') invalid(`${where}.${name}`, 'a value', value[name]);
  }
  for (const [name, field] of schema.fields) {
    const v = value[name];
    if (Array.isArray(v) && field.type !== 'any') invalid(`${where}.${name}`, 'a single element', v);
    validate(v, field, `${where}.${name}`, ranges);
  }
}

/**
 * Orders known fields as XStream writes them (unknown ones follow, in their own order) and spells
 * numbers and booleans as Java does, so a stored body reads like a file GeoServer wrote.
 */
export function canonical(value: XValue, field: Field): XValue {
  if (typeof value === 'string') return canonicalScalar(value, field);
  if (Array.isArray(value)) return value.map((v) => canonical(v, field));
  switch (field.type) {
    case 'list':
      return mapKeys(value, (k, v) => (k === field.item ? canonical(v, field.of) : v));
    case 'choice':
      return mapKeys(value, (k, v) => {
        const schema = own(field.items, k);
        return schema ? canonical(v, { type: 'object', schema }) : v;
      });
    case 'object':
      return canonicalObject(value, field.schema);
    default:
      return value;
  }
}

function canonicalScalar(value: string, field: Field): string {
  if (field.type === 'int') return String(parseJavaInt(value) ?? value);
  if (field.type === 'bool') return String(parseJavaBoolean(value) ?? value);
  if (field.type === 'double') {
    const n = parseJavaDouble(value);
    return n === undefined ? value : javaDouble(n);
  }
  return value;
}

function canonicalObject(value: XObject, schema: Schema): XObject {
  const out: XObject = {};
  for (const key of Object.keys(value)) if (key.startsWith('@') && value[key] !== undefined) out[key] = value[key];
  for (const [name, field] of schema.fields) {
    const v = value[name];
    if (v !== undefined) out[name] = canonical(v, field);
  }
  for (const key of Object.keys(value)) if (!(key in out) && value[key] !== undefined) out[key] = value[key];
  return out;
}

function mapKeys(value: XObject, f: (key: string, v: XValue) => XValue): XObject {
  const out: XObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v !== undefined) out[key] = f(key, v);
  }
  return out;
}

/**
 * A table entry by a name that came from outside: only the table's own entries, never what
 * objects inherit (`constructor`, `toString`), so a hostile element name is refused cleanly.
 */
export function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

export function fieldOf(schema: Schema, name: string): Field | undefined {
  return schema.fields.find(([n]) => n === name)?.[1];
}
