import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGwcConfig, defaultGwcConfig, isSaneGwcConfig, saneGwcConfig } from '../../src/gwc/gwc-config.js';
import { readTileLayerFile, writeTileLayerFile } from '../../src/gwc/tile-layer-file.js';
import {
  completeTileLayer, defaultTileLayerFor, gridSetsOf, refreshStyleFilter, renameTileLayer, tileLayerName, tileLayerOnAdd,
  tileLayersUsing, withoutGridSet, type PublishedRef,
} from '../../src/gwc/tile-layers.js';
import { CatalogError } from '../../src/catalog/errors.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/gwc');
const states: PublishedRef = { kind: 'layer', id: 'LayerInfoImpl-1', name: 'topp:states', resource: 'featureType', defaultStyle: 'polygon', styles: ['pophatch', 'population'] };
const dem: PublishedRef = { kind: 'layer', id: 'LayerInfoImpl-2', name: 'sf:sfdem', resource: 'coverage', defaultStyle: 'dem' };
const group: PublishedRef = { kind: 'layerGroup', id: 'LayerGroupInfoImpl-3', name: 'spearfish' };

describe('a new layer gets its tile layer (TileLayerInfoUtil.loadOrCreate, CatalogLayerEventListener)', () => {
  it('is made from the gwc-gs.xml defaults as GeoServer writes it (gwc-layers fixture of a recent GeoServer)', () => {
    const made = defaultTileLayerFor({ ...states, styles: [], defaultStyle: 'za_zonas_aridas', id: 'LayerInfoImpl-4f9c3a5e:19282b5c827:-7764', name: 'zonas_aridas:zonas_aridas_2001' }, defaultGwcConfig());
    const written = readTileLayerFile(readFileSync(join(FIXTURES, 'gwc-layers/LayerInfoImpl-4f9c3a5e_19282b5c827_-7764.xml')), 'f.xml');
    // GeoServer orders grid subsets by a HashSet; the newer cacheWarningSkips is the only addition
    const { cacheWarningSkips, gridSubsets, ...rest } = made;
    const { gridSubsets: writtenSubsets, ...writtenRest } = written;
    expect(cacheWarningSkips).toBe('');
    expect(gridSetsOf({ gridSubsets }).sort()).toEqual(gridSetsOf({ gridSubsets: writtenSubsets }).sort());
    expect(rest).toEqual(writtenRest);
  });

  it('takes the formats by resource kind: vector, coverage, other for groups and cascaded layers', () => {
    const config = { ...defaultGwcConfig(), defaultVectorCacheFormats: { string: 'application/vnd.mapbox-vector-tile' }, defaultCoverageCacheFormats: { string: 'image/jpeg' }, defaultOtherCacheFormats: { string: 'image/png8' } };
    expect(defaultTileLayerFor(states, config).mimeFormats).toEqual({ string: ['application/vnd.mapbox-vector-tile'] });
    expect(defaultTileLayerFor(dem, config).mimeFormats).toEqual({ string: ['image/jpeg'] });
    expect(defaultTileLayerFor(group, config).mimeFormats).toEqual({ string: ['image/png8'] });
    expect(defaultTileLayerFor({ ...states, resource: 'wmsLayer' }, config).mimeFormats).toEqual({ string: ['image/png8'] });
  });

  it('caches the layer\'s other styles through a STYLES filter, sorted, and none for a group', () => {
    const filter = (defaultTileLayerFor(states, defaultGwcConfig()).parameterFilters as Record<string, unknown>).styleParameterFilter;
    expect(filter).toEqual({ key: 'STYLES', defaultValue: '', availableStyles: { '@class': 'sorted-set', string: ['pophatch', 'population'] }, defaultStyle: 'polygon' });
    expect(defaultTileLayerFor(group, defaultGwcConfig()).parameterFilters).toBe('');
    expect(defaultTileLayerFor(states, { ...defaultGwcConfig(), cacheNonDefaultStyles: 'false' }).parameterFilters).toBe('');
  });

  it('is created on add only when gwc-gs.xml caches layers by default, and for a layer only with sane defaults', () => {
    expect(tileLayerOnAdd(states, defaultGwcConfig())?.enabled).toBe('true');
    expect(tileLayerOnAdd(states, { ...defaultGwcConfig(), cacheLayersByDefault: 'false' })).toBeUndefined();
    const insane = { ...defaultGwcConfig(), metaTilingX: '0' };
    expect(tileLayerOnAdd(states, insane)).toBeUndefined();
    expect(tileLayerOnAdd(group, insane)?.metaWidthHeight).toEqual({ int: ['4', '4'] });
  });

  it('writes a new tile layer in GeoServer\'s element order', () => {
    const xml = writeTileLayerFile(defaultTileLayerFor(dem, defaultGwcConfig()));
    const order = [...xml.matchAll(/^ {2}<(\w+)/gm)].map((m) => m[1]);
    expect(order).toEqual(['id', 'enabled', 'inMemoryCached', 'name', 'mimeFormats', 'gridSubsets', 'metaWidthHeight', 'expireCache', 'expireClients', 'parameterFilters', 'gutter', 'cacheWarningSkips']);
  });
});

