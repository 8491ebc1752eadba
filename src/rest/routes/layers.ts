import { removeCascade } from '../../catalog/cascade.js';
import { fail } from '../../catalog/errors.js';
import { listIn } from '../../catalog/refs.js';
import { refId, type Info, type LayerInfo, type StyleInfo } from '../../catalog/types.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { listOf, respond } from '../encode.js';
import { flag, mayList, ok, text, type RestRequest, type RestResponse } from '../http.js';
import { collectionOf, href, namespaceNamed, workspaceNamed } from '../lookup.js';
import { timestamp } from '../merge.js';
import { readBody, responseFormat } from '../negotiate.js';
import { nameAndUrl, refName, resolveStyle } from '../refs.js';
import type { Router } from '../router.js';
import { ELEMENT_ORDER, mergeOrdered } from './element-order.js';
import { describeLayer, existingLayer, layerChanges, layersOfNamespace, layerWorkspaceId, qualifiedName, styleSet } from './layer-bodies.js';

/**
 * /layers and /workspaces/{ws}/layers — GeoServer's LayerController, and the layer styles of its
 * StyleController (/layers/{l}/styles). Layers are created with their resource, so POST is 405;
 * PUT is non-destructive; DELETE removes only the layer (with ?recurse=true its resource too) and
 * fails with 500 while a layer group uses it, as CatalogImpl.remove does (LayerControllerTest).
 */
export function layerRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const [workspaces, layers] = [collectionOf('workspace'), collectionOf('layer')];

  router.route(`/${layers}`, {
    GET: (req) => {
      const items = [...catalog.list('layer')]
        .map((l) => qualifiedName(catalog, l))
        .filter((name) => mayList(req, prefixOf(name)))
        .sort()
        .map((name) => ({ name, href: href(req.base, layers, name) }));
      return listOf(responseFormat(req), 'layer', items);
    },
  }, 'layer');
  router.route(`/${workspaces}/{workspace}/${layers}`, {
    GET: (req) => {
      const ws = workspaceNamed(catalog, req.params.workspace);
      const ns = namespaceNamed(catalog, ws.name);
      const items = layersOfNamespace(catalog, ns.id).map(({ name }) => ({ name, href: href(req.base, workspaces, ws.name, layers, name) }));
      return listOf(responseFormat(req), 'layer', items);
    },
  }, 'layer');
  const one = {
    GET: (req: RestRequest) => {
      const format = responseFormat(req);
      return respond(format, 'layer', describeLayer(catalog, req.base, format, visibleLayer(catalog, req, layerPath(req))));
    },
    PUT: (req: RestRequest) => update(ctx, req),
    DELETE: (req: RestRequest) => remove(ctx, req),
  };
  router.route(`/${layers}/{layer}`, one, 'layer');
  router.route(`/${workspaces}/{workspace}/${layers}/{layer}`, one, 'layer');
  router.route(`/${layers}/{layer}/${collectionOf('style')}`, {
    GET: (req) => listStyles(ctx, req),
    POST: (req) => addStyle(ctx, req),
  }, 'layer');
}

/**
 * The layer a path names, as the caller may see it: a workspace administrator reaching a layer of
 * another workspace by its unqualified name is told it does not exist, as GeoServer's secure
 * catalog hides what a user may not administer.
 */
function visibleLayer(catalog: RestContext['catalog'], req: RestRequest, name: string): LayerInfo {
  const layer = existingLayer(catalog, name);
  return mayList(req, prefixOf(qualifiedName(catalog, layer))) ? layer : fail('not_found', `No such layer: ${name}`);
}

/** The workspace (namespace prefix) of a qualified `ws:name`. */
function prefixOf(qualified: string): string {
  return qualified.slice(0, Math.max(0, qualified.indexOf(':')));
}

/** The name a path gives: `ws:name` under /layers, `name` qualified by the path's workspace. */
function layerPath(req: RestRequest): string {
  return req.params.workspace === undefined ? req.params.layer : `${req.params.workspace}:${req.params.layer}`;
}

function update(ctx: RestContext, req: RestRequest): RestResponse {
  const layer = visibleLayer(ctx.catalog, req, layerPath(req));
  const body = readBody(req, 'layer');
  const next = mergeOrdered(layer, layerChanges(ctx.catalog, layer, body), ELEMENT_ORDER.layer);
  ctx.catalog.modify('layer', next, localChange(req));
  return ok();
}

function remove(ctx: RestContext, req: RestRequest): RestResponse {
  const { catalog } = ctx;
  const layer = visibleLayer(catalog, req, layerPath(req));
  const change = localChange(req);
  if (flag(req, 'recurse')) {
    // CascadeDeleteVisitor: the layer leaves its groups, then it and its resource go.
    const resource = catalog.find(refId(layer.resource) ?? '');
    removeCascade(catalog, 'layer', layer.id!, change);
    if (resource) removeCascade(catalog, resource.type, resource.info.id!, change);
    return ok();
  }
  const group = catalog.referrersOf(layer.id!).find((r) => r.type === 'layerGroup');
  if (group) fail('in_use', `Unable to delete layer referenced by layer group '${String(group.info.name)}'`);
  catalog.remove('layer', layer.id!, change);
  return ok();
}

/** The alternate styles of a layer, as a style list. */
function listStyles(ctx: RestContext, req: RestRequest): RestResponse {
  const { catalog } = ctx;
  const layer = visibleLayer(catalog, req, req.params.layer);
  const items = listIn(layer.styles, 'style')
    .map((s) => catalog.get('style', refId(s) ?? ''))
    .filter((s): s is StyleInfo => s !== undefined)
    .map((s) => ({ name: s.name, href: nameAndUrl(catalog, req.base, 'style', s).url }));
  return listOf(responseFormat(req), 'style', items);
}

/**
 * Adds a style to a layer's alternate styles (a set: adding one it has changes nothing), and with
 * ?default=true makes it the default too. The body is a style as GET returns it; only its name
 * (`ws:name`, or name and workspace) matters. geoserver-node-client's assignStyleToLayer.
 */
function addStyle(ctx: RestContext, req: RestRequest): RestResponse {
  const { catalog } = ctx;
  const layer = visibleLayer(catalog, req, req.params.layer);
  const body = readBody(req, 'style');
  const styleId = resolveStyle(catalog, body, layerWorkspaceId(catalog, layer));
  const ids = listIn(layer.styles, 'style').map((s) => refId(s)).filter((id): id is string => id !== undefined);
  const changes: Info = { styles: styleSet(layer.styles, [...ids, styleId]), dateModified: timestamp() };
  if (flag(req, 'default')) changes.defaultStyle = { id: styleId };
  catalog.modify('layer', mergeOrdered(layer, changes, ELEMENT_ORDER.layer), localChange(req));
  return text(201, refName(body).name ?? '');
}
