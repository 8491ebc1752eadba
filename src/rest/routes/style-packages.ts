import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { Catalog } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import { checkName, pathProblem } from '../../catalog/names.js';
import { newId, type StyleInfo, type WorkspaceInfo } from '../../catalog/types.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { created, ok, RestError, type RestRequest, type RestResponse } from '../http.js';
import { timestamp } from '../merge.js';
import { checkedSld, decode, styleFilePath, type StyleBody } from './style-bodies.js';
import { checkFormatBody } from './style-formats.js';
import { refuseDuplicate, styleHref } from './style-names.js';
import { zipEntries } from './zip-entries.js';

/** What a style body in another language, or an SLD package, stores: the entry and its files. */
interface StyleFiles {
  format: string;
  version: string;
  extension: string;
  /** The style's own file content. */
  body: Buffer;
  /** Files beside the style (icons of an SLD package), by file name. */
  extras: Array<{ name: string; data: Buffer }>;
  /** The name the body declares, if any. */
  declared?: string;
}

/**
 * POST of a CSS, YSLD or MBStyle body, or a zipped SLD with its icons (StyleController's
 * handlers and its zip upload): the style is named by ?name=, else by what the body declares,
 * else generated; its file is `<name>.<extension>` in the styles folder of its scope, icons beside.
 */
export function postStyleFiles(ctx: RestContext, req: RestRequest, ws: WorkspaceInfo | undefined, body: Exclude<StyleBody, { kind: 'info' | 'sld' }>): RestResponse {
  const { catalog, resources } = ctx;
  const files = styleFiles(catalog, body);
  const name = checkName('Style', req.query.get('name') ?? files.declared ?? `style-${randomUUID().slice(0, 7)}`);
  refuseDuplicate(catalog, name, ws);
  const style: StyleInfo = { id: newId('style'), name };
  if (ws) style.workspace = { id: ws.id! };
  Object.assign(style, { format: files.format, languageVersion: { version: files.version }, filename: `${name}.${files.extension}`, dateCreated: timestamp() });
  const file = resources.normalise(styleFilePath(catalog, style));
  if (resources.stat(file)) fail('duplicate', `Style resource ${String(style.filename)} already exists.`);
  const change = localChange(req);
  catalog.add('style', style, change);
  writeFiles(ctx, req, files, file);
  return created(styleHref(req.base, name, ws), name);
}

/** PUT of such a body: the style takes its format, version and file (renamed to the new extension). */
export function putStyleFiles(ctx: RestContext, req: RestRequest, style: StyleInfo, body: Exclude<StyleBody, { kind: 'info' | 'sld' }>): RestResponse {
  const { catalog, resources } = ctx;
  const files = styleFiles(catalog, body);
  const next: StyleInfo = { ...style, format: files.format, languageVersion: { version: files.version }, filename: `${style.name}.${files.extension}`, dateModified: timestamp() };
  const old = typeof style.filename === 'string' && style.filename !== '' ? resources.normalise(styleFilePath(catalog, style)) : undefined;
  const file = resources.normalise(styleFilePath(catalog, next));
  const change = localChange(req);
  catalog.modify('style', next, change);
  writeFiles(ctx, req, files, file);
  if (old && old !== file && resources.stat(old)?.type === 'file') resources.delete(old, change);
  return ok();
}

function writeFiles(ctx: RestContext, req: RestRequest, files: StyleFiles, file: string): void {
  const change = localChange(req);
  ctx.resources.put(file, files.body, change);
  const folder = path.posix.dirname(file);
  for (const extra of files.extras) ctx.resources.put(`${folder}/${extra.name}`, extra.data, change);
}

function styleFiles(catalog: Catalog, body: Exclude<StyleBody, { kind: 'info' | 'sld' }>): StyleFiles {
  if (body.kind === 'other') {
    const declared = checkFormatBody(body.format.format, body.text);
    return { format: body.format.format, version: body.format.version, extension: body.format.extension, body: Buffer.from(body.text), extras: [], declared };
  }
  return sldPackage(catalog, body.data);
}

/** An SLD package: exactly one .sld file (anywhere in the archive) and the files beside it. */
function sldPackage(catalog: Catalog, data: Buffer): StyleFiles {
  const entries = zipEntries(data).filter((e) => !path.posix.basename(e.name).startsWith('.') && !e.name.startsWith('__MACOSX/'));
  const slds = entries.filter((e) => e.name.toLowerCase().endsWith('.sld'));
  if (slds.length !== 1) throw new RestError(400, `Invalid SLD package: expected one .sld file, found ${slds.length}`);
  const sld = checkedSld(catalog, decode(slds[0].data, ''), 'post');
  const extras = entries.filter((e) => e !== slds[0]).map((e) => {
    const name = path.posix.basename(e.name);
    const problem = pathProblem(name);
    if (problem) throw new RestError(400, `Invalid SLD package: file name '${name}' is not allowed: ${problem}`);
    return { name, data: e.data };
  });
  const version = sld.version === '1.1.0' ? '1.1.0' : '1.0.0';
  const declared = sld.name ?? path.posix.basename(slds[0].name).slice(0, -4);
  return { format: 'sld', version, extension: 'sld', body: slds[0].data, extras, declared };
}
