import { asList, deepClone, isXObject, type XObject } from '../xml/tree.js';
import { writeXml } from '../xml/write.js';
import { objectToJson } from './gwc-json.js';
import { blobStoreEntry, ROOT, type BlobStoreInfo, type GridSetInfo, type TileLayerInfo } from './model.js';
import { DISK_QUOTA_VIEW } from './rest-disk-quota.js';
import type { BodyFormat } from './rest-body.js';
import { own, type Schema } from './schema.js';
import { BLOB_STORE_TYPES, GLOBAL, GRID_SET, OTHER_BLOB_STORE, TILE_LAYER } from './schemas.js';

/**
 * Answers of /gwc/rest as GWC writes them (GWCConverter.writeInternal): XML with a declaration,
 * JSON through XStream's JSON writer (one root key, lists as arrays); lists of names as
 * `<layers><layer><name>…</name><atom:link …/></layer></layers>` in XML and a bare JSON array
 * (XStreamListAliasWrapper).
 */
export interface GwcBody {
  contentType: string;
  body: string;
}

/** The plain-text answers of GWC's controllers on success (the Warning header of the old POST too). */
export const GWC_REPLY = {
  layerSaved: 'layer saved',
  layerDeleted: (name: string): string => `${name} deleted`,
  postDeprecated: '299: Deprecated API. Use PUT instead.',
} as const;

/** GWC's refusals that need no body to decide: a missing name or object (see docs/gwc-rest.md). */
export const GWC_ERROR = {
  layerNotSpecified: { status: 400, message: 'Layer not specified' },
  unknownLayer: (name: string) => ({ status: 404, message: `Unknown layer: ${name}` }),
  postUnknownLayer: (name: string) => ({
    status: 400,
    message: `Layer ${name} is not known by the configuration.Maybe it was loaded from another source, or you're trying to add a new layer and need to do an HTTP PUT ?`,
  }),
  gridSetNotFound: (name: string, removing = false) => ({ status: 404, message: `Failed to ${removing ? 'remove' : 'get'} GridSet. A GridSet with name "${name}" does not exist.` }),
  blobStoreNotFound: (name: string, removing = false) => ({ status: 404, message: `Failed to ${removing ? 'remove' : 'get'} BlobStoreInfo. A BlobStoreInfo with name "${name}" does not exist.` }),
} as const;

export function gwcBody(format: BodyFormat, root: string, value: XObject, schema: Schema): GwcBody {
  if (format === 'json') return { contentType: 'application/json', body: JSON.stringify({ [root]: objectToJson(value, schema) }) };
  return { contentType: 'application/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${writeXml(root, value)}` };
}

/** GeoServer's REST provider omits what a style filter learnt from the layer (omitField). */
export function tileLayerView(info: TileLayerInfo): XObject {
  const out = deepClone(info);
  if (isXObject(out.parameterFilters) && out.parameterFilters.styleParameterFilter !== undefined) {
    for (const f of asList(out.parameterFilters.styleParameterFilter)) {
      if (isXObject(f)) {
        delete f.availableStyles;
        delete f.defaultStyle;
      }
    }
  }
  return out;
}

export function encodeTileLayer(info: TileLayerInfo, format: BodyFormat): GwcBody {
  return gwcBody(format, ROOT.tileLayerRest, tileLayerView(info), TILE_LAYER);
}

export function encodeGridSet(info: GridSetInfo, format: BodyFormat): GwcBody {
  return gwcBody(format, ROOT.gridSet, info, GRID_SET);
}

export function encodeBlobStore(info: BlobStoreInfo, format: BodyFormat): GwcBody {
  const { type, content } = blobStoreEntry(info);
  return gwcBody(format, type, content, own(BLOB_STORE_TYPES, type) ?? OTHER_BLOB_STORE);
}

/** The answer of GET /gwc/rest/global, from globalView. */
export function encodeGlobal(view: XObject, format: BodyFormat): GwcBody {
  return gwcBody(format, ROOT.global, view, GLOBAL);
}

/** The answer of GET and PUT /gwc/rest/diskquota, from diskQuotaView. */
export function encodeDiskQuota(view: XObject, format: BodyFormat): GwcBody {
  return gwcBody(format, ROOT.diskQuotaRest, view, DISK_QUOTA_VIEW);
}

/**
 * A listing: `plural`/`singular` are layers/layer, gridSets/gridSet, blobStores/blobStore; `base`
 * is the collection's URL, e.g. `http://host/geoserver/gwc/rest/layers`.
 */
export function encodeNameList(format: BodyFormat, plural: string, singular: string, names: readonly string[], base: string): GwcBody {
  if (format === 'json') return { contentType: 'application/json', body: JSON.stringify(names) };
  const items = names.map((name) => ({
    name,
    'atom:link': { '@xmlns:atom': 'http://www.w3.org/2005/Atom', '@rel': 'alternate', '@href': `${base}/${pathSegment(name)}.xml`, '@type': 'text/xml' },
  }));
  const value = items.length ? { [singular]: items } : '';
  return { contentType: 'application/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${writeXml(plural, value)}` };
}

/** Spring's UriComponents.encode for a path segment: ':' and '@' and the sub-delimiters stay. */
export function pathSegment(name: string): string {
  return encodeURIComponent(name).replace(/%(3A|40|21|24|26|27|28|29|2A|2B|2C|3B|3D)/gi, (m) => decodeURIComponent(m));
}

/** GWC reads '+' in a layer path as a space (GWCController.findTileLayer). */
export function tileLayerNameFromPath(segment: string): string {
  return segment.replace(/\+/g, ' ');
}
