import type { Catalog, CatalogChange } from '../catalog/catalog.js';
import { isResourceType, isStoreType, refId, STORE_TYPES, type CatalogType, type Info } from '../catalog/types.js';

/** What the web UI lists, by the name of its REST collection. */
export const SEARCH_TYPES: Record<string, readonly CatalogType[]> = {
  workspaces: ['workspace'],
  stores: STORE_TYPES,
  layers: ['layer'],
  styles: ['style'],
  layergroups: ['layerGroup'],
};

export interface Entry {
  /** Qualified as the REST API names it: `ws:name`, or `name` for global objects and workspaces. */
  label: string;
  lower: string;
  type: CatalogType;
  key: string;
  workspace?: string;
}

export interface SearchIndexOptions {
  /** A list nobody searched for this long is dropped (and no longer kept in step). */
  idleMs: number;
  now: () => number;
}

/**
 * The sorted lists behind the UI's search. A list is built the first time it is searched (one
 * sort: a few hundred milliseconds for 100,000 layers), then kept in step with every catalog
 * change by binary-search insertion, so that paging costs a slice and a search one pass, however
 * busy the cluster. Lists nobody uses are dropped, so an idle UI costs nothing.
 */
export class SearchIndex {
  private readonly lists = new Map<string, { list: SortedList; usedAt: number }>();

  constructor(
    private readonly catalog: Catalog,
    private readonly opts: SearchIndexOptions = { idleMs: 10 * 60_000, now: Date.now },
  ) {
    catalog.onChange((change) => this.onChange(change));
  }

  /** The sorted entries of a list (a key of SEARCH_TYPES). */
  entries(name: string): readonly Entry[] {
    const now = this.opts.now();
    let held = this.lists.get(name);
    if (!held) {
      held = { list: new SortedList(buildEntries(this.catalog, SEARCH_TYPES[name])), usedAt: now };
      this.lists.set(name, held);
    }
    held.usedAt = now;
    return held.list.entries;
  }

  /** Forgets every list: the catalog was replaced without change events (a reload). */
  invalidate(): void {
    this.lists.clear();
  }

  private onChange(change: CatalogChange): void {
    if (this.lists.size === 0) return;
    const now = this.opts.now();
    for (const [name, held] of this.lists) if (now - held.usedAt > this.opts.idleMs) this.lists.delete(name);
    const { type, key, old } = change;
    const info = change.new;
    if (type === 'workspace') {
      // a renamed workspace renames everything in it
      if (old && info && old.name !== info.name) return this.invalidate();
      return this.update('workspaces', type, key, info);
    }
    if (isStoreType(type)) {
      if (old && info && refId(old.workspace) !== refId(info.workspace)) this.lists.delete('layers');
      return this.update('stores', type, key, info);
    }
    if (type === 'layer') return this.update('layers', type, key, info);
    if (type === 'style') return this.update('styles', type, key, info);
    if (type === 'layerGroup') return this.update('layergroups', type, key, info);
    if (isResourceType(type) && change.op === 'modify') {
      // a layer is named and placed by its resource
      const layer = this.catalog.layerOf(key);
      if (layer) this.update('layers', 'layer', String(layer.id), layer);
    }
  }

  private update(name: string, type: CatalogType, key: string, info: Info | undefined): void {
    this.lists.get(name)?.list.upsert(key, info && entryOf(this.catalog, type, info, new Map()));
  }
}

/** Entries sorted ignoring case, then by exact name, then by key: one place for each. */
class SortedList {
  private readonly byKey = new Map<string, Entry>();

  constructor(readonly entries: Entry[]) {
    entries.sort(compare);
    for (const e of entries) this.byKey.set(e.key, e);
  }

  upsert(key: string, entry: Entry | undefined): void {
    const old = this.byKey.get(key);
    if (old) {
      this.entries.splice(this.position(old), 1);
      this.byKey.delete(key);
    }
    if (entry) {
      this.entries.splice(this.position(entry), 0, entry);
      this.byKey.set(key, entry);
    }
  }

  /** Where the entry is, or would go. */
  private position(e: Entry): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.entries[mid], e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compare(a: Entry, b: Entry): number {
  if (a.lower !== b.lower) return a.lower < b.lower ? -1 : 1;
  if (a.label !== b.label) return a.label < b.label ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function buildEntries(catalog: Catalog, types: readonly CatalogType[]): Entry[] {
  const storeWorkspace = new Map<string, string | undefined>();
  const out: Entry[] = [];
  for (const type of types) for (const info of catalog.list(type)) out.push(entryOf(catalog, type, info, storeWorkspace));
  return out;
}

/** An object's entry; `storeWorkspace` caches the workspace of each store while building a list. */
function entryOf(catalog: Catalog, type: CatalogType, info: Info, storeWorkspace: Map<string, string | undefined>): Entry {
  const wsName = (ref: unknown) => catalog.get('workspace', refId(ref as Info) ?? '')?.name as string | undefined;
  let name = String(info.name);
  let workspace: string | undefined;
  if (type === 'workspace') workspace = name;
  else if (type !== 'layer') workspace = wsName(info.workspace);
  else {
    // a layer is named and placed by its resource (GeoServer: layer name = resource name)
    const resource = catalog.find(refId(info.resource) ?? '')?.info;
    const storeId = refId(resource?.store) ?? '';
    if (!storeWorkspace.has(storeId)) storeWorkspace.set(storeId, wsName(catalog.find(storeId)?.info.workspace));
    workspace = storeWorkspace.get(storeId);
    name = String(resource?.name ?? name);
  }
  const label = workspace === undefined || type === 'workspace' ? name : `${workspace}:${name}`;
  return { label, lower: label.toLowerCase(), type, key: String(info.id), workspace };
}
