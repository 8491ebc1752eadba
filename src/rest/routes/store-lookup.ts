import type { Catalog } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import { label } from '../../catalog/kinds.js';
import { isTrue, refId, type Info, type InfoType, type NamespaceInfo, type ResourceInfo, type ResourceType, type StoreInfo, type StoreType } from '../../catalog/types.js';
import { namespaceNamed } from '../lookup.js';
import type { ResourceEndpoint, StoreEndpoint } from './store-endpoints.js';

/**
 * Finding stores and resources by the names a REST path gives, kind by kind. Stores and
 * resources share one name space per workspace (GeoServer's rule), so a lookup by name also
 * checks the kind of what it found.
 */
export function storeIn(catalog: Catalog, ws: Info, type: StoreType, name: string): StoreInfo | undefined {
  const found = catalog.byName(type, ws.id!, name);
  return found && catalog.typeOf(found.id!) === type ? found : undefined;
}

export function existingStore(catalog: Catalog, ws: Info, kind: StoreEndpoint, name: string, forResources = false): StoreInfo {
  const store = storeIn(catalog, ws, kind.type, name);
  return store ?? fail('not_found', (forResources ? kind.missingForResources : kind.missing)(String(ws.name), name));
}

/** The stores of one kind in a workspace, by name. */
export function storesIn(catalog: Catalog, ws: Info, type: StoreType): StoreInfo[] {
  return byName(referrers(catalog, ws.id!, type) as StoreInfo[]);
}

/**
 * The store a workspace-level POST of a resource goes to: the one flagged `__default`, else the
 * first by name (GeoServer keeps one default data store per workspace).
 */
export function defaultStore(catalog: Catalog, ws: Info, kind: StoreEndpoint): StoreInfo {
  const stores = storesIn(catalog, ws, kind.type);
  const store = stores.find((s) => isTrue(s.__default)) ?? stores[0];
  return store ?? fail('not_found', `There is no ${label(kind.type)} in workspace '${String(ws.name)}' to add it to`);
}

/** The resources of a store, or of a workspace's namespace, of one kind, by name. */
export function resourcesOfStore(catalog: Catalog, storeId: string, type: ResourceType): ResourceInfo[] {
  return byName(referrers(catalog, storeId, type) as ResourceInfo[]);
}

export function resourcesOfNamespace(catalog: Catalog, nsId: string, type: ResourceType): ResourceInfo[] {
  return byName(referrers(catalog, nsId, type) as ResourceInfo[]);
}

/** The namespace that goes with a workspace (same name). */
export function namespaceOf(catalog: Catalog, ws: Info): NamespaceInfo {
  return namespaceNamed(catalog, String(ws.name));
}

/** A resource by name in a workspace, optionally in a given store; 404 with GeoServer's words. */
export function existingResource(catalog: Catalog, ws: Info, kind: ResourceEndpoint, name: string, store?: Info): ResourceInfo {
  const ns = catalog.byName('namespace', '', String(ws.name));
  const found = ns ? catalog.byName(kind.type, ns.id, name) : undefined;
  const ok = found && catalog.typeOf(found.id) === kind.type && (!store || refId(found.store) === store.id);
  return ok ? found : fail('not_found', kind.missing(String(ws.name), store ? String(store.name) : undefined, name));
}

function referrers(catalog: Catalog, id: string, type: InfoType): Info[] {
  return catalog.referrersOf(id).filter((r) => r.type === type).map((r) => r.info);
}

function byName<T extends Info>(items: T[]): T[] {
  return items.sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
}
