import type { Catalog } from '../../catalog/catalog.js';
import { defaultWorkspace } from '../../catalog/operations.js';
import { listIn } from '../../catalog/refs.js';
import { CatalogError, fail } from '../../catalog/errors.js';
import { isResourceType, refId, type Info, type LayerInfo, type Ref } from '../../catalog/types.js';
import { isXObject, textOf, type XObject, type XValue } from '../../xml/tree.js';
import { RestError, type Format } from '../http.js';
import { timestamp } from '../merge.js';
import { externalize, resolveStyle } from '../refs.js';
import { ELEMENT_ORDER, mergeOrdered } from './element-order.js';

/**
 * Layers by name, and layer bodies in and out. A layer is named after the resource it publishes
 * and qualified by that resource's namespace (`sf:roads`); an unqualified name is looked up in the
 * default workspace first, then anywhere, as GeoServer's Catalog.getLayerByName does.
 */
export function layerNamed(catalog: Catalog, name: string): LayerInfo | undefined {
  const colon = name.indexOf(':');
  if (colon > 0) return layerIn(catalog, name.slice(0, colon), name.slice(colon + 1));
  const def = defaultWorkspace(catalog);
  const preferred = def ? layerIn(catalog, String(def.name), name) : undefined;
  if (preferred) return preferred;
  for (const ns of catalog.list('namespace')) {
    const layer = layerIn(catalog, String(ns.prefix), name);
    if (layer) return layer;
  }
  return undefined;
}

function layerIn(catalog: Catalog, prefix: string, name: string): LayerInfo | undefined {
  const ns = catalog.byName('namespace', '', prefix);
  const resource = ns ? catalog.byName('featureType', ns.id!, name) : undefined;
  return resource ? catalog.layerOf(resource.id!) : undefined;
}

export function existingLayer(catalog: Catalog, name: string): LayerInfo {
  return layerNamed(catalog, name) ?? fail('not_found', `No such layer: ${name}`);
}

/** The layers publishing the resources of a namespace, with their resource's name, by name. */
export function layersOfNamespace(catalog: Catalog, nsId: string): Array<{ name: string; layer: LayerInfo }> {
  const out: Array<{ name: string; layer: LayerInfo }> = [];
  for (const r of catalog.referrersOf(nsId)) {
    if (!isResourceType(r.type)) continue;
    const layer = catalog.layerOf(r.info.id!);
    if (layer) out.push({ name: String(r.info.name), layer });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `ws:name` of a layer, from the resource it publishes. */
export function qualifiedName(catalog: Catalog, layer: Info): string {
  const resource = catalog.find(refId(layer.resource) ?? '')?.info;
  const ns = resource ? catalog.get('namespace', refId(resource.namespace) ?? '') : undefined;
  const name = String(resource?.name ?? layer.name);
  return ns ? `${String(ns.prefix)}:${name}` : name;
}

/** The workspace of a layer (its resource's store's), where its unqualified style names may live. */
export function layerWorkspaceId(catalog: Catalog, layer: Info): string | undefined {
  const resource = catalog.find(refId(layer.resource) ?? '')?.info;
  const store = resource ? catalog.find(refId(resource.store) ?? '')?.info : undefined;
  return refId(store?.workspace);
}

/** The layer as GeoServer shows it: its (unqualified) name first, references as `{name, href}`. */
export function describeLayer(catalog: Catalog, base: string, format: Format, layer: Info): Info {
  const resource = catalog.find(refId(layer.resource) ?? '')?.info;
  const shown = externalize(catalog, base, format, layer, ['defaultStyle', 'styles', 'resource']);
  const out: Info = { name: String(resource?.name ?? layer.name) };
  for (const [k, v] of Object.entries(shown)) if (k !== 'name') out[k] = v;
  // Layers GeoServer builds always carry an attribution; clients edit it in place.
  return out.attribution === undefined ? mergeOrdered(out, { attribution: { logoWidth: '0', logoHeight: '0' } }, ELEMENT_ORDER.layer) : out;
}

const NOT_SETTABLE = new Set(['id', 'name', 'resource', 'type', 'dateCreated', 'dateModified']);
const BOOLEANS = ['enabled', 'advertised', 'queryable', 'opaque'];

/**
 * The changes a PUT body makes to a layer. Style references may be a name, `ws:name` or
 * `{name, workspace}`; every one must resolve (400 otherwise). The name, resource and type follow
 * the resource and are not changed here (GeoServer forces the original resource in).
 */
export function layerChanges(catalog: Catalog, layer: Info, body: XObject): Info {
  const wsId = layerWorkspaceId(catalog, layer);
  const changes: Info = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || key.startsWith('@') || NOT_SETTABLE.has(key)) continue;
    if (key === 'defaultStyle') {
      if (value !== '') changes.defaultStyle = { id: styleId(catalog, value, wsId) };
    } else if (key === 'styles') {
      changes.styles = styleSet(layer.styles, listIn(value, 'style').map((s) => styleId(catalog, s, wsId)));
    } else {
      changes[key] = value;
    }
  }
  for (const key of BOOLEANS) {
    const v = changes[key];
    if (v !== undefined && v !== 'true' && v !== 'false') throw new RestError(400, `<${key}> must be true or false, not '${textOf(v) ?? '(an element)'}'`);
  }
  changes.dateModified = timestamp();
  return changes;
}

/** A style named in a body, as an id; an unknown one is a reference to nothing, not a missing page. */
function styleId(catalog: Catalog, value: XValue, wsId: string | undefined): string {
  try {
    return resolveStyle(catalog, value, wsId);
  } catch (err) {
    if (err instanceof CatalogError && err.code === 'not_found') throw new CatalogError('dangling_reference', err.message, { cause: err });
    throw err;
  }
}

/** The alternate styles as GeoServer keeps them: a linked-hash-set, each style once. */
export function styleSet(current: XValue | undefined, ids: string[]): XObject {
  const cls = isXObject(current) && typeof current['@class'] === 'string' ? current['@class'] : 'linked-hash-set';
  const unique = [...new Set(ids)];
  const out: XObject = { '@class': cls };
  if (unique.length) out.style = unique.map((id): Ref => ({ id }));
  return out;
}
