import { CatalogError } from '../catalog/errors.js';
import type { XValue } from '../xml/tree.js';
import { printable } from './schema.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z_][A-Za-z0-9_.-]*)?$/;
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const MAX_DEPTH = 32;

/**
 * Unknown elements of a body are kept and end up in a file: every name must be an XML name and
 * every text something XML can hold, or the body is refused before anything changes.
 */
export function checkXmlSafe(value: XValue, where: string, depth = 0): void {
  if (depth > MAX_DEPTH) throw new CatalogError('invalid', `${where} is nested more than ${MAX_DEPTH} levels deep`);
  if (typeof value === 'string') {
    if (BAD_TEXT.test(value)) throw new CatalogError('invalid', `${where} contains a control character that XML cannot hold`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item) => checkXmlSafe(item, where, depth + 1));
    return;
  }
  // a "__proto__" key read into a plain object becomes its prototype, and a "constructor" element
  // can meet the inherited Object.constructor: neither is XML content
  const proto: unknown = Object.getPrototypeOf(value);
  if (typeof value !== 'object' || (proto !== Object.prototype && proto !== null)) {
    throw new CatalogError('invalid', `${where}: element names such as '__proto__' or 'constructor' are not accepted`);
  }
  for (const key of Object.keys(value)) {
    // an own "__proto__" field (JSON.parse and the tree keep it as data) is refused like an inherited one
    if (key === '__proto__') throw new CatalogError('invalid', `${where}: element names such as '__proto__' or 'constructor' are not accepted`);
    const name = key.startsWith('@') ? key.slice(1) : key;
    if (key === '__proto__') throw new CatalogError('invalid', `${where}: element names such as '__proto__' or 'constructor' are not accepted`);
    if (key !== '$' && !NAME.test(name)) throw new CatalogError('invalid', `${where} has a field named '${printable(key)}', which is not a valid XML name`);
    const v = value[key];
    if (v !== undefined) checkXmlSafe(v, `${where}.${key}`, depth + 1);
  }
}
