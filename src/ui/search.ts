import type { Catalog } from '../catalog/catalog.js';
import { refId, STORE_TYPES, type CatalogType } from '../catalog/types.js';
import { RestError, type RestRequest, type RestResponse } from '../rest/http.js';
import { COLLECTION_OF_STORE, nameAndUrl } from '../rest/refs.js';
import type { Router } from '../rest/router.js';

/** What the web UI lists, by the name of its REST collection. */
export const SEARCH_TYPES: Record<string, readonly CatalogType[]> = {
  workspaces: ['workspace'],
  stores: STORE_TYPES,
  layers: ['layer'],
  styles: ['style'],
  layergroups: ['layerGroup'],
};

export const MAX_PAGE = 500;

export interface SearchHit {
  /** Qualified as the REST API names it: `ws:name`, or `name` for global objects. */
  name: string;
  workspace?: string;
  type: CatalogType;
  /** The object's REST path under /geoserver/rest, without extension. */
  path: string;
  /** For a store, its REST collection (datastores, ...); for a layer, its resource's REST path. */
  collection?: string;
  resource?: string;
}

export interface SearchPage {
  type: string;
  total: number;
  offset: number;
  limit: number;
  items: SearchHit[];
}

/**
 * GET /rest/ui/search?type=layers&q=roads&workspace=sf&offset=0&limit=50: one page of a catalog
 * listing, sorted by qualified name (ignoring case) and filtered by a case-insensitive substring, for lists too
 * long to fetch whole (GeoServer's REST listings have no paging). Not a GeoServer endpoint.
 */
export function uiSearchRoutes(router: Router, index: SearchIndex): void {
  router.route('/ui/search', { GET: (req) => json(index.search(readQuery(req))) });
}

export interface SearchQuery {
  type: string;
  q: string;
  workspace?: string;
  offset: number;
  limit: number;
}

interface Entry {
  label: string;
  lower: string;
  type: CatalogType;
  key: string;
  workspace?: string;
}

/**
 * The sorted listings behind the search, rebuilt only when the configuration changed since the
 * last search (`generation`, e.g. the node's digest, says so), so that paging through 100,000
 * layers costs a slice, and a search one pass over lower-cased names.
 */
export class SearchIndex {
  private readonly built = new Map<string, { generation: string; entries: Entry[] }>();

  constructor(
    private readonly catalog: Catalog,
    private readonly generation: () => string,
  ) {}

  search(query: SearchQuery): SearchPage {
    const entries = this.entries(query.type);
    const page: Entry[] = [];
    let total = 0;
    const end = query.offset + query.limit;
    if (!query.q && query.workspace === undefined) {
      total = entries.length;
      page.push(...entries.slice(query.offset, end));
    } else {
      for (const e of entries) {
        if (query.workspace !== undefined && e.workspace !== query.workspace) continue;
        if (query.q && !e.lower.includes(query.q)) continue;
        if (total >= query.offset && total < end) page.push(e);
        total++;
      }
    }
    const items = page.map((e) => hit(this.catalog, e));
    return { type: query.type, total, offset: query.offset, limit: query.limit, items };
  }

  private entries(type: string): Entry[] {
    const generation = this.generation();
    const cached = this.built.get(type);
    if (cached && cached.generation === generation) return cached.entries;
    const entries = listEntries(this.catalog, SEARCH_TYPES[type]);
    this.built.set(type, { generation, entries });
    return entries;
  }
}

function listEntries(catalog: Catalog, types: readonly CatalogType[]): Entry[] {
  const wsName = new Map<string, string | undefined>();
  const workspaceNamed = (id: string | undefined) => {
    if (id === undefined) return undefined;
    if (!wsName.has(id)) wsName.set(id, catalog.get('workspace', id)?.name as string | undefined);
    return wsName.get(id);
  };
  const storeWs = new Map<string, string | undefined>();
  const out: Entry[] = [];
  for (const type of types) {
    for (const info of catalog.list(type)) {
      let workspace: string | undefined;
      let name = String(info.name);
      if (type === 'workspace') workspace = name;
      else if (type !== 'layer') workspace = workspaceNamed(refId(info.workspace));
      else {
        // a layer is named and placed by its resource (GeoServer: layer name = resource name)
        const resource = catalog.find(refId(info.resource) ?? '')?.info;
        const storeId = refId(resource?.store) ?? '';
        if (!storeWs.has(storeId)) storeWs.set(storeId, workspaceNamed(refId(catalog.find(storeId)?.info.workspace)));
        workspace = storeWs.get(storeId);
        name = String(resource?.name ?? name);
      }
      const label = workspace === undefined || type === 'workspace' ? name : `${workspace}:${name}`;
      out.push({ label, lower: label.toLowerCase(), type, key: String(info.id), workspace });
    }
  }
  // case-insensitive, ties broken by the exact name so that the order is the same everywhere
  return out.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function hit(catalog: Catalog, e: Entry): SearchHit {
  const info = catalog.get(e.type, e.key)!;
  const out: SearchHit = { name: e.label, type: e.type, path: nameAndUrl(catalog, '', e.type, info).url };
  if (e.workspace !== undefined && e.type !== 'workspace') out.workspace = e.workspace;
  if (e.type in COLLECTION_OF_STORE) out.collection = COLLECTION_OF_STORE[e.type];
  if (e.type === 'layer') {
    const resource = catalog.find(refId(info.resource) ?? '');
    if (resource) out.resource = nameAndUrl(catalog, '', resource.type, resource.info).url;
  }
  return out;
}

function readQuery(req: RestRequest): SearchQuery {
  const type = req.query.get('type') ?? '';
  if (!(type in SEARCH_TYPES)) throw new RestError(400, `type must be one of ${Object.keys(SEARCH_TYPES).join(', ')}, got '${type}'`);
  return {
    type,
    q: (req.query.get('q') ?? '').trim().toLowerCase(),
    workspace: req.query.get('workspace') || undefined,
    offset: integer(req, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integer(req, 'limit', 50, 1, MAX_PAGE),
  };
}

function integer(req: RestRequest, name: string, fallback: number, min: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new RestError(400, `${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  return n;
}

function json(value: unknown): RestResponse {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}
