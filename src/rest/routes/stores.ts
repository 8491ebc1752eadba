import { removeCascade } from '../../catalog/cascade.js';
import type { ChangeContext } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import type { Info, StoreInfo, WorkspaceInfo } from '../../catalog/types.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { listOf, respond } from '../encode.js';
import { created, flag, ok, type RestRequest } from '../http.js';
import { collectionOf, href, workspaceNamed } from '../lookup.js';
import { timestamp } from '../merge.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';
import { ELEMENT_ORDER, mergeOrdered } from './element-order.js';
import { bodyWorkspace, describeStore, newStore, paramOf, storeFields, withParam } from './store-bodies.js';
import { STORE_ENDPOINTS, type StoreEndpoint } from './store-endpoints.js';
import { existingStore, namespaceOf, resourcesOfStore, storesIn } from './store-lookup.js';

/**
 * /workspaces/{ws}/datastores, /coveragestores, /wmsstores, /wmtsstores — GeoServer's four store
 * controllers. A duplicate name is 500 (catalog validation), a body naming another workspace 403;
 * data and coverage stores may be renamed and moved by PUT, WMS and WMTS stores may not (403);
 * deleting a store that has resources is refused unless ?recurse=true (DataStoreControllerTest,
 * WMSStoreTest, WMTSStoreTest, CoverageStoreControllerTest).
 */
export function storeRoutes(router: Router, ctx: RestContext): void {
  for (const kind of STORE_ENDPOINTS) {
    const stores = `/${collectionOf('workspace')}/{workspace}/${kind.collection}`;
    router.route(stores, {
      GET: (req) => list(ctx, kind, req),
      POST: (req) => create(ctx, kind, req),
    }, kind.type);
    router.route(`${stores}/{store}`, {
      GET: (req) => {
        const format = responseFormat(req);
        const store = named(ctx, kind, req);
        const resources = resourcesOfStore(ctx.catalog, store.id!, kind.resource).map((r) => String(r.name));
        return respond(format, kind.type, describeStore(ctx.catalog, req.base, format, kind, store, resources));
      },
      PUT: (req) => update(ctx, kind, req),
      DELETE: (req) => remove(ctx, kind, req),
    }, kind.type);
    if (kind.type === 'dataStore' || kind.type === 'coverageStore') {
      // GeoServer clears its connection caches here; this node keeps none.
      const reset = (req: RestRequest) => (named(ctx, kind, req), ok());
      router.route(`${stores}/{store}/reset`, { POST: reset, PUT: reset }, kind.type);
    }
  }
}

function named(ctx: RestContext, kind: StoreEndpoint, req: RestRequest): StoreInfo {
  return existingStore(ctx.catalog, workspaceNamed(ctx.catalog, req.params.workspace), kind, req.params.store);
}

function list(ctx: RestContext, kind: StoreEndpoint, req: RestRequest) {
  const ws = workspaceNamed(ctx.catalog, req.params.workspace);
  const items = storesIn(ctx.catalog, ws, kind.type).map((s) => ({
    name: s.name,
    href: href(req.base, collectionOf('workspace'), ws.name, kind.collection, s.name),
  }));
  return listOf(responseFormat(req), kind.type, items);
}

function create(ctx: RestContext, kind: StoreEndpoint, req: RestRequest) {
  const { catalog } = ctx;
  const ws = workspaceNamed(catalog, req.params.workspace);
  const body = readBody(req, kind.type);
  const claimed = bodyWorkspace(catalog, body.workspace);
  if (claimed !== undefined && claimed !== ws.name) fail('scope_mismatch', `Expected workspace ${ws.name} but client specified ${claimed}`);
  const ns = catalog.byName('namespace', '', String(ws.name));
  const store = newStore(kind, body, ws, typeof ns?.uri === 'string' ? ns.uri : undefined);
  catalog.add(kind.type, store, localChange(req));
  const name = String(store.name);
  return created(href(req.base, collectionOf('workspace'), ws.name, kind.collection, name), name);
}

function update(ctx: RestContext, kind: StoreEndpoint, req: RestRequest) {
  const { catalog } = ctx;
  const ws = workspaceNamed(catalog, req.params.workspace);
  const store = existingStore(catalog, ws, kind, req.params.store);
  const body = readBody(req, kind.type);
  const claimed = bodyWorkspace(catalog, body.workspace);
  const target = claimed !== undefined && claimed !== ws.name ? workspaceNamed(catalog, claimed) : undefined;
  const changes = storeFields(kind, body);
  if (kind.fixedNameAndWorkspace) {
    if (target) fail('immutable', `Attempting to move ${store.name} from ${ws.name} to ${target.name} via PUT`);
    if (changes.name !== undefined && changes.name !== store.name) fail('immutable', `Attempting to rename ${store.name} to ${String(changes.name)} via PUT`);
  }
  changes.dateModified = timestamp();
  const next = mergeOrdered(store, changes, ELEMENT_ORDER.store);
  if (target) moveStore(ctx, kind, next, ws, target, localChange(req));
  else catalog.modify(kind.type, next, localChange(req));
  return ok();
}

/**
 * Moves a store to another workspace. Its resources follow into that workspace's namespace (as
 * GeoServer's store edit page does), so every name is checked free there before anything changes.
 */
function moveStore(ctx: RestContext, kind: StoreEndpoint, next: Info, from: WorkspaceInfo, to: WorkspaceInfo, change: ChangeContext): void {
  const { catalog } = ctx;
  const fromNs = catalog.byName('namespace', '', String(from.name));
  const toNs = namespaceOf(catalog, to);
  const resources = resourcesOfStore(catalog, next.id!, kind.resource);
  for (const r of resources) {
    const clash = catalog.byName(kind.resource, toNs.id!, String(r.name));
    if (clash && clash.id !== r.id) fail('duplicate', `Resource named '${r.name}' already exists in namespace '${to.name}'.`);
  }
  const moved: Info = { ...next, workspace: { id: to.id! } };
  if (fromNs && paramOf(moved.connectionParameters, 'namespace') === fromNs.uri) {
    moved.connectionParameters = withParam(moved.connectionParameters, 'namespace', String(toNs.uri));
  }
  catalog.modify(kind.type, moved, change);
  for (const r of resources) catalog.modify(kind.resource, { ...r, namespace: { id: toNs.id! } }, change);
}

function remove(ctx: RestContext, kind: StoreEndpoint, req: RestRequest) {
  const { catalog } = ctx;
  const store = named(ctx, kind, req);
  if (flag(req, 'recurse')) {
    removeCascade(catalog, kind.type, store.id!, localChange(req));
    return ok();
  }
  if (resourcesOfStore(catalog, store.id, kind.resource).length > 0) fail('in_use', kind.notEmpty);
  catalog.remove(kind.type, store.id, localChange(req));
  return ok();
}
