/**
 * The in-memory form of an XStream XML element, which is also the JSON form GeoServer's REST API
 * speaks (Jettison "mapped" convention): attributes become `@name` keys, the text of an element
 * that also has attributes becomes `$`, repeated child elements become arrays, and a leaf element
 * becomes its text. Key order is element order, so unknown elements survive a round trip.
 */
export type XValue = string | XObject | XValue[];

export interface XObject {
  [key: string]: XValue | undefined;
}

export function isXObject(value: unknown): value is XObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a list: a repeated element is an array, a single one is not. */
export function asList(value: XValue | undefined): XValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text of a leaf element, or of the `$` of an element with attributes. */
export function textOf(value: XValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isXObject(value) && typeof value.$ === 'string') return value.$;
  return undefined;
}

export function deepClone<T extends XValue>(value: T): T {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => deepClone(v)) as T;
  const out: XObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v !== undefined) out[key] = deepClone(v);
  }
  return out as T;
}

export function deepEqual(a: XValue | undefined, b: XValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string' || a === undefined || b === undefined) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual(a[k], b[k]));
}

/**
 * A value as the data directory gives it back (xml/write then xml/parse): nested lists flattened,
 * an empty list absent, a list of one its element, an empty element '', an element with only text
 * that text.
 */
export function xmlForm(value: XValue | undefined): XValue | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const items: XValue[] = [];
    const add = (v: XValue): void => {
      if (Array.isArray(v)) return v.forEach(add);
      const c = xmlForm(v);
      if (c !== undefined) items.push(c);
    };
    value.forEach(add);
    return items.length === 0 ? undefined : items.length === 1 ? items[0] : items;
  }
  const out: XObject = {};
  let keys = 0;
  for (const k of Object.keys(value)) {
    const c = xmlForm(value[k]);
    if (c === undefined || (k === '$' && c === '')) continue;
    out[k] = c;
    keys++;
  }
  if (keys === 0) return '';
  return keys === 1 && typeof out.$ === 'string' ? out.$ : out;
}
