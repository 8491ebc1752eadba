import { CatalogError } from '../catalog/errors.js';
import { asList, isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { parseJavaDouble, parseJavaInt } from './java-number.js';
import { isKnownFormat } from './formats.js';
import type { InferItem } from './gwc-json.js';
import { ROOT, type GwcConfigInfo, type TileLayerInfo } from './model.js';
import { bodyObject, checkSameName, type BodyFormat, type RestDocument } from './rest-body.js';
import { own, printable } from './schema.js';
import { PARAMETER_FILTERS, TILE_LAYER } from './schemas.js';
import { completeTileLayer, defaultTileLayerFor, refreshStyleFilter, type PublishedRef } from './tile-layers.js';

/**
 * PUT (and the deprecated POST) /gwc/rest/layers/{layer}: a `GeoServerLayer` body, as GeoServer's
 * GWCGeoServerRESTConfigurationProvider reads it. The catalog and the other GWC kinds are reached
 * through this port, filled in by the REST layer.
 */
export interface TileLayerBodyContext {
  /** The {layer} segment of the URL, decoded. */
  pathName: string;
  layerById(id: string): PublishedRef | undefined;
  /** The layer or group whose tile layer name (GWC.tileLayerName) this is. */
  layerByName(name: string): PublishedRef | undefined;
  tileLayerById(id: string): TileLayerInfo | undefined;
  gridSetExists(name: string): boolean;
  blobStoreExists(id: string): boolean;
  gwcConfig: GwcConfigInfo;
}

export interface DecodedTileLayer {
  tileLayer: TileLayerInfo;
  published: PublishedRef;
  /** True when the layer or group had no tile layer yet. */
  created: boolean;
}

export function decodeTileLayerBody(doc: RestDocument, format: BodyFormat, ctx: TileLayerBodyContext): DecodedTileLayer {
  if (doc.root !== ROOT.tileLayerRest && ['wmsLayer', 'wmtsLayer', 'GeoServerTileLayer'].includes(doc.root)) {
    throw new CatalogError('invalid', `A <${doc.root}> tile layer is not accepted: this node caches GeoServer layers and groups, send a <GeoServerLayer>`);
  }
  const existingByPath = ctx.layerByName(ctx.pathName);
  const infer = inferFilter(existingByPath && ctx.tileLayerById(existingByPath.id));
  const body = bodyObject(doc, [ROOT.tileLayerRest], format, TILE_LAYER, infer);
  checkTileLayer(body, ctx);
  const published = resolvePublished(body, ctx);
  checkSameName('layer', ctx.pathName, published.name);
  const stored = ctx.tileLayerById(published.id);
  const base = stored ?? defaultTileLayerFor(published, ctx.gwcConfig);
  // a primitive boolean in GeoServerTileLayerInfoImpl: a body without it disables the tile layer
  const named: XObject = { ...body, id: published.id, name: published.name, enabled: body.enabled ?? 'false' };
  const tileLayer = refreshStyleFilter(completeTileLayer(named, base), published);
  return { tileLayer, published, created: stored === undefined };
}

/** GeoServer's RESTConverterHelper.unmarshal: the id, if given, wins and must agree with the name. */
function resolvePublished(body: XObject, ctx: TileLayerBodyContext): PublishedRef {
  const id = textOf(body.id) || undefined;
  const name = textOf(body.name) || undefined;
  if (!name) throw new CatalogError('invalid', 'Layer name not provided');
  if (id) {
    const found = ctx.layerById(id);
    if (!found) throw new CatalogError('invalid', `No GeoServer Layer or LayerGroup exists with id '${printable(id)}'`);
    if (found.name !== name) throw new CatalogError('invalid', `Layer with id '${printable(id)}' found but name does not match: '${printable(name)}'/'${found.name}'`);
    return found;
  }
  const found = ctx.layerByName(name);
  if (!found) throw new CatalogError('not_found', `GeoServer Layer or LayerGroup '${printable(name)}' not found`);
  return found;
}

/** What the field-by-field schema cannot say: counts, references, cross-field rules. */
function checkTileLayer(body: XObject, ctx: TileLayerBodyContext): void {
  const meta = isXObject(body.metaWidthHeight) ? asList(body.metaWidthHeight.int) : undefined;
  if (meta && meta.length !== 2) throw new CatalogError('invalid', `GeoServerLayer.metaWidthHeight: expected two integers ≥ 1 (meta-tiling width and height), got ${meta.length}`);
  for (const format of strings(body.mimeFormats)) {
    if (!isKnownFormat(format)) throw new CatalogError('invalid', `GeoServerLayer.mimeFormats: '${printable(format)}' is not a tile format GeoWebCache knows`);
  }
  const blobStoreId = textOf(body.blobStoreId);
  if (blobStoreId && !ctx.blobStoreExists(blobStoreId)) throw new CatalogError('invalid', `GeoServerLayer.blobStoreId: there is no blob store '${printable(blobStoreId)}'`);
  const subsets = isXObject(body.gridSubsets) ? asList(body.gridSubsets.gridSubset) : [];
  subsets.forEach((s, i) => checkGridSubset(s as XObject, `GeoServerLayer.gridSubsets.gridSubset[${i}]`, ctx));
  checkFilterKeys(body.parameterFilters);
}

function checkGridSubset(subset: XObject, where: string, ctx: TileLayerBodyContext): void {
  const name = textOf(subset.gridSetName) ?? '';
  if (!ctx.gridSetExists(name)) throw new CatalogError('invalid', `${where}.gridSetName: there is no grid set '${printable(name)}'`);
  const coords = isXObject(subset.extent) && isXObject(subset.extent.coords) ? asList(subset.extent.coords.double).map((c) => parseJavaDouble(textOf(c) ?? '')) : undefined;
  if (coords && (coords.length !== 4 || !(coords[0]! < coords[2]! && coords[1]! < coords[3]!))) {
    throw new CatalogError('invalid', `${where}.extent: expected four numbers minx, miny, maxx, maxy with minx < maxx and miny < maxy`);
  }
  const start = parseJavaInt(textOf(subset.zoomStart) ?? '');
  const stop = parseJavaInt(textOf(subset.zoomStop) ?? '');
  if (start !== undefined && stop !== undefined && start > stop) throw new CatalogError('invalid', `${where}: zoomStart ${start} is above zoomStop ${stop}`);
}

/** GeoServer keys filters by upper-cased key (the last one would silently win): refuse doubles. */
function checkFilterKeys(filters: XValue | undefined): void {
  if (!isXObject(filters)) return;
  const seen = new Set<string>();
  for (const type of Object.keys(filters)) {
    for (const filter of asList(filters[type])) {
      const key = (textOf((filter as XObject).key) ?? '').toUpperCase();
      if (type === 'styleParameterFilter' && key !== 'STYLES') throw new CatalogError('invalid', `GeoServerLayer.parameterFilters.styleParameterFilter.key: expected STYLES, got '${printable(key)}'`);
      if (seen.has(key)) throw new CatalogError('invalid', `GeoServerLayer.parameterFilters: two filters for the parameter '${printable(key)}'`);
      seen.add(key);
    }
  }
}

function strings(value: XValue | undefined): string[] {
  return isXObject(value) ? asList(value.string).map((s) => textOf(s) ?? '') : [];
}

/**
 * GWC's own JSON drops the type of each parameter filter (XStream's JSON writer keeps no element
 * names in lists). An untyped filter takes the type of the stored filter with the same key, or
 * the type its fields show; otherwise the client must name it.
 */
function inferFilter(stored: TileLayerInfo | undefined): InferItem {
  return (item) => {
    const key = (textOf(item.key) ?? '').toUpperCase();
    const filters = stored && isXObject(stored.parameterFilters) ? stored.parameterFilters : {};
    for (const type of Object.keys(filters)) {
      if (own(PARAMETER_FILTERS, type) && asList(filters[type]).some((f) => (textOf((f as XObject).key) ?? '').toUpperCase() === key)) return type;
    }
    if (item.regex !== undefined) return 'regexParameterFilter';
    if (key === 'STYLES' && item.values === undefined) return 'styleParameterFilter';
    return undefined;
  };
}
