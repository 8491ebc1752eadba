import { removeCascade } from '../../catalog/cascade.js';
import { fail } from '../../catalog/errors.js';
import { refId, type Info, type ResourceInfo, type StoreInfo, type WorkspaceInfo } from '../../catalog/types.js';
import type { XObject } from '../../xml/tree.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { listOf, respond } from '../encode.js';
import { created, flag, ok, type RestRequest, type RestResponse } from '../http.js';
import { collectionOf, href, workspaceNamed } from '../lookup.js';
import { timestamp } from '../merge.js';
import { readBody, responseFormat } from '../negotiate.js';
import { refName } from '../refs.js';
import type { Router } from '../router.js';
import { ELEMENT_ORDER, mergeOrdered } from './element-order.js';
import { availableList } from './native-names.js';
import { describeResource, newLayer, newResource, resourceFields } from './resource-bodies.js';
import { RESOURCE_ENDPOINTS, storeEndpoint, type ResourceEndpoint } from './store-endpoints.js';
import { defaultStore, existingResource, existingStore, namespaceOf, resourcesOfNamespace, resourcesOfStore } from './store-lookup.js';

/**
 * Feature types, coverages, WMS layers and WMTS layers, under their store and under their
 * workspace (FeatureTypeController, CoverageController, WMSLayerController, WMTSLayerController).
 * A POST creates the resource and the layer that publishes it; a PUT is non-destructive and a
 * rename renames the layer too; a DELETE is refused while a layer publishes the resource, unless
 * ?recurse=true (FeatureTypeControllerTest, CoverageControllerTest, WMSLayerTest, WMTSLayerTest).
 */
export function resourceRoutes(router: Router, ctx: RestContext): void {
  for (const kind of RESOURCE_ENDPOINTS) {
    const workspace = `/${collectionOf('workspace')}/{workspace}`;
    for (const base of [`${workspace}/${storeEndpoint(kind.store).collection}/{store}/${kind.storePath}`, `${workspace}/${kind.workspacePath}`]) {
      router.route(base, {
        GET: (req) => list(ctx, kind, req),
        POST: (req) => create(ctx, kind, req),
      }, kind.type);
      const underWorkspace = !base.includes('{store}');
      // CoverageController maps PUT and DELETE under the store only: on the workspace path they are 405
      const writable = !(kind.type === 'coverage' && underWorkspace);
      router.route(`${base}/{resource}`, {
        GET: (req) => {
          const format = responseFormat(req);
          return respond(format, kind.type, describeResource(ctx.catalog, req.base, format, named(ctx, kind, req)));
        },
        ...(writable ? { PUT: (req: RestRequest) => update(ctx, kind, req), DELETE: (req: RestRequest) => remove(ctx, kind, req) } : {}),
      }, kind.type);
      if (kind.type === 'featureType' || kind.type === 'coverage') {
        // GeoServer drops the cached feature type or grid coverage reader here; this node caches none
        const reset = (req: RestRequest) => (named(ctx, kind, req), ok());
        router.route(`${base}/{resource}/reset`, { POST: reset, PUT: reset }, kind.type);
      }
    }
  }
}

/** The workspace and (on store paths) the store a request names. */
function scope(ctx: RestContext, kind: ResourceEndpoint, req: RestRequest): { ws: WorkspaceInfo; store?: StoreInfo } {
  const ws = workspaceNamed(ctx.catalog, req.params.workspace);
  if (req.params.store === undefined) return { ws };
  return { ws, store: existingStore(ctx.catalog, ws, storeEndpoint(kind.store), req.params.store, true) };
}

function named(ctx: RestContext, kind: ResourceEndpoint, req: RestRequest): ResourceInfo {
  const { ws, store } = scope(ctx, kind, req);
  return existingResource(ctx.catalog, ws, kind, req.params.resource, store);
}

/** The URL of a resource in the form the request used (under its store or its workspace). */
function urlOf(req: RestRequest, kind: ResourceEndpoint, ws: WorkspaceInfo, name: string, store?: StoreInfo): string {
  const wsName = String(ws.name);
  if (!store) return href(req.base, collectionOf('workspace'), wsName, kind.workspacePath, name);
  return href(req.base, collectionOf('workspace'), wsName, storeEndpoint(kind.store).collection, store.name, kind.storePath, name);
}

