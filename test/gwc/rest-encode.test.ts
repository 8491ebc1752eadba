import { describe, expect, it } from 'vitest';
import { builtInGridSet } from '../../src/gwc/default-grid-sets.js';
import { defaultGwcConfig } from '../../src/gwc/gwc-config.js';
import { gridSetInfo } from '../../src/gwc/grid-sets.js';
import { blobStore } from '../../src/gwc/model.js';
import { encodeBlobStore, encodeGridSet, encodeNameList, encodeTileLayer, GWC_ERROR, pathSegment, tileLayerNameFromPath } from '../../src/gwc/rest-encode.js';
import { defaultTileLayerFor } from '../../src/gwc/tile-layers.js';
import { parseXml } from '../../src/xml/parse.js';

const states = defaultTileLayerFor({ kind: 'layer', id: 'LayerInfoImpl--570ae188:124761b8d78:-7fc0', name: 'topp:states', resource: 'featureType', defaultStyle: 'polygon', styles: ['pophatch'] }, defaultGwcConfig());

describe('GET answers of /gwc/rest as GWC writes them', () => {
  it('answers a tile layer as GeoServerLayer, without what the style filter learnt from the layer', () => {
    const { contentType, body } = encodeTileLayer(states, 'xml');
    expect(contentType).toBe('application/xml');
    expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<GeoServerLayer>\n  <id>LayerInfoImpl--570ae188:124761b8d78:-7fc0</id>')).toBe(true);
    expect(parseXml(body).value).toMatchObject({ parameterFilters: { styleParameterFilter: { key: 'STYLES', defaultValue: '' } } });
    expect(body).not.toContain('availableStyles');
    expect(body).not.toContain('defaultStyle');
    expect(states.parameterFilters).toMatchObject({ styleParameterFilter: { defaultStyle: 'polygon' } });
  });

  it('answers a tile layer in the JSON GeoServer 2.28 writes: typed values, lists as arrays, filters untyped', () => {
    expect(JSON.parse(encodeTileLayer(states, 'json').body)).toEqual({
      GeoServerLayer: {
        id: 'LayerInfoImpl--570ae188:124761b8d78:-7fc0', enabled: true, inMemoryCached: true, name: 'topp:states',
        mimeFormats: ['image/png', 'image/jpeg'], gridSubsets: [{ gridSetName: 'EPSG:4326' }, { gridSetName: 'EPSG:900913' }],
        metaWidthHeight: [4, 4], expireCache: 0, expireClients: 0, parameterFilters: [{ key: 'STYLES', defaultValue: '' }], gutter: 0, cacheWarningSkips: [],
      },
    });
  });

  it('answers a grid set in GWC\'s JSON (gridset_json.txt)', () => {
    const g = gridSetInfo({ name: 'EPSG:2163', srs: 2163, extent: [-2495667.977678598, -2223677.196231552, 3291070.6104286816, 959189.3312465074], scaleDenominators: [25000000, 1000000, 100000, 25000], tileWidth: 200, tileHeight: 200 });
    expect(JSON.parse(encodeGridSet(g, 'json').body)).toEqual({
      gridSet: {
        name: 'EPSG:2163', srs: { number: 2163 }, extent: { coords: [-2495667.977678598, -2223677.196231552, 3291070.6104286816, 959189.3312465074] }, alignTopLeft: false,
        scaleDenominators: [25000000, 1000000, 100000, 25000], metersPerUnit: 1, pixelSize: 0.00028, scaleNames: ['EPSG:2163:0', 'EPSG:2163:1', 'EPSG:2163:2', 'EPSG:2163:3'],
        tileHeight: 200, tileWidth: 200, yCoordinateFirst: false,
      },
    });
    expect(encodeGridSet(builtInGridSet('GoogleCRS84Quad')!, 'xml').body).toContain('<name>GoogleCRS84Quad</name>');
  });

  it('answers a blob store under its type (RestIntegrationTest.testGetBlobStoreJSON)', () => {
    const store = blobStore('FileBlobStore', { '@default': 'false', id: 'defaultCache', enabled: 'false', baseDirectory: '/tmp/defaultCache', fileSystemBlockSize: '4096' });
    expect(JSON.parse(encodeBlobStore(store, 'json').body)).toEqual({ FileBlobStore: { '@default': 'false', id: 'defaultCache', enabled: false, baseDirectory: '/tmp/defaultCache', fileSystemBlockSize: 4096 } });
    expect(encodeBlobStore(store, 'xml').body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<FileBlobStore default="false">\n  <id>defaultCache</id>\n  <enabled>false</enabled>\n  <baseDirectory>/tmp/defaultCache</baseDirectory>\n  <fileSystemBlockSize>4096</fileSystemBlockSize>\n</FileBlobStore>');
  });

  it('lists names as a JSON array and as XML items with atom links (XStreamListAliasWrapper)', () => {
    const base = 'http://localhost:8080/geoserver/gwc/rest/layers';
    expect(JSON.parse(encodeNameList('json', 'layers', 'layer', ['img states', 'topp:states'], base).body)).toEqual(['img states', 'topp:states']);
    const doc = parseXml(encodeNameList('xml', 'layers', 'layer', ['img states', 'topp:states'], base).body);
    expect(doc.root).toBe('layers');
    expect(doc.value).toEqual({ layer: [
      { name: 'img states', 'atom:link': { '@xmlns:atom': 'http://www.w3.org/2005/Atom', '@rel': 'alternate', '@href': `${base}/img%20states.xml`, '@type': 'text/xml' } },
      { name: 'topp:states', 'atom:link': { '@xmlns:atom': 'http://www.w3.org/2005/Atom', '@rel': 'alternate', '@href': `${base}/topp:states.xml`, '@type': 'text/xml' } },
    ] });
    expect(encodeNameList('xml', 'blobStores', 'blobStore', [], base).body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<blobStores/>');
    expect(JSON.parse(encodeNameList('json', 'blobStores', 'blobStore', [], base).body)).toEqual([]);
  });

  it('encodes and decodes layer names in paths as GWC does', () => {
    expect(pathSegment('a b/c?d#e:f@g')).toBe('a%20b%2Fc%3Fd%23e:f@g');
    expect(tileLayerNameFromPath('img+states')).toBe('img states');
  });
});

describe("GWC's refusals without a body", () => {
  it('words them as GWC does', () => {
    expect(GWC_ERROR.unknownLayer('topp:x')).toEqual({ status: 404, message: 'Unknown layer: topp:x' });
    expect(GWC_ERROR.gridSetNotFound('g', true).message).toBe('Failed to remove GridSet. A GridSet with name "g" does not exist.');
    expect(GWC_ERROR.blobStoreNotFound('b').message).toBe('Failed to get BlobStoreInfo. A BlobStoreInfo with name "b" does not exist.');
  });
});
