import { randomUUID } from 'node:crypto';
import type { Catalog } from '../../catalog/catalog.js';
import { removeCascade } from '../../catalog/cascade.js';
import { fail } from '../../catalog/errors.js';
import { DEFAULT_STYLES, newId, refId, type StyleInfo, type WorkspaceInfo } from '../../catalog/types.js';
import { checkName } from '../../catalog/names.js';
import { isXObject, textOf } from '../../xml/tree.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { listOf, respond } from '../encode.js';
import { created, flag, ok, RestError, type Format, type RestRequest, type RestResponse } from '../http.js';
import { collectionOf, workspaceNamed } from '../lookup.js';
import { timestamp } from '../merge.js';
import { readBody, responseFormat } from '../negotiate.js';
import { externalize } from '../refs.js';
import type { Router } from '../router.js';
import { bodyResponse, checkedSld, styleBody, styleFilePath } from './style-bodies.js';
import { checkFilename, refuseDuplicate, styleHref, styleNamed, workspaceOf } from './style-names.js';
import { postStyleFiles, putStyleFiles } from './style-packages.js';
import { putStyleBody, putStyleInfo } from './style-updates.js';

/** Formats a single style answers in: its description, or its body (`.sld`, SLD Accept types). */
const STYLE_FORMATS: readonly Format[] = ['html', 'json', 'xml', 'sld', 'css', 'ysld', 'mbstyle'];
const BODY_FORMATS: readonly Format[] = ['sld', 'css', 'ysld', 'mbstyle'];

/**
 * /styles and /workspaces/{ws}/styles — GeoServer's StyleController. A style is a catalog entry
 * plus a file in the styles folder of its scope. POST takes either a description
 * (`<style><name>..</name><filename>..</filename></style>`, catalog entry only) or an SLD body
 * (entry and file); PUT replaces the file or edits the description. Removing a default style is
 * 500 and one still used by layers 403 unless ?recurse=true (StyleControllerTest).
 */
export function styleRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const scope = (req: RestRequest) => (req.params.workspace === undefined ? undefined : workspaceNamed(catalog, req.params.workspace));

  const collection = {
    GET: (req: RestRequest) => listStyles(catalog, req, scope(req)),
    POST: (req: RestRequest) => postStyle(ctx, req, scope(req)),
  };
  const [workspaces, styles] = [collectionOf('workspace'), collectionOf('style')];
  router.route(`/${styles}`, collection, 'style');
  router.route(`/${workspaces}/{workspace}/${styles}`, collection, 'style');

  const item = {
    GET: (req: RestRequest) => getStyle(ctx, req, styleNamed(catalog, req.params.style, scope(req))),
    PUT: (req: RestRequest) => {
      const style = styleNamed(catalog, req.params.style, scope(req));
      const body = styleBody(req);
      if (body.kind === 'sld') return putStyleBody(ctx, req, style, body);
      return body.kind === 'info' ? putStyleInfo(ctx, req, style) : putStyleFiles(ctx, req, style, body);
    },
    DELETE: (req: RestRequest) => deleteStyle(catalog, req, styleNamed(catalog, req.params.style, scope(req))),
  };
  router.route(`/${styles}/{style}`, item, 'style');
  router.route(`/${workspaces}/{workspace}/${styles}/{style}`, item, 'style');
}

function listStyles(catalog: Catalog, req: RestRequest, ws: WorkspaceInfo | undefined): RestResponse {
  const items = [...catalog.list('style')]
    .filter((s) => (refId(s.workspace) ?? '') === (ws?.id ?? ''))
    .map((s) => ({ name: s.name, href: styleHref(req.base, s.name, ws) }));
  return listOf(responseFormat(req), 'style', items);
}

