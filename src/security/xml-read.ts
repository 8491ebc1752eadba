import { parseXml } from '../xml/parse.js';
import { asList, isXObject, type XObject, type XValue } from '../xml/tree.js';
import { SecurityFileError } from './errors.js';

/** Reading helpers shared by the users.xml and roles.xml codecs: every failure names file and element. */

export function parseSecurityXml(src: string | Buffer, file: string, root: string): XObject {
  let doc;
  try {
    doc = parseXml(src);
  } catch (err) {
    const e = err as Error & { element?: string };
    throw new SecurityFileError(file, e.element, e.message, { cause: err });
  }
  if (doc.root !== root) throw new SecurityFileError(file, doc.root, `expected the root element <${root}>`);
  if (doc.value === '') return {};
  if (!isXObject(doc.value)) throw new SecurityFileError(file, root, 'the root element has text where elements were expected');
  return doc.value;
}

/** The registry root as GeoServer writes it: its namespace as default namespace, version 1.0. */
export function checkRegistryRoot(root: XObject, namespace: string, file: string, element: string): void {
  if (root['@xmlns'] !== namespace) {
    throw new SecurityFileError(file, element, `expected xmlns="${namespace}", found ${root['@xmlns'] === undefined ? 'none' : `"${String(root['@xmlns'])}"`}`);
  }
  if (root['@version'] !== '1.0') throw new SecurityFileError(file, element, `expected version="1.0", found "${String(root['@version'] ?? '')}"`);
}

/**
 * The child elements named `child` of a list element (<users>, <roleList>, …). Anything else in
 * the list is an error, as GeoServer's schema refuses it.
 */
export function itemsOf(list: XValue | undefined, child: string, file: string, listName: string): XObject[] {
  if (list === undefined || list === '') return [];
  if (!isXObject(list)) throw new SecurityFileError(file, listName, `expected <${child}> elements, found text`);
  for (const key of Object.keys(list)) {
    if (key !== child && list[key] !== undefined) throw new SecurityFileError(file, listName, `unexpected <${key.replace(/^@/, '')}> in <${listName}>`);
  }
  return asList(list[child]).map((item) => (item === '' ? {} : item)).map((item) => {
    if (!isXObject(item)) throw new SecurityFileError(file, child, 'expected attributes, found text');
    return item;
  });
}

/** A required attribute, non-empty. */
export function requiredAttribute(el: XObject, name: string, file: string, element: string): string {
  const v = el[`@${name}`];
  if (typeof v !== 'string' || v === '') throw new SecurityFileError(file, element, `the attribute '${name}' is missing`);
  return v;
}

/** An xsd:boolean attribute, 'true' when absent as GeoServer's schema defaults it. */
export function booleanAttribute(el: XObject, name: string, file: string, element: string): 'true' | 'false' {
  const v = el[`@${name}`];
  if (v === undefined || v === 'true' || v === '1') return 'true';
  if (v === 'false' || v === '0') return 'false';
  throw new SecurityFileError(file, element, `the attribute '${name}' must be true or false, found '${String(v)}'`);
}

/** The element without the keys the codec models: what must survive a round trip untouched. */
export function extras(el: XObject, known: readonly string[]): XObject | undefined {
  const out: XObject = {};
  let any = false;
  for (const key of Object.keys(el)) {
    if (known.includes(key) || el[key] === undefined) continue;
    out[key] = el[key];
    any = true;
  }
  return any ? out : undefined;
}

/** Refuses a second object of the same name in one file (GeoServer's schema keys). */
export function checkUnique(names: string[], file: string, element: string, what: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new SecurityFileError(file, element, `${what} '${n}' appears twice`);
    seen.add(n);
  }
}

/** Java's String.compareTo order, which GeoServer's TreeMaps write in. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
