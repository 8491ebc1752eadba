import { label, type Catalog } from '../../catalog/catalog.js';
import { isTrue, refId, type Info, type InfoType, type ResourceType, type StoreType } from '../../catalog/types.js';
import { RestError } from '../http.js';
import { namespaceNamed } from '../lookup.js';
import type { ResourceKind, StoreKind } from './store-kinds.js';

/**
 * Finding stores and resources by the names a REST path gives, kind by kind. Stores and
 * resources share one name space per workspace (GeoServer's rule), so a lookup by name also
 * checks the kind of what it found.
 */
export function storeIn(catalog: Catalog, ws: Info, type: StoreType, name: string): Info | undefined {
  const found = catalog.byName(type, ws.id!, name);
  return found && catalog.typeOf(found.id!) === type ? found : undefined;
}

export function existingStore(catalog: Catalog, ws: Info, kind: StoreKind, name: string, forResources = false): Info {
  const store = storeIn(catalog, ws, kind.type, name);
  if (!store) throw new RestError(404, (forResources ? kind.missingForResources : kind.missing)(String(ws.name), name));
  return store;
}

/** The stores of one kind in a workspace, by name. */
export function storesIn(catalog: Catalog, ws: Info, type: StoreType): Info[] {
  return byName(referrers(catalog, ws.id!, type));
}

/**
 * The store a workspace-level POST of a resource goes to: the one flagged `__default`, else the
 * first by name (GeoServer keeps one default data store per workspace).
 */
export function defaultStore(catalog: Catalog, ws: Info, kind: StoreKind): Info {
  const stores = storesIn(catalog, ws, kind.type);
  const store = stores.find((s) => isTrue(s.__default)) ?? stores[0];
  if (!store) throw new RestError(404, `There is no ${label(kind.type)} in workspace '${String(ws.name)}' to add it to`);
  return store;
}

/** The resources of a store, or of a workspace's namespace, of one kind, by name. */
export function resourcesOfStore(catalog: Catalog, storeId: string, type: ResourceType): Info[] {
  return byName(referrers(catalog, storeId, type));
}

export function resourcesOfNamespace(catalog: Catalog, nsId: string, type: ResourceType): Info[] {
  return byName(referrers(catalog, nsId, type));
}

/** The namespace that goes with a workspace (same name). */
export function namespaceOf(catalog: Catalog, ws: Info): Info {
  return namespaceNamed(catalog, String(ws.name));
}

/** A resource by name in a workspace, optionally in a given store; 404 with GeoServer's words. */
export function existingResource(catalog: Catalog, ws: Info, kind: ResourceKind, name: string, store?: Info): Info {
  const ns = catalog.byName('namespace', '', String(ws.name));
  const found = ns ? catalog.byName(kind.type, ns.id!, name) : undefined;
  const ok = found && catalog.typeOf(found.id!) === kind.type && (!store || refId(found.store) === store.id);
  if (!ok) throw new RestError(404, kind.missing(String(ws.name), store ? String(store.name) : undefined, name));
  return found;
}

function referrers(catalog: Catalog, id: string, type: InfoType): Info[] {
  return catalog.referrersOf(id).filter((r) => r.type === type).map((r) => r.info);
}

function byName(items: Info[]): Info[] {
  return items.sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
}
