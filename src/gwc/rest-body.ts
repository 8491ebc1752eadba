import { CatalogError } from '../catalog/errors.js';
import { pathProblem } from '../catalog/names.js';
import { isXObject, type XObject, type XValue } from '../xml/tree.js';
import { fromGwcJson, type InferItem } from './gwc-json.js';
import { printable, validateObject, type Schema } from './schema.js';
import { checkXmlSafe } from './xml-safety.js';

/**
 * A REST body as the REST layer reads it (root element and its content; JSON already turned into
 * the tree form with numbers and booleans as text). GWC reads both XML and Jettison JSON; the
 * JSON GWC itself writes (lists as arrays) is accepted too, so a GET can be PUT back.
 */
export interface RestDocument {
  root: string;
  value: XValue;
}

export type BodyFormat = 'xml' | 'json';

export function bodyObject(doc: RestDocument, roots: readonly string[], format: BodyFormat, schema: Schema, infer?: InferItem): XObject {
  if (!roots.includes(doc.root)) throw new CatalogError('invalid', `Expected a <${roots[0]}> body, found <${printable(doc.root)}>`);
  const raw = doc.value === '' ? {} : doc.value;
  if (!isXObject(raw)) throw new CatalogError('invalid', `The <${doc.root}> body must hold elements, not text`);
  checkXmlSafe(raw, doc.root);
  const value = format === 'json' ? (fromGwcJson(raw, { type: 'object', schema }, doc.root, infer) as XObject) : raw;
  validateObject(value, schema, doc.root);
  return value;
}

/** A name that becomes part of a URL and a key: not empty, nothing that could confuse a path. */
export function checkGwcName(what: string, name: string | undefined): string {
  if (name === undefined || name.trim() === '') throw new CatalogError('invalid', `${what} name must not be empty`);
  const problem = pathProblem(name);
  if (problem) throw new CatalogError('bad_name', `${what} name '${printable(name)}' is not allowed: ${problem}`);
  return name;
}

/** The name in the URL must be the name in the body (TileLayerController.checkLayer). */
export function checkSameName(what: string, pathName: string, bodyName: string): void {
  if (pathName !== bodyName) {
    throw new CatalogError('invalid', `The ${what} name in the body, '${printable(bodyName)}', is not the one in the URL, '${printable(pathName)}'`);
  }
}