describe('gwc-gs.xml sanity (GWCConfig.isSane, saneConfig)', () => {
  it('keeps a sane config and repairs a damaged one from the old defaults, keeping what is usable', () => {
    expect(isSaneGwcConfig(defaultGwcConfig())).toBe(true);
    const damaged = { ...defaultGwcConfig(), metaTilingY: '-1', metaTilingX: '8', defaultOtherCacheFormats: '' };
    const sane = saneGwcConfig(damaged);
    expect([sane.metaTilingX, sane.metaTilingY, sane.defaultOtherCacheFormats]).toEqual(['8', '4', { string: ['image/png', 'image/jpeg'] }]);
    expect(() => checkGwcConfig(damaged)).toThrow(CatalogError);
    expect(() => checkGwcConfig(damaged)).toThrow("GeoServerGWCConfig.metaTilingY: expected an integer ≥ 1, got '-1'");
  });
});

describe('a tile layer follows its layer (handleRename, checkAutomaticStyles, GWC.removeGridSets)', () => {
  const tl = defaultTileLayerFor(states, defaultGwcConfig());

  it('is renamed in place: same id, so the same gwc-layers file', () => {
    const renamed = renameTileLayer(tl, 'usa:states');
    expect([renamed.id, renamed.name]).toEqual([tl.id, 'usa:states']);
    expect(Object.keys(renamed)).toEqual(Object.keys(tl));
    expect(tl.name).toBe('topp:states');
    expect(tileLayerName('states', 'usa')).toBe('usa:states');
    expect(tileLayerName('world')).toBe('world');
  });

  it('learns the layer\'s styles again, keeping the allowed ones, and a group loses its style filter', () => {
    const withAllowed = { ...tl, parameterFilters: { styleParameterFilter: { key: 'STYLES', defaultValue: 'x', allowedStyles: { '@class': 'sorted-set', string: 'pophatch' } } } };
    const refreshed = refreshStyleFilter(withAllowed, { ...states, styles: ['zeta', 'alpha'], defaultStyle: 'ws:poly' });
    expect((refreshed.parameterFilters as Record<string, unknown>).styleParameterFilter).toEqual({
      key: 'STYLES', defaultValue: 'x', allowedStyles: { '@class': 'sorted-set', string: 'pophatch' }, availableStyles: { '@class': 'sorted-set', string: ['alpha', 'zeta'] }, defaultStyle: 'ws:poly',
    });
    expect(refreshStyleFilter(withAllowed, group).parameterFilters).toBe('');
  });

  it('loses a removed grid set and is disabled when none is left', () => {
    const one = withoutGridSet(tl, 'EPSG:4326');
    expect(gridSetsOf(one)).toEqual(['EPSG:900913']);
    expect(one.enabled).toBe('true');
    const none = withoutGridSet(one, 'EPSG:900913');
    expect([none.gridSubsets, none.enabled]).toEqual(['', 'false']);
    expect(withoutGridSet(tl, 'unused')).toBe(tl);
    expect(tileLayersUsing([tl, none], { gridSet: 'EPSG:4326' })).toEqual(['topp:states']);
    expect(tileLayersUsing([{ ...tl, blobStoreId: 's3' }], { blobStore: 's3' })).toEqual(['topp:states']);
  });

  it('completes an incomplete body from a base without undoing what was sent empty', () => {
    const done = completeTileLayer({ name: 'topp:states', id: 'x', parameterFilters: '', metaWidthHeight: { int: ['2', '2'] } }, tl);
    expect(done.parameterFilters).toBe('');
    expect(done.metaWidthHeight).toEqual({ int: ['2', '2'] });
    expect(done.mimeFormats).toEqual(tl.mimeFormats);
    expect(done.enabled).toBeUndefined();
    expect(Object.keys(done)[0]).toBe('id');
  });
});
