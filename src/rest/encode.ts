import { CATALOG_TYPES, KINDS, type CatalogType } from '../catalog/kinds.js';
import { isXObject, type XObject, type XValue } from '../xml/tree.js';
import { writeXml } from '../xml/write.js';
import type { Format, RestResponse } from './http.js';

/**
 * Items of collections that GeoServer's JSON always writes as arrays, even with one element: the
 * items of every catalog listing, and these.
 */
const LIST_ITEMS = new Set([
  ...CATALOG_TYPES.map((t) => KINDS[t].root),
  'string', 'entry', 'published', 'attribute', 'metadataLink', 'dataLink', 'coverageDimension',
  'keyword', 'int', 'double', 'resource', 'child', 'org.geotools.util.Version', 'featureTypeName', 'coverageName',
  'property', 'url', 'authorityURL', 'identifier',
]);

const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d{1,15})?([eE][+-]?\d{1,3})?$/;

/**
 * The JSON GeoServer writes for an element (XStream through Jettison): leaf text that reads as a
 * number or boolean becomes one, attribute values and `$` stay strings, and collections are arrays.
 */
export function toJson(value: XValue): unknown {
  if (typeof value === 'string') return leaf(value);
  if (Array.isArray(value)) return value.map(toJson);
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  const out: Record<string, unknown> = {};
  const elements = keys.filter((k) => k[0] !== '@' && k !== '$');
  const forceArray = elements.length === 1 && LIST_ITEMS.has(elements[0]);
  for (const k of keys) {
    const v = value[k] as XValue;
    if (k[0] === '@' || k === '$') out[k] = typeof v === 'string' ? v : toJson(v);
    else if (forceArray && !Array.isArray(v)) out[k] = [toJson(v)];
    else out[k] = toJson(v);
  }
  return out;
}

function leaf(s: string): unknown {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (NUMBER.test(s)) return Number(s);
  return s;
}

export function jsonResponse(root: string, value: XValue, status = 200): RestResponse {
  const body = JSON.stringify({ [root]: value === '' ? '' : toJson(value) });
  return { status, headers: { 'Content-Type': 'application/json' }, body };
}

export function xmlResponse(root: string, value: XValue, status = 200): RestResponse {
  return { status, headers: { 'Content-Type': 'application/xml' }, body: writeXml(root, value) };
}

/** A plain HTML page of the object, for browsers: GeoServer answers HTML when asked for nothing else. */
export function htmlResponse(root: string, value: XValue, status = 200): RestResponse {
  const body = `<html><head><title>GeoServer Configuration</title></head><body>\n<h4>${esc(root)}</h4>\n${htmlOf(value)}</body></html>\n`;
  return { status, headers: { 'Content-Type': 'text/html' }, body };
}

function htmlOf(value: XValue): string {
  if (typeof value === 'string') return esc(value);
  if (Array.isArray(value)) return `<ul>${value.map((v) => `<li>${htmlOf(v)}</li>`).join('')}</ul>`;
  const href = typeof value.href === 'string' ? value.href : undefined;
  if (href && typeof value.name === 'string') return `<a href="${esc(href.replace(/\.json$/, '.html'))}">${esc(value.name)}</a>`;
  return `<ul>${Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .map((k) => `<li>${esc(k)}: ${htmlOf(value[k] as XValue)}</li>`)
    .join('')}</ul>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Encodes one object in the chosen format. */
export function respond(format: Format, root: string, value: XValue, status = 200): RestResponse {
  if (format === 'json') return jsonResponse(root, value, status);
  if (format === 'html') return htmlResponse(root, value, status);
  return xmlResponse(root, value, status);
}

/** An atom link as GeoServer writes it in XML listings. */
export function atomLink(href: string, type = 'application/xml'): XObject {
  return { '@xmlns:atom': 'http://www.w3.org/2005/Atom', '@rel': 'alternate', '@href': href, '@type': type };
}

export function isObject(v: XValue | undefined): v is XObject {
  return isXObject(v);
}

/**
 * A collection listing as GeoServer writes it: `{"workspaces":{"workspace":[{"name","href"}]}}`,
 * the empty list as `{"workspaces":""}`; in XML each item carries an atom:link.
 */
export function listResponse(format: Format, plural: string, singular: string, items: Array<{ name: string; href: string }>): RestResponse {
  if (format === 'json') {
    const body = items.length === 0 ? { [plural]: '' } : { [plural]: { [singular]: items.map((i) => ({ name: i.name, href: `${i.href}.json` })) } };
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  }
  const value: XValue = items.length === 0 ? '' : { [singular]: items.map((i) => ({ name: i.name, 'atom:link': atomLink(`${i.href}.${format === 'html' ? 'html' : 'xml'}`) })) };
  if (format === 'html') return htmlResponse(plural, items.length === 0 ? '' : items.map((i) => ({ name: i.name, href: `${i.href}.html` })));
  return xmlResponse(plural, value);
}

/** The listing of objects of a kind, with the element names of the kind table (`dataStores`/`dataStore`). */
export function listOf(format: Format, type: CatalogType, items: Array<{ name: string; href: string }>): RestResponse {
  return listResponse(format, KINDS[type].rest.list, KINDS[type].root, items);
}
