import JSON5 from 'json5';
import { parseXml } from '../xml/parse.js';
import { isXObject, type XObject, type XValue } from '../xml/tree.js';
import { RestError, type Format, type RestRequest } from './http.js';

const MEDIA: Record<string, Format> = {
  'application/json': 'json',
  'text/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'text/html': 'html',
  'application/vnd.ogc.sld+xml': 'sld',
  'application/vnd.ogc.se+xml': 'sld',
  'application/zip': 'zip',
  'text/plain': 'txt',
};

/**
 * The response format: the path extension, else the Accept header, else `?format=`, else the
 * first format the endpoint produces (GeoServer answers HTML to a browser).
 */
export function responseFormat(req: RestRequest, produces: readonly Format[] = ['html', 'json', 'xml']): Format {
  if (req.extension) {
    if (!produces.includes(req.extension)) throw new RestError(404, `Format '${req.extension}' is not available here`);
    return req.extension;
  }
  const accept = String(req.headers.accept ?? '');
  for (const part of accept.split(',')) {
    const media = part.split(';')[0].trim().toLowerCase();
    if (media === '*/*' || media === '') continue;
    const f = MEDIA[media];
    if (f && produces.includes(f)) return f;
  }
  const param = req.query.get('format')?.toLowerCase();
  if (param && produces.includes(param as Format)) return param as Format;
  return produces[0];
}

/** The format of the request body, from Content-Type; an unlabelled body is sniffed. */
export function bodyFormat(req: RestRequest): Format {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (MEDIA[type]) return MEDIA[type];
  if (type.endsWith('+json')) return 'json';
  if (type.endsWith('+xml')) return 'xml';
  const start = req.body.subarray(0, 64).toString('utf8').trimStart();
  if (start.startsWith('<')) return 'xml';
  if (start.startsWith('{')) return 'json';
  throw new RestError(415, `Unsupported Content-Type '${type || '(none)'}': send application/json or application/xml`);
}

/**
 * Reads a JSON or XML body into the common form and returns the content of the expected root
 * element. JSON is read leniently, as GeoServer does (single quotes, trailing commas).
 */
export function readBody(req: RestRequest, root: string | readonly string[]): XObject {
  const roots = typeof root === 'string' ? [root] : root;
  const doc = readDocument(req);
  if (!roots.includes(doc.root)) throw new RestError(400, `Expected a <${roots[0]}> body, found <${doc.root}>`);
  if (doc.value === '') return {};
  if (!isXObject(doc.value)) throw new RestError(400, `The <${doc.root}> body must be an object`);
  checkTree(doc.value, doc.root);
  return doc.value;
}

export function readDocument(req: RestRequest): { root: string; value: XValue } {
  if (req.body.length === 0) throw new RestError(400, 'The request has no body');
  const format = bodyFormat(req);
  const src = req.body.toString('utf8');
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON5.parse(src);
    } catch (err) {
      throw new RestError(400, `Malformed JSON body: ${(err as Error).message}`);
    }
    if (!isPlainObject(parsed) || Object.keys(parsed).length !== 1) {
      throw new RestError(400, 'A JSON body must be an object with a single root key, such as {"workspace":{...}}');
    }
    const rootKey = Object.keys(parsed)[0];
    return { root: rootKey, value: fromJson(parsed[rootKey], rootKey) };
  }
  if (format === 'xml' || format === 'sld') {
    try {
      return parseXml(src);
    } catch (err) {
      throw new RestError(400, `Malformed XML body: ${(err as Error).message}`);
    }
  }
  throw new RestError(415, `A ${format} body is not accepted here`);
}

/** JSON values become the common form: numbers and booleans as their text, null dropped. */
export function fromJson(value: unknown, where: string): XValue {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.filter((v) => v !== null).map((v) => fromJson(v, where));
  if (isPlainObject(value)) {
    const out: XObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null) continue;
      // defined, not assigned: a "__proto__" key is then an ordinary field (refused later as a name), never the prototype
      Object.defineProperty(out, k, { value: fromJson(v, `${where}.${k}`), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  throw new RestError(400, `Unsupported JSON value at ${where}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z_][A-Za-z0-9_.-]*)?$/;
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const MAX_DEPTH = 32;

/**
 * Every element and attribute name a client sends becomes an XML name on disk, and every value XML
 * text: refuse what XML cannot hold before anything is changed.
 */
export function checkTree(value: XValue, where: string, depth = 0): void {
  if (depth > MAX_DEPTH) throw new RestError(400, `${where} is nested more than ${MAX_DEPTH} levels deep`);
  if (typeof value === 'string') {
    if (BAD_TEXT.test(value)) throw new RestError(400, `${where} contains a control character that XML cannot hold`);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) checkTree(item, where, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    const name = key.startsWith('@') ? key.slice(1) : key;
    if (key === '__proto__') throw new RestError(400, `${where} has a field named '__proto__', which is not accepted`);
    if (key !== '$' && !NAME.test(name)) throw new RestError(400, `${where} has a field named '${printableName(key)}', which is not a valid XML name`);
    const v = value[key];
    if (v !== undefined) checkTree(v, `${where}.${key}`, depth + 1);
  }
}

function printableName(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
