import { fail } from '../../catalog/errors.js';
import { checkName } from '../../catalog/names.js';
import { DEFAULT_STYLES, refId, type Info, type StyleInfo } from '../../catalog/types.js';
import { textOf } from '../../xml/tree.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { flag, ok, RestError, type RestRequest, type RestResponse } from '../http.js';
import { timestamp } from '../merge.js';
import { readBody } from '../negotiate.js';
import { checkedSld, languageVersion, parseSld, refuseEntities, StyleBodyError, styleFilePath, type StyleBody } from './style-bodies.js';
import { checkFilename, refuseDuplicate, workspaceOf } from './style-names.js';

/** The element order GeoServer writes a StyleInfo in. */
const STYLE_ORDER = ['id', 'name', 'workspace', 'format', 'languageVersion', 'filename', 'legend', 'metadata', 'dateCreated', 'dateModified'];

/** Fields of a style description a PUT may change; ids and dates are the server's. */
const EDITABLE = ['format', 'languageVersion', 'legend', 'metadata'] as const;

/**
 * PUT of an SLD body: replaces the style's file (GEOS-11348: a description POSTed first gets its
 * file this way). `?raw=true` stores the bytes as they came, keeping the language version unless
 * the body declares one; otherwise the body must be a valid SLD and the version follows the
 * Content-Type (StyleControllerTest.testUpdateSLD11With10).
 */
export function putStyleBody(ctx: RestContext, req: RestRequest, style: StyleInfo, body: Extract<StyleBody, { kind: 'sld' }>): RestResponse {
  const { catalog, resources } = ctx;
  let version = body.version;
  let format = 'sld';
  if (flag(req, 'raw')) {
    refuseRawEntities(body.text);
    version = declaredVersion(body.text) ?? languageVersion(style) ?? version;
    format = String(style.format ?? 'sld');
  } else {
    checkedSld(catalog, body.text, 'put');
  }
  const filename = checkFilename(typeof style.filename === 'string' && style.filename !== '' ? style.filename : `${String(style.name)}.sld`);
  const next: Info = { ...style, format, languageVersion: { version }, filename, dateModified: timestamp() };
  const file = resources.normalise(styleFilePath(catalog, next));
  if (resources.stat(file)?.type === 'directory') fail('invalid', `The style file ${file} is a directory`);
  const change = localChange(req);
  catalog.modify('style', ordered(next), change);
  resources.put(file, Buffer.from(req.body), change);
  return ok();
}

/**
 * PUT of a description: non-destructive. A new name renames the file along (unless the body names
 * the file); `<workspace>cite</workspace>` moves the style and its file to that workspace and
 * `<workspace></workspace>` makes it global. Default styles cannot be renamed or moved (500).
 */
export function putStyleInfo(ctx: RestContext, req: RestRequest, style: StyleInfo): RestResponse {
  const { catalog, resources } = ctx;
  const body = readBody(req, 'style');
  const oldWs = catalog.get('workspace', refId(style.workspace) ?? '');
  const ws = body.workspace === undefined ? oldWs : workspaceOf(catalog, body.workspace);
  const name = body.name === undefined ? String(style.name) : checkName('Style', textOf(body.name));
  const renamed = name !== style.name;
  const moved = ws?.id !== oldWs?.id;
  checkDefaultStyle(style, oldWs, renamed, moved);
  if (renamed || moved) refuseDuplicate(catalog, name, ws, style.id);

  const next: Info = { ...style, name, workspace: ws ? { id: ws.id! } : undefined };
  for (const key of EDITABLE) if (body[key] !== undefined) next[key] = body[key];
  if (body.filename !== undefined) next.filename = checkFilename(textOf(body.filename) ?? '');
  else if (renamed && typeof style.filename === 'string') next.filename = checkFilename(`${name}${extension(style.filename)}`);
  next.dateModified = timestamp();

  const from = styleFilePath(catalog, style);
  const to = resources.normalise(styleFilePath(catalog, next));
  const carry = (moved || (renamed && body.filename === undefined)) && from !== to && resources.stat(from)?.type === 'file';
  if (carry && resources.stat(to)) fail('duplicate', `Style resource ${String(next.filename)} already exists.`);
  const change = localChange(req);
  catalog.modify('style', ordered(next), change);
  if (carry) {
    resources.put(to, resources.read(from)!, change);
    resources.delete(from, change);
  }
  return ok();
}

/** GeoServer refuses to rename or move the default styles (CatalogImpl.validate → 500). */
function checkDefaultStyle(style: Info, ws: Info | undefined, renamed: boolean, moved: boolean): void {
  if (ws || !(DEFAULT_STYLES as readonly string[]).includes(String(style.name))) return;
  if (renamed) fail('protected', 'Cannot rename default styles');
  if (moved) fail('protected', 'Cannot change the workspace of default styles');
}

/** A raw body is stored as it came, but never one that declares a DTD or entities. */
function refuseRawEntities(text: string): void {
  try {
    refuseEntities(text);
  } catch (err) {
    if (err instanceof StyleBodyError) throw new RestError(400, `Invalid style:${err.message}`, { cause: err });
    throw err;
  }
}

/** The SLD version a raw body declares, if it parses as an SLD at all. */
function declaredVersion(text: string): string | undefined {
  try {
    const v = parseSld(text).version;
    return v === '1.0.0' || v === '1.1.0' ? v : undefined;
  } catch {
    return undefined;
  }
}

function extension(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot) : '.sld';
}

function ordered(info: Info): Info {
  const out: Info = {};
  for (const key of STYLE_ORDER) if (info[key] !== undefined) out[key] = info[key];
  for (const key of Object.keys(info)) if (!(key in out) && info[key] !== undefined) out[key] = info[key];
  return out;
}
