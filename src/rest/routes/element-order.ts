import type { Info } from '../../catalog/types.js';
import type { XValue } from '../../xml/tree.js';

/**
 * XStream writes an object's elements in the order of its Java fields, superclass first. New
 * objects built from a REST body, and fields a PUT adds, take their place in that order, so that
 * the files we write look like the ones GeoServer writes; elements we do not know keep the order
 * the client gave them, after the known ones.
 */
const STORE_ORDER = [
  'id', 'name', 'description', 'type', 'enabled', 'workspace', 'connectionParameters', 'metadata', '__default',
  'dateCreated', 'dateModified', 'disableOnConnFailure', 'url', 'capabilitiesURL', 'user', 'password',
  'maxConnections', 'readTimeout', 'connectTimeout', 'headerName', 'headerValue', 'authKey',
];

const RESOURCE_ORDER = [
  'id', 'name', 'nativeName', 'alias', 'namespace', 'title', 'abstract', 'description', 'keywords', 'metadataLinks',
  'dataLinks', 'nativeCRS', 'srs', 'nativeBoundingBox', 'latLonBoundingBox', 'projectionPolicy', 'enabled', 'advertised',
  'metadata', 'store', 'serviceConfiguration', 'disabledServices', 'simpleConversionEnabled', 'internationalTitle',
  'internationalAbstract', 'dateCreated', 'dateModified',
  // feature types
  'cqlFilter', 'maxFeatures', 'numDecimals', 'padWithZeros', 'forcedDecimal', 'attributes', 'responseSRS',
  'overridingServiceSRS', 'skipNumberMatched', 'circularArcPresent',
  // coverages
  'nativeFormat', 'grid', 'supportedFormats', 'interpolationMethods', 'defaultInterpolationMethod', 'dimensions',
  'requestSRS', 'parameters', 'nativeCoverageName',
  // cascaded WMS layers
  'forcedRemoteStyle', 'preferredFormat', 'selectedRemoteFormats', 'selectedRemoteStyles', 'metadataBBoxRespected',
];

const LAYER_ORDER = [
  'name', 'id', 'path', 'type', 'defaultStyle', 'styles', 'resource', 'enabled', 'advertised', 'queryable', 'opaque',
  'metadata', 'attribution', 'authorityURLs', 'identifiers', 'defaultWMSInterpolationMethod', 'dateCreated', 'dateModified',
];

export const ELEMENT_ORDER = { store: STORE_ORDER, resource: RESOURCE_ORDER, layer: LAYER_ORDER } as const;

/**
 * `base` with `changes` applied: a field already there is replaced where it stands, a new one is
 * placed before the first field that comes after it in `order` (unknown fields go last).
 */
export function mergeOrdered(base: Info, changes: Info, order: readonly string[]): Info {
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  const entries: Array<[string, XValue]> = Object.entries(base).filter((e): e is [string, XValue] => e[1] !== undefined);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const at = entries.findIndex(([k]) => k === key);
    if (at >= 0) {
      entries[at] = [key, value];
      continue;
    }
    const r = rank(key);
    const before = r === Number.POSITIVE_INFINITY ? -1 : entries.findIndex(([k]) => rank(k) > r);
    if (before < 0) entries.push([key, value]);
    else entries.splice(before, 0, [key, value]);
  }
  return Object.fromEntries(entries) as Info;
}
