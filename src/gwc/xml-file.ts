import { CatalogError } from '../catalog/errors.js';
import { parseXml, XmlSyntaxError, type XmlDocument } from '../xml/parse.js';
import { isXObject, type XObject } from '../xml/tree.js';
import { writeXml } from '../xml/write.js';
import { validateObject, type Schema } from './schema.js';
import { checkXmlSafe } from './xml-safety.js';

/**
 * Reading and writing the GeoWebCache files of the data directory. Every refusal names the file,
 * and the element (or line) at fault, so a broken file can be found and fixed by hand.
 */
export function readDocument(src: string | Buffer, file: string, roots: readonly string[]): XmlDocument {
  let doc: XmlDocument;
  try {
    doc = parseXml(src);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new CatalogError('invalid', `${file}: ${err.message}`, { cause: err });
    throw err;
  }
  if (!roots.includes(doc.root)) throw new CatalogError('invalid', `${file}: expected a <${roots[0]}> document, found <${doc.root}>`);
  return doc;
}

/**
 * The content of a file's root element, checked field by field as GeoServer would read it (types,
 * not ranges: what GeoServer wrote must load), with unknown elements kept in their place.
 */
export function readObject(src: string | Buffer, file: string, root: string, schema: Schema): XObject {
  const doc = readDocument(src, file, [root]);
  const value = doc.value === '' ? {} : doc.value;
  if (!isXObject(value)) throw new CatalogError('invalid', `${file}: <${root}> has text where elements were expected`);
  try {
    checkXmlSafe(value, root);
    validateObject(value, schema, root, false);
  } catch (err) {
    if (err instanceof CatalogError) throw new CatalogError('invalid', `${file}: ${err.message}`, { cause: err });
    throw err;
  }
  return value;
}

/** XStream's output: no XML declaration unless the writer adds one (GWC's XMLConfiguration does). */
export function writeDocument(root: string, value: XObject, declaration = false): string {
  const xml = writeXml(root, value);
  return declaration ? `<?xml version="1.0" encoding="utf-8"?>\n${xml}` : xml;
}

/** A required text field of a file, or a refusal naming the file and element. */
export function requiredText(value: XObject, field: string, file: string, root: string): string {
  const v = value[field];
  if (typeof v !== 'string' || v === '') throw new CatalogError('invalid', `${file}: <${root}> has no <${field}>`);
  return v;
}
