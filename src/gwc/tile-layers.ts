import { asList, deepClone, isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { flag, saneGwcConfig, stringSet } from './gwc-config.js';
import type { GwcConfigInfo, TileLayerInfo } from './model.js';
import { canonical } from './schema.js';
import { TILE_LAYER } from './schemas.js';

/**
 * What GeoServer does to tile layers when the catalog changes (CatalogLayerEventListener,
 * TileLayerInfoUtil, GWC.removeGridSets). A tile layer is about a published thing the catalog
 * holds; these functions see it only through PublishedRef, which the integration fills from the
 * catalog, so the GWC domain needs nothing of the catalog's model.
 */
export interface PublishedRef {
  kind: 'layer' | 'layerGroup';
  /** The LayerInfo or LayerGroupInfo id: the tile layer's id and file name. */
  id: string;
  /** GWC.tileLayerName: `ws:layer` for a layer, `ws:group` or a global group's bare name. */
  name: string;
  /** A layer's resource kind, which picks the default formats (vector, coverage, other). */
  resource?: 'featureType' | 'coverage' | 'wmsLayer' | 'wmtsLayer';
  /** StyleInfo.prefixedName() of the layer's default style (`ws:style` for workspace styles). */
  defaultStyle?: string;
  /** Prefixed names of the layer's other styles (LayerInfo.getStyles()). */
  styles?: readonly string[];
}

/** GWC.tileLayerName: the qualified name a tile layer is published under. */
export function tileLayerName(name: string, workspace?: string): string {
  return workspace ? `${workspace}:${name}` : name;
}

/**
 * TileLayerInfoUtil.loadOrCreate with the integrated GWC defaults (gwc-gs.xml): enabled when
 * cacheLayersByDefault, the default grid sets, formats by resource kind, meta-tiling and gutter,
 * in-memory caching on, and a STYLES filter over the layer's styles when cacheNonDefaultStyles
 * (never for a group: checkAutomaticStyles removes it). A damaged config is made sane first.
 */
export function defaultTileLayerFor(published: PublishedRef, gwcConfig: GwcConfigInfo): TileLayerInfo {
  const config = saneGwcConfig(gwcConfig);
  const formats = stringSet(config[formatsField(published)]);
  const styleFilter = published.kind === 'layer' && flag(config, 'cacheNonDefaultStyles');
  return {
    id: published.id,
    enabled: String(flag(config, 'cacheLayersByDefault', true)),
    inMemoryCached: 'true',
    name: published.name,
    mimeFormats: formats.length ? { string: formats } : '',
    gridSubsets: gridSubsets(stringSet(config.defaultCachingGridSetIds)),
    metaWidthHeight: { int: [textOf(config.metaTilingX) ?? '4', textOf(config.metaTilingY) ?? '4'] },
    expireCache: '0',
    expireClients: '0',
    parameterFilters: styleFilter ? { styleParameterFilter: styleParameterFilter(published) } : '',
    gutter: textOf(config.gutter) ?? '0',
    cacheWarningSkips: '',
  };
}

function formatsField(published: PublishedRef): string {
  if (published.resource === 'featureType') return 'defaultVectorCacheFormats';
  if (published.resource === 'coverage') return 'defaultCoverageCacheFormats';
  return 'defaultOtherCacheFormats';
}

function gridSubsets(ids: string[]): XValue {
  return ids.length ? { gridSubset: ids.map((gridSetName) => ({ gridSetName })) } : '';
}

/** A StyleParameterFilter set to the layer (StyleParameterFilter.setLayer). */
function styleParameterFilter(published: PublishedRef, from: XObject = { key: 'STYLES', defaultValue: '' }): XObject {
  const out: XObject = {};
  for (const key of Object.keys(from)) if (key !== 'availableStyles' && key !== 'defaultStyle') out[key] = from[key];
  const available = [...new Set(published.styles ?? [])].sort();
  out.availableStyles = available.length ? { '@class': 'sorted-set', string: available } : { '@class': 'sorted-set' };
  if (published.defaultStyle) out.defaultStyle = published.defaultStyle;
  return out;
}

/**
 * The tile layer GeoServer creates when a layer or group is added (handleAddEvent): only when
 * gwc-gs.xml caches layers by default, and for a layer only when those defaults are sane.
 */
export function tileLayerOnAdd(published: PublishedRef, gwcConfig: GwcConfigInfo): TileLayerInfo | undefined {
  if (!flag(gwcConfig, 'cacheLayersByDefault', true)) return undefined;
  if (published.kind === 'layer' && saneGwcConfig(gwcConfig) !== gwcConfig) return undefined;
  return defaultTileLayerFor(published, gwcConfig);
}

/**
 * The tile layer after its layer, group or workspace was renamed (handleRename,
 * handleWorkspaceRename): same id, so the same file, with the new qualified name.
 */
export function renameTileLayer(info: TileLayerInfo, newName: string): TileLayerInfo {
  return { ...deepClone(info), name: newName };
}

/**
 * The STYLES filter brought up to date with the layer's styles (checkAutomaticStyles): a layer's
 * style filter learns its available and default styles, a group loses its style filter.
 */
export function refreshStyleFilter(info: TileLayerInfo, published: PublishedRef): TileLayerInfo {
  const filters = info.parameterFilters;
  if (!isXObject(filters) || filters.styleParameterFilter === undefined) return info;
  const out = deepClone(info);
  const rest: XObject = { ...(out.parameterFilters as XObject) };
  if (published.kind === 'layerGroup') {
    delete rest.styleParameterFilter;
  } else {
    const current = asList(rest.styleParameterFilter)[0];
    rest.styleParameterFilter = styleParameterFilter(published, isXObject(current) ? current : undefined);
  }
  out.parameterFilters = Object.keys(rest).length ? rest : '';
  return out;
}

/**
 * Fields a REST body leaves out come from the stored tile layer, or from the defaults when there
 * is none (GeoServer Cloud's CloudCatalogConfiguration.setMissingConfig, where upstream GeoServer
 * would write 0×0 meta-tiling). A field sent empty stays empty: that is a choice, not an omission.
 */
export function completeTileLayer(body: TileLayerInfo, base: TileLayerInfo): TileLayerInfo {
  const out: XObject = deepClone(body);
  for (const [name] of TILE_LAYER.fields) {
    if (out[name] === undefined && base[name] !== undefined && name !== 'enabled') out[name] = deepClone(base[name] as XValue);
  }
  return canonical(out, { type: 'object', schema: TILE_LAYER }) as TileLayerInfo;
}

/** GWC.removeGridSets: the subset goes; a tile layer left without any is disabled. */
export function withoutGridSet(info: TileLayerInfo, gridSetName: string): TileLayerInfo {
  const subsets = isXObject(info.gridSubsets) ? asList(info.gridSubsets.gridSubset) : [];
  const kept = subsets.filter((s) => !(isXObject(s) && textOf(s.gridSetName) === gridSetName));
  if (kept.length === subsets.length) return info;
  const out = deepClone(info);
  out.gridSubsets = kept.length ? { gridSubset: kept.length === 1 ? kept[0] : kept } : '';
  if (kept.length === 0) out.enabled = 'false';
  return out;
}

/** The grid set names a tile layer caches. */
export function gridSetsOf(info: TileLayerInfo): string[] {
  const subsets = isXObject(info.gridSubsets) ? asList(info.gridSubsets.gridSubset) : [];
  return subsets.map((s) => (isXObject(s) ? textOf(s.gridSetName) : undefined)).filter((n): n is string => !!n);
}

/** Tile layers that use a grid set or a blob store: what a removal would affect. */
export function tileLayersUsing(tileLayers: Iterable<TileLayerInfo>, use: { gridSet?: string; blobStore?: string }): string[] {
  const names: string[] = [];
  for (const tl of tileLayers) {
    const uses = (use.gridSet !== undefined && gridSetsOf(tl).includes(use.gridSet)) || (use.blobStore !== undefined && textOf(tl.blobStoreId) === use.blobStore);
    if (uses) names.push(textOf(tl.name) ?? textOf(tl.id) ?? '');
  }
  return names;
}
