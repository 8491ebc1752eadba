import { describe, expect, it } from 'vitest';
import { isBuiltInGridSet } from '../../src/gwc/default-grid-sets.js';
import { defaultGwcConfig } from '../../src/gwc/gwc-config.js';
import type { TileLayerInfo } from '../../src/gwc/model.js';
import { decodeTileLayerBody, type TileLayerBodyContext } from '../../src/gwc/rest-layer-body.js';
import { defaultTileLayerFor, type PublishedRef } from '../../src/gwc/tile-layers.js';
import { deepClone } from '../../src/xml/tree.js';
import { jsonBody as json, refusal, xmlBody as xml } from '../helpers/gwc-bodies.js';

const countries: PublishedRef = { kind: 'layer', id: 'LayerInfoImpl--3a33e7d0:1400d3d823c:-7fdf', name: 'opengeo:countries', resource: 'featureType', defaultStyle: 'polygon', styles: ['countries_mapcolor9'] };
const tasmania: PublishedRef = { kind: 'layerGroup', id: 'LayerGroupInfoImpl-7fac', name: 'tasmania' };

function context(stored: TileLayerInfo[] = [], pathName = 'opengeo:countries'): TileLayerBodyContext {
  const published = [countries, tasmania];
  return {
    pathName,
    layerById: (id) => published.find((p) => p.id === id),
    layerByName: (name) => published.find((p) => p.name === name),
    tileLayerById: (id) => stored.find((t) => t.id === id),
    gridSetExists: (name) => isBuiltInGridSet(name) || name === 'mine',
    blobStoreExists: (id) => id === 'defaultCache',
    gwcConfig: defaultGwcConfig(),
  };
}

/** The GeoServerLayer of GeoServer's REST documentation (gwclayers.yaml). */
const DOC_LAYER = `<GeoServerLayer>
  <id>LayerInfoImpl--3a33e7d0:1400d3d823c:-7fdf</id>
  <enabled>true</enabled>
  <inMemoryCached>true</inMemoryCached>
  <name>opengeo:countries</name>
  <mimeFormats><string>image/png</string><string>image/jpeg</string></mimeFormats>
  <gridSubsets>
    <gridSubset><gridSetName>EPSG:900913</gridSetName></gridSubset>
    <gridSubset><gridSetName>EPSG:4326</gridSetName></gridSubset>
  </gridSubsets>
  <metaWidthHeight><int>4</int><int>4</int></metaWidthHeight>
  <expireCache>0</expireCache>
  <expireClients>0</expireClients>
  <parameterFilters><styleParameterFilter><key>STYLES</key><defaultValue/></styleParameterFilter></parameterFilters>
  <gutter>0</gutter>
</GeoServerLayer>`;



