import type { Catalog } from '../../catalog/catalog.js';
import { listIn } from '../../catalog/refs.js';
import { RESOURCE_KINDS } from '../../catalog/kinds.js';
import { newId, type Info, type LayerInfo, type ResourceInfo } from '../../catalog/types.js';
import { isXObject, textOf, type XObject } from '../../xml/tree.js';
import { RestError, type Format } from '../http.js';
import { timestamp } from '../merge.js';
import { externalize } from '../refs.js';
import { ELEMENT_ORDER, mergeOrdered } from './element-order.js';
import type { ResourceEndpoint } from './store-endpoints.js';

/**
 * Resource bodies in and out, and the layer GeoServer creates with every new resource
 * (CatalogBuilder.buildLayer): same name, VECTOR/RASTER/WMS/WMTS, a default style that suits the
 * data, enabled. Namespace and store are set by the endpoint, never taken from the body.
 */
const NOT_SETTABLE = new Set(['id', 'namespace', 'store', 'dateCreated', 'dateModified']);
const BOOLEANS = ['enabled', 'advertised', 'serviceConfiguration', 'simpleConversionEnabled'];

export function resourceFields(body: XObject): Info {
  const out: Info = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || key.startsWith('@') || NOT_SETTABLE.has(key)) continue;
    out[key] = value;
  }
  for (const key of BOOLEANS) {
    const v = out[key];
    if (v !== undefined && v !== 'true' && v !== 'false') throw new RestError(400, `<${key}> must be true or false, not '${textOf(v) ?? '(an element)'}'`);
  }
  return out;
}

/** A new resource of `kind` in `store`, filled in as GeoServer's CatalogBuilder does. */
export function newResource(kind: ResourceEndpoint, body: XObject, store: Info, ns: Info): Info {
  const fields = resourceFields(body);
  const name = typeof fields.name === 'string' ? fields.name : undefined;
  const defaults: Info = { id: newId(kind.type) };
  if (name !== undefined) Object.assign(defaults, { name, nativeName: name, title: name });
  Object.assign(defaults, {
    namespace: { id: ns.id! },
    srs: 'EPSG:4326',
    projectionPolicy: 'FORCE_DECLARED',
    enabled: 'true',
    store: { '@class': kind.store, id: store.id! },
    serviceConfiguration: 'false',
    simpleConversionEnabled: 'false',
    dateCreated: timestamp(),
  });
  if (kind.type === 'featureType') {
    Object.assign(defaults, { maxFeatures: '0', numDecimals: '0', padWithZeros: 'false', forcedDecimal: 'false', overridingServiceSRS: 'false', skipNumberMatched: 'false', circularArcPresent: 'false' });
  }
  const resource = mergeOrdered(mergeOrdered({}, defaults, ELEMENT_ORDER.resource), fields, ELEMENT_ORDER.resource);
  const derived: Info = {};
  if (kind.type === 'coverage' && resource.nativeCoverageName === undefined && typeof resource.nativeName === 'string') {
    derived.nativeCoverageName = resource.nativeName;
  }
  const bbox = resource.nativeBoundingBox;
  if (resource.latLonBoundingBox === undefined && isXObject(bbox) && textOf(bbox.crs) === 'EPSG:4326') {
    derived.latLonBoundingBox = { ...bbox, crs: 'EPSG:4326' };
  }
  return mergeOrdered(resource, derived, ELEMENT_ORDER.resource);
}

/** The layer that publishes a new resource, its fields in the order GeoServer writes them. */
export function newLayer(catalog: Catalog, kind: ResourceEndpoint, resource: ResourceInfo): LayerInfo {
  const style = catalog.byName('style', '', defaultStyleName(kind, resource));
  return {
    name: resource.name,
    id: newId('layer'),
    type: RESOURCE_KINDS[kind.type].layerType,
    ...(style ? { defaultStyle: { id: style.id } } : {}),
    resource: { '@class': kind.type, id: resource.id },
    enabled: 'true',
    attribution: { logoWidth: '0', logoHeight: '0' },
    dateCreated: timestamp(),
  };
}

const GEOMETRY = /(?:^|\.)(?:jts\.geom|geom)\.(Multi)?(Point|LineString|LinearRing|Polygon)$/;

/** raster for grids and cascaded maps; point, line or polygon from the first geometry, else generic. */
function defaultStyleName(kind: ResourceEndpoint, resource: Info): string {
  if (kind.type !== 'featureType') return 'raster';
  for (const a of listIn(resource.attributes, 'attribute')) {
    const binding = isXObject(a) ? textOf(a.binding) : undefined;
    const m = binding ? GEOMETRY.exec(binding) : null;
    if (m) return m[2] === 'Point' ? 'point' : m[2] === 'Polygon' ? 'polygon' : 'line';
    if (binding && /\.(Geometry|GeometryCollection)$/.test(binding)) return 'generic';
  }
  return 'generic';
}

/** The resource as the REST API shows it: namespace and store as `{name, href}`. */
export function describeResource(catalog: Catalog, base: string, format: Format, resource: Info): Info {
  return externalize(catalog, base, format, resource, ['namespace', 'store']);
}
