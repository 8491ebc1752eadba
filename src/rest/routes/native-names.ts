import type { Catalog } from '../../catalog/catalog.js';
import { RESOURCE_KINDS } from '../../catalog/kinds.js';
import type { Info } from '../../catalog/types.js';
import { htmlResponse, xmlResponse } from '../encode.js';
import { RestError, type Format, type RestResponse } from '../http.js';
import { storeEndpoint, type ResourceEndpoint } from './store-endpoints.js';
import { defaultStore, namespaceOf, resourcesOfNamespace, resourcesOfStore } from './store-lookup.js';

/**
 * `?list=available|available_with_geom|all`: the native names a store offers, as GeoServer's
 * StringsList (`<list><featureTypeName>…`, JSON `{"list":{"string":[…]}}`). This node holds
 * configuration only and never opens the data behind a store, so it knows no native name beyond
 * the configured ones: `all` lists those, `available` (not yet configured) lists none.
 */
export function availableList(catalog: Catalog, kind: ResourceEndpoint, which: string, format: Format, ws: Info, store: Info | undefined): RestResponse {
  if (!['available', 'available_with_geom', 'all'].includes(which)) {
    throw new RestError(501, `Unknown list type ${which}`);
  }
  let configured: Info[];
  if (store) configured = resourcesOfStore(catalog, store.id!, kind.type);
  else if (kind.type === 'featureType') configured = resourcesOfStore(catalog, defaultStore(catalog, ws, storeEndpoint(kind.store)).id!, kind.type);
  else configured = resourcesOfNamespace(catalog, namespaceOf(catalog, ws).id!, kind.type);
  const names = which === 'all' ? configured.map((r) => String(r.nativeName ?? r.name)) : [];
  if (format === 'json') {
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ list: { string: names } }) };
  }
  const value = names.length ? { [RESOURCE_KINDS[kind.type].rest.nativeName]: names } : '';
  return format === 'html' ? htmlResponse('list', value) : xmlResponse('list', value);
}