describe('PUT /gwc/rest/layers/{layer} (GWCGeoServerRESTConfigurationProvider, TileLayerController)', () => {
  it('takes the documented body and stores it as GeoServer persists it, the style filter set to the layer', () => {
    const { tileLayer, published, created } = decodeTileLayerBody(xml(DOC_LAYER), 'xml', context());
    expect([published.id, created]).toEqual([countries.id, true]);
    expect(tileLayer.parameterFilters).toEqual({ styleParameterFilter: { key: 'STYLES', defaultValue: '', availableStyles: { '@class': 'sorted-set', string: ['countries_mapcolor9'] }, defaultStyle: 'polygon' } });
    expect(Object.keys(tileLayer)).toEqual(['id', 'enabled', 'inMemoryCached', 'name', 'mimeFormats', 'gridSubsets', 'metaWidthHeight', 'expireCache', 'expireClients', 'parameterFilters', 'gutter', 'cacheWarningSkips']);
  });

  it('finds the layer by name when no id is sent, fills what is left out, and a missing <enabled> disables', () => {
    const stored = defaultTileLayerFor(countries, defaultGwcConfig());
    const before = deepClone(stored);
    const body = '<GeoServerLayer><name>opengeo:countries</name><metaWidthHeight><int>2</int><int>3</int></metaWidthHeight></GeoServerLayer>';
    const { tileLayer, created } = decodeTileLayerBody(xml(body), 'xml', context([stored]));
    expect(created).toBe(false);
    expect([tileLayer.id, tileLayer.enabled, tileLayer.metaWidthHeight, tileLayer.mimeFormats]).toEqual([countries.id, 'false', { int: ['2', '3'] }, stored.mimeFormats]);
    expect(stored).toEqual(before);
  });

  it('caches a layer group under its tile layer name, without a style filter', () => {
    const body = '<GeoServerLayer><enabled>true</enabled><name>tasmania</name><parameterFilters><styleParameterFilter><key>STYLES</key></styleParameterFilter></parameterFilters></GeoServerLayer>';
    const { tileLayer } = decodeTileLayerBody(xml(body), 'xml', context([], 'tasmania'));
    expect([tileLayer.id, tileLayer.parameterFilters]).toEqual([tasmania.id, '']);
  });

  it('reads the JSON GeoServer writes for a tile layer (types of parameter filters lost) back into the same layer', () => {
    const stored = decodeTileLayerBody(xml(DOC_LAYER), 'xml', context()).tileLayer;
    const got = { GeoServerLayer: { expireClients: 0, gutter: 0, expireCache: 0, parameterFilters: [{ defaultValue: '', key: 'STYLES' }], metaWidthHeight: [4, 4], cacheWarningSkips: [], name: 'opengeo:countries', mimeFormats: ['image/png', 'image/jpeg'], id: countries.id, gridSubsets: [{ gridSetName: 'EPSG:900913' }, { gridSetName: 'EPSG:4326' }], enabled: true, inMemoryCached: true } };
    expect(decodeTileLayerBody(json(got), 'json', context([stored])).tileLayer).toEqual(stored);
    const jettison = { GeoServerLayer: { name: 'opengeo:countries', enabled: true, parameterFilters: { regexParameterFilter: { key: 'CQL_FILTER', defaultValue: '', regex: '.*' } } } };
    expect(decodeTileLayerBody(json(jettison), 'json', context()).tileLayer.parameterFilters).toEqual({ regexParameterFilter: { key: 'CQL_FILTER', defaultValue: '', regex: '.*' } });
  });

  it('asks for the type of an untyped JSON filter it cannot tell', () => {
    const body = { GeoServerLayer: { name: 'opengeo:countries', parameterFilters: [{ key: 'ELEVATION', defaultValue: '0', values: [0, 100] }] } };
    expect(refusal(() => decodeTileLayerBody(json(body), 'json', context())).message).toMatch(/^GeoServerLayer\.parameterFilters\[0\]: expected a parameter filter named by its type, such as \{"styleParameterFilter": \{\.\.\.\}\}/);
    const typed = { GeoServerLayer: { name: 'opengeo:countries', parameterFilters: [{ floatParameterFilter: { key: 'ELEVATION', defaultValue: '0', values: [0, 100], threshold: 1 } }] } };
    expect(decodeTileLayerBody(json(typed), 'json', context()).tileLayer.parameterFilters).toEqual({ floatParameterFilter: { key: 'ELEVATION', defaultValue: '0', values: { float: ['0.0', '100.0'] }, threshold: '1.0' } });
  });

  it("answers GeoServer's refusals for names and ids", () => {
    const named = (name: string, id = '') => DOC_LAYER.replace('<name>opengeo:countries</name>', `<name>${name}</name>`).replace(/<id>.*<\/id>/, id);
    expect(refusal(() => decodeTileLayerBody(xml(named('')), 'xml', context())).message).toBe('Layer name not provided');
    expect(refusal(() => decodeTileLayerBody(xml(named('opengeo:countries', '<id>nope</id>')), 'xml', context())).message).toBe("No GeoServer Layer or LayerGroup exists with id 'nope'");
    expect(refusal(() => decodeTileLayerBody(xml(named('tasmania', `<id>${countries.id}</id>`)), 'xml', context())).message).toBe(`Layer with id '${countries.id}' found but name does not match: 'tasmania'/'opengeo:countries'`);
    const unknown = refusal(() => decodeTileLayerBody(xml(named('opengeo:nothing')), 'xml', context()));
    expect([unknown.code, unknown.message]).toEqual(['not_found', "GeoServer Layer or LayerGroup 'opengeo:nothing' not found"]);
    expect(refusal(() => decodeTileLayerBody(xml(named('tasmania')), 'xml', context())).message).toBe("The layer name in the body, 'tasmania', is not the one in the URL, 'opengeo:countries'");
  });

  it.each([
    ['<metaWidthHeight><int>4</int><int>4</int></metaWidthHeight>', '<metaWidthHeight><int>0</int><int>4</int></metaWidthHeight>', "GeoServerLayer.metaWidthHeight.int[0]: expected an integer ≥ 1, got '0'"],
    ['<metaWidthHeight><int>4</int><int>4</int></metaWidthHeight>', '<metaWidthHeight><int>4</int></metaWidthHeight>', 'GeoServerLayer.metaWidthHeight: expected two integers ≥ 1 (meta-tiling width and height), got 1'],
    ['<string>image/jpeg</string>', '<string>image/webp</string>', "GeoServerLayer.mimeFormats: 'image/webp' is not a tile format GeoWebCache knows"],
    ['<gridSetName>EPSG:4326</gridSetName>', '<gridSetName>EPSG:31468</gridSetName>', "GeoServerLayer.gridSubsets.gridSubset[1].gridSetName: there is no grid set 'EPSG:31468'"],
    ['<gridSetName>EPSG:4326</gridSetName>', '<gridSetName>EPSG:4326</gridSetName><zoomStart>9</zoomStart><zoomStop>3</zoomStop>', 'GeoServerLayer.gridSubsets.gridSubset[1]: zoomStart 9 is above zoomStop 3'],
    ['<gridSetName>EPSG:4326</gridSetName>', '<gridSetName>EPSG:4326</gridSetName><extent><coords><double>10</double><double>0</double><double>0</double><double>10</double></coords></extent>', 'GeoServerLayer.gridSubsets.gridSubset[1].extent: expected four numbers minx, miny, maxx, maxy with minx < maxx and miny < maxy'],
    ['<expireCache>0</expireCache>', '<expireCache>-3</expireCache>', "GeoServerLayer.expireCache: expected a number of seconds ≥ 0, or -1 (disable), -2 (never expire), -4 (use the backend value), got '-3'"],
    ['<enabled>true</enabled>', '<enabled>yes</enabled>', "GeoServerLayer.enabled: expected true or false, got 'yes'"],
    ['<gutter>0</gutter>', '<gutter>0</gutter><blobStoreId>s3</blobStoreId>', "GeoServerLayer.blobStoreId: there is no blob store 's3'"],
    ['<styleParameterFilter>', '<stringParameterFilter><key>styles</key></stringParameterFilter><styleParameterFilter>', "GeoServerLayer.parameterFilters: two filters for the parameter 'STYLES'"],
    ['<styleParameterFilter><key>STYLES</key><defaultValue/></styleParameterFilter>', '<wmsStyleFilter><key>X</key></wmsStyleFilter>', 'GeoServerLayer.parameterFilters.wmsStyleFilter: expected a known parameter filter (styleParameterFilter, stringParameterFilter, regexParameterFilter, floatParameterFilter, integerParameterFilter), got an element with children'],
    ['<gutter>0</gutter>', '<gutter>0</gutter><gutter>1</gutter>', 'GeoServerLayer.gutter: expected a single element, got a list of 2'],
  ])('refuses %s replaced by %s, changing nothing', (from, to, message) => {
    const stored = defaultTileLayerFor(countries, defaultGwcConfig());
    const before = deepClone(stored);
    expect(refusal(() => decodeTileLayerBody(xml(DOC_LAYER.replace(from, to)), 'xml', context([stored]))).message).toBe(message);
    expect(stored).toEqual(before);
  });

  it('refuses hostile bodies: another root, a text body, names XML cannot hold, control characters', () => {
    expect(refusal(() => decodeTileLayerBody(xml('<wmsLayer><name>x</name></wmsLayer>'), 'xml', context())).message).toMatch(/^A <wmsLayer> tile layer is not accepted/);
    expect(refusal(() => decodeTileLayerBody(xml('<layer><name>x</name></layer>'), 'xml', context())).message).toBe('Expected a <GeoServerLayer> body, found <layer>');
    expect(refusal(() => decodeTileLayerBody({ root: 'GeoServerLayer', value: 'text' }, 'xml', context())).message).toBe('The <GeoServerLayer> body must hold elements, not text');
    expect(refusal(() => decodeTileLayerBody(json({ GeoServerLayer: { name: 'opengeo:countries', 'bad name': 1 } }), 'json', context())).message).toBe("GeoServerLayer has a field named 'bad name', which is not a valid XML name");
    expect(refusal(() => decodeTileLayerBody(json({ GeoServerLayer: { name: 'opengeo:countries\u0001' } }), 'json', context())).message).toBe('GeoServerLayer.name contains a control character that XML cannot hold');
    const inherited = DOC_LAYER.replace(/<styleParameterFilter>.*<\/styleParameterFilter>/, '<constructor><key>X</key></constructor>');
    // a name of an Object.prototype member is an ordinary element (never an inherited value): here an unknown filter
    expect(refusal(() => decodeTileLayerBody(xml(inherited), 'xml', context())).message).toMatch(/^GeoServerLayer\.parameterFilters\.constructor: expected a known parameter filter/);
    expect(refusal(() => decodeTileLayerBody(json({ GeoServerLayer: JSON.parse('{"name":"opengeo:countries","__proto__":{"enabled":"true"}}') }), 'json', context())).message).toBe("GeoServerLayer: element names such as '__proto__' or 'constructor' are not accepted");
    let deep: object = { x: 1 };
    for (let i = 0; i < 40; i++) deep = { x: deep };
    expect(refusal(() => decodeTileLayerBody(json({ GeoServerLayer: { name: 'opengeo:countries', extra: deep } }), 'json', context())).message).toMatch(/nested more than 32 levels deep/);
  });
});
