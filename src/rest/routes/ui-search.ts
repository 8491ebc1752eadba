import type { Catalog } from '../../catalog/catalog.js';
import { refId, type CatalogType } from '../../catalog/types.js';
import { RestError, type RestRequest, type RestResponse } from '../http.js';
import { isStoreType, kindOf } from '../../catalog/kinds.js';
import { nameAndUrl } from '../refs.js';
import type { Router } from '../router.js';
import { SEARCH_TYPES, type Entry, type SearchIndex } from '../search-index.js';

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
 * listing, sorted by qualified name ignoring case, filtered by a case-insensitive substring, for
 * lists too long to fetch whole (GeoServer's REST listings have no paging). Not a GeoServer endpoint.
 */
export function uiSearchRoutes(router: Router, catalog: Catalog, index: SearchIndex): void {
  router.route('/ui/search', { GET: (req) => json(search(index, catalog, readQuery(req))) });
}

export interface SearchQuery {
  type: string;
  q: string;
  workspace?: string;
  offset: number;
  limit: number;
}

/** One page of a list: every entry matching the query is counted, only the page is described. */
export function search(index: SearchIndex, catalog: Catalog, query: SearchQuery): SearchPage {
  const entries = index.entries(query.type);
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
  return { type: query.type, total, offset: query.offset, limit: query.limit, items: page.flatMap((e) => hit(catalog, e) ?? []) };
}

function hit(catalog: Catalog, e: Entry): SearchHit | undefined {
  const info = catalog.get(e.type, e.key);
  if (!info) return undefined;
  const out: SearchHit = { name: e.label, type: e.type, path: nameAndUrl(catalog, '', e.type, info).url };
  if (e.workspace !== undefined && e.type !== 'workspace') out.workspace = e.workspace;
  if (isStoreType(e.type)) out.collection = kindOf(e.type).rest?.collection;
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