function getStyle(ctx: RestContext, req: RestRequest, style: StyleInfo): RestResponse {
  const format = responseFormat(req, STYLE_FORMATS);
  if (!BODY_FORMATS.includes(format)) return respond(format, 'style', externalize(ctx.catalog, req.base, format, style, ['workspace']));
  const own = String(style.format ?? 'sld');
  if (own !== format) throw new RestError(406, `Style ${String(style.name)} is written in ${own}; converting it to ${format} is not supported`);
  const data = ctx.resources.read(styleFilePath(ctx.catalog, style));
  if (!data) fail('not_found', `The file ${String(style.filename)} of style ${style.name} does not exist`);
  return bodyResponse(style, data);
}

function postStyle(ctx: RestContext, req: RestRequest, ws: WorkspaceInfo | undefined): RestResponse {
  const body = styleBody(req);
  if (body.kind === 'info') return postStyleInfo(ctx, req, ws);
  if (body.kind === 'sld') return postStyleBody(ctx, req, ws, body.text, body.version);
  return postStyleFiles(ctx, req, ws, body);
}

/** POST a description: the catalog entry only (the file may follow by PUT, GEOS-11348). */
function postStyleInfo(ctx: RestContext, req: RestRequest, urlWs: WorkspaceInfo | undefined): RestResponse {
  const { catalog } = ctx;
  const body = readBody(req, 'style');
  const ws = urlWs ?? workspaceOf(catalog, body.workspace);
  const name = checkName('Style', textOf(body.name));
  const style: StyleInfo = { id: newId('style'), name };
  if (ws) style.workspace = { id: ws.id! };
  style.format = textOf(body.format) ?? 'sld';
  style.languageVersion = isXObject(body.languageVersion) ? body.languageVersion : { version: '1.0.0' };
  style.filename = checkFilename(textOf(body.filename) ?? `${name}.sld`);
  for (const key of ['legend', 'metadata'] as const) if (body[key] !== undefined) style[key] = body[key];
  style.dateCreated = timestamp();
  refuseDuplicate(catalog, name, ws);
  catalog.add('style', style, localChange(req));
  return created(styleHref(req.base, name, ws), name);
}

/** POST an SLD: the name from ?name= or the SLD; writes the file, then adds the entry. */
function postStyleBody(ctx: RestContext, req: RestRequest, ws: WorkspaceInfo | undefined, text: string, version: string): RestResponse {
  const { catalog, resources } = ctx;
  const sld = checkedSld(catalog, text, 'post');
  const name = req.query.get('name') ?? sld.name ?? generatedName(catalog);
  const style: StyleInfo = { id: newId('style'), name };
  if (ws) style.workspace = { id: ws.id! };
  Object.assign(style, { format: 'sld', languageVersion: { version }, filename: `${name}.sld`, dateCreated: timestamp() });
  checkName('Style', name);
  refuseDuplicate(catalog, name, ws);
  const file = resources.normalise(styleFilePath(catalog, style));
  if (resources.stat(file)) fail('duplicate', `Style resource ${String(style.filename)} already exists.`);
  const change = localChange(req);
  catalog.add('style', style, change);
  resources.put(file, Buffer.from(req.body), change);
  return created(styleHref(req.base, name, ws), name);
}

function deleteStyle(catalog: Catalog, req: RestRequest, style: StyleInfo): RestResponse {
  const change = localChange(req);
  if (!refId(style.workspace) && (DEFAULT_STYLES as readonly string[]).includes(style.name)) fail('protected', `Unable to delete default style ${style.name}.`);
  if (flag(req, 'recurse')) {
    removeCascade(catalog, 'style', style.id, change);
    return ok();
  }
  if (catalog.referrersOf(style.id).some((r) => r.type === 'layer')) fail('in_use', "Can't delete style referenced by existing layers.");
  catalog.remove('style', style.id, change);
  return ok();
}

/** GeoServer names an SLD without a name `style-` and seven random characters. */
function generatedName(catalog: Catalog): string {
  for (;;) {
    const candidate = `style-${randomUUID().slice(0, 7)}`;
    if (!catalog.byName('style', '', candidate)) return candidate;
  }
}