function list(ctx: RestContext, kind: ResourceEndpoint, req: RestRequest): RestResponse {
  const { ws, store } = scope(ctx, kind, req);
  const which = req.query.get('list')?.toLowerCase() ?? 'configured';
  const format = responseFormat(req);
  if (which !== 'configured') return availableList(ctx.catalog, kind, which, format, ws, store);
  const resources = store ? resourcesOfStore(ctx.catalog, store.id!, kind.type) : resourcesOfNamespace(ctx.catalog, namespaceOf(ctx.catalog, ws).id!, kind.type);
  const items = resources.map((r) => ({ name: String(r.name), href: urlOf(req, kind, ws, String(r.name), store) }));
  return listOf(format, kind.type, items);
}

function create(ctx: RestContext, kind: ResourceEndpoint, req: RestRequest): RestResponse {
  const { catalog } = ctx;
  const { ws, store } = scope(ctx, kind, req);
  const body = readBody(req, kind.type);
  checkNamespace(ws, body);
  const target = storeForPost(ctx, kind, ws, body, store);
  const resource = newResource(kind, body, target, namespaceOf(catalog, ws));
  const change = localChange(req);
  const added = catalog.add(kind.type, resource, change);
  try {
    catalog.add('layer', newLayer(catalog, kind, added), change);
  } catch (err) {
    catalog.remove(kind.type, resource.id!, change);
    throw err;
  }
  const name = String(resource.name);
  return created(urlOf(req, kind, ws, name, store), kind.createdBody === 'empty' ? '' : name);
}

/** A body may name the namespace, but only the workspace's own (403 otherwise, as GeoServer). */
function checkNamespace(ws: Info, body: XObject): void {
  if (body.namespace === undefined || body.namespace === '') return;
  const { name } = refName(body.namespace);
  if (name !== undefined && name !== ws.name) fail('scope_mismatch', `Expected workspace ${String(ws.name)} but client specified ${name}`);
}

/** The store a body names, by its local name; 403 when it is in another workspace. */
function claimedStore(ws: Info, body: XObject): string | undefined {
  if (body.store === undefined || body.store === '') return undefined;
  const claimed = refName(body.store).name;
  if (claimed === undefined) return undefined;
  const colon = claimed.indexOf(':');
  if (colon > 0 && claimed.slice(0, colon) !== ws.name) {
    fail('scope_mismatch', `Expected workspace ${String(ws.name)} but client specified ${claimed.slice(0, colon)}`);
  }
  return colon > 0 ? claimed.slice(colon + 1) : claimed;
}

function checkStoreClaim(kind: ResourceEndpoint, claimed: string | undefined, store: Info): void {
  if (claimed !== undefined && claimed !== store.name) {
    fail('scope_mismatch', `Expected ${kind.storeNoun} ${String(store.name)} but client specified ${claimed}`);
  }
}

/** The store a POST adds to: the one in the path, else the one the body names, else the default. */
function storeForPost(ctx: RestContext, kind: ResourceEndpoint, ws: WorkspaceInfo, body: XObject, inPath: StoreInfo | undefined): StoreInfo {
  const claimed = claimedStore(ws, body);
  if (inPath) {
    checkStoreClaim(kind, claimed, inPath);
    return inPath;
  }
  const sk = storeEndpoint(kind.store);
  return claimed !== undefined ? existingStore(ctx.catalog, ws, sk, claimed, true) : defaultStore(ctx.catalog, ws, sk);
}

function update(ctx: RestContext, kind: ResourceEndpoint, req: RestRequest): RestResponse {
  const { catalog } = ctx;
  const { ws, store } = scope(ctx, kind, req);
  const resource = existingResource(catalog, ws, kind, req.params.resource, store);
  const body = readBody(req, kind.type);
  checkNamespace(ws, body);
  checkStoreClaim(kind, claimedStore(ws, body), catalog.find(refId(resource.store) ?? '')!.info);
  const changes = resourceFields(body);
  changes.dateModified = timestamp();
  const next = mergeOrdered(resource, changes, ELEMENT_ORDER.resource);
  const layer = catalog.layerOf(resource.id!);
  const change = localChange(req);
  catalog.modify(kind.type, next, change);
  if (layer && layer.name !== next.name) catalog.modify('layer', { ...layer, name: next.name! }, change);
  return ok();
}

function remove(ctx: RestContext, kind: ResourceEndpoint, req: RestRequest): RestResponse {
  const { catalog } = ctx;
  const resource = named(ctx, kind, req);
  if (flag(req, 'recurse')) {
    removeCascade(catalog, kind.type, resource.id!, localChange(req));
    return ok();
  }
  if (catalog.layerOf(resource.id)) fail('in_use', kind.referenced);
  catalog.remove(kind.type, resource.id!, localChange(req));
  return ok();
}
