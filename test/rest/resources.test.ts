import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parse.js';
import { call, type NodeProcess, type Reply } from '../helpers/node-process.js';
import { expectRefused, startOnFixture } from '../helpers/rest-checks.js';

// Cases from GeoServer's FeatureTypeControllerTest, CoverageControllerTest, WMSLayerTest and
// WMTSLayerTest, the REST docs and geoserver-node-client's publish* calls; see
// ../shared/reference/geoserver-rest-contract.md §5. The node starts on a copy of the
// datadir-full fixture (sf:sf holds bugsites and streams, sf:sfdem the coverage sfdem,
// topp:ows_wms the WMS layer ne_countries, topp:basemap_wmts the WMTS layer osm_tiles).

const XML = 'application/xml';
const JSON_TYPE = 'application/json';

describe('REST feature types, coverages, WMS and WMTS layers', () => {
  let node: NodeProcess;
  const get = (p: string) => call(node, 'GET', p);
  const post = (p: string, body: string, type = XML) => call(node, 'POST', p, { type, body });
  const put = (p: string, body: string, type = XML) => call(node, 'PUT', p, { type, body });
  const file = (...parts: string[]) => path.join(node.dataDir, 'workspaces', ...parts);
  const names = async (p: string, plural: string, item: string) => {
    const list = (await get(p)).json()[plural];
    return list === '' ? [] : list[item].map((x: { name: string }) => x.name);
  };

  /** Bad input: the answer has `status`, and neither the data directory nor the listings change. */
  const refused = (status: number, step: () => Promise<Reply>, listings = ['/workspaces/sf/featuretypes.json', '/layers.json']) => expectRefused(node, status, step, listings);

  beforeAll(async () => {
    node = await startOnFixture();
  });
  afterAll(async () => {
    await node?.stop();
  });

  describe('reading', () => {
    it('lists feature types under their store and their workspace', async () => {
      expect((await get('/workspaces/sf/datastores/sf/featuretypes.json')).json()).toEqual({
        featureTypes: {
          featureType: [
            { name: 'bugsites', href: `${node.rest}/workspaces/sf/datastores/sf/featuretypes/bugsites.json` },
            { name: 'streams', href: `${node.rest}/workspaces/sf/datastores/sf/featuretypes/streams.json` },
          ],
        },
      });
      const doc = parseXml((await get('/workspaces/sf/featuretypes.xml')).text);
      expect(doc.root).toBe('featureTypes');
      expect(doc.value).toMatchObject({ featureType: [{ name: 'bugsites', 'atom:link': { '@href': `${node.rest}/workspaces/sf/featuretypes/bugsites.xml` } }, { name: 'streams' }] });
      expect(await names('/workspaces/sf/coveragestores/sfdem/coverages.json', 'coverages', 'coverage')).toEqual(['sfdem']);
      expect(await names('/workspaces/topp/wmslayers.json', 'wmsLayers', 'wmsLayer')).toEqual(['ne_countries']);
      expect(await names('/workspaces/topp/wmtsstores/basemap_wmts/layers.json', 'wmtsLayers', 'wmtsLayer')).toEqual(['osm_tiles']);
    });

    it('shows a feature type with namespace and store as links (FeatureTypeControllerTest.testGetAsJSON)', async () => {
      const ft = (await get('/workspaces/sf/datastores/sf/featuretypes/bugsites.json')).json().featureType;
      expect(ft).toMatchObject({
        name: 'bugsites',
        nativeName: 'bugsites',
        namespace: { name: 'sf', href: `${node.rest}/namespaces/sf.json` },
        srs: 'EPSG:26713',
        enabled: true,
        store: { '@class': 'dataStore', name: 'sf:sf', href: `${node.rest}/workspaces/sf/datastores/sf.json` },
        keywords: { string: ['spearfish', 'insects', 'bugsites'] },
      });
      expect(ft.id).toBeUndefined();
      const doc = parseXml((await get('/workspaces/sf/featuretypes/bugsites.xml')).text);
      expect(doc.root).toBe('featureType');
      expect(doc.value).toMatchObject({ name: 'bugsites', store: { '@class': 'dataStore', name: 'sf:sf' } });
    });

    it('shows coverages, WMS layers and WMTS layers (node-client getCoverage, getWmsLayer, getWmtsLayer)', async () => {
      expect((await get('/workspaces/sf/coveragestores/sfdem/coverages/sfdem.json')).json().coverage).toMatchObject({ name: 'sfdem', store: { '@class': 'coverageStore', name: 'sf:sfdem' } });
      expect((await get('/workspaces/sf/coverages/sfdem.json')).status).toBe(200);
      expect((await get('/workspaces/topp/wmsstores/ows_wms/wmslayers/ne_countries.json')).json().wmsLayer).toMatchObject({ nativeName: 'ne:countries', store: { '@class': 'wmsStore', name: 'topp:ows_wms' } });
      expect((await get('/workspaces/topp/wmtsstores/basemap_wmts/layers/osm_tiles.json')).json().wmtsLayer).toMatchObject({ name: 'osm_tiles', store: { '@class': 'wmtsStore' } });
      expect((await get('/workspaces/topp/wmtslayers/osm_tiles.xml')).text).toContain('<wmtsLayer>');
    });

    it('answers 404 with GeoServer messages', async () => {
      const msg = async (p: string) => {
        const r = await get(p);
        expect(r.status).toBe(404);
        return r.text;
      };
      expect(await msg('/workspaces/sf/datastores/sf/featuretypes/nope.json')).toBe('No such feature type: sf,sf,nope');
      expect(await msg('/workspaces/sf/featuretypes/nope.json')).toBe('No such feature type: sf,nope');
      expect(await msg('/workspaces/sf/datastores/nope/featuretypes/bugsites.json')).toBe('No such data store: sf,nope');
      expect(await msg('/workspaces/sf/featuretypes/sfdem.json')).toBe('No such feature type: sf,sfdem');
      expect(await msg('/workspaces/sf/coveragestores/sfdem/coverages/nope.json')).toBe('No such coverage: sf,sfdem,nope');
      expect(await msg('/workspaces/topp/wmslayers/nope.json')).toBe('No such cascaded wms: topp,nope');
      expect(await msg('/workspaces/topp/wmtsstores/basemap_wmts/layers/nope.json')).toBe('No such cascaded wmts layer: topp,basemap_wmts,nope');
      expect((await get('/workspaces/sf/featuretypes/nope.json?quietOnNotFound=true')).text).toBe('');
    });

    it('lists native names with ?list= (FeatureTypeControllerTest.testGetAllAvailable)', async () => {
      expect((await get('/workspaces/sf/datastores/sf/featuretypes.json?list=all')).json()).toEqual({ list: { string: ['bugsites', 'streams'] } });
      expect(parseXml((await get('/workspaces/sf/datastores/sf/featuretypes.xml?list=available')).text)).toEqual({ root: 'list', value: '' });
    });
  });

  describe('creating', () => {
    it('creates a feature type and its layer (testPostAsXML: Location, featuretype.xml + layer.xml)', async () => {
      const r = await post('/workspaces/sf/datastores/sf/featuretypes', '<featureType><name>pdsa</name></featureType>');
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${node.rest}/workspaces/sf/datastores/sf/featuretypes/pdsa`);
      expect(fs.existsSync(file('sf', 'sf', 'pdsa', 'featuretype.xml'))).toBe(true);
      const layerXml = parseXml(fs.readFileSync(file('sf', 'sf', 'pdsa', 'layer.xml')));
      expect(layerXml.value).toMatchObject({ name: 'pdsa', type: 'VECTOR', enabled: 'true', resource: { '@class': 'featureType' } });
      const ft = (await get('/workspaces/sf/featuretypes/pdsa.json')).json().featureType;
      expect(ft).toMatchObject({ name: 'pdsa', nativeName: 'pdsa', enabled: true, srs: 'EPSG:4326', namespace: { name: 'sf' }, store: { name: 'sf:sf' } });
      expect(ft.dateCreated).toBeDefined();
      const layer = (await get('/layers/sf:pdsa.json')).json().layer;
      expect(layer).toMatchObject({ name: 'pdsa', type: 'VECTOR', defaultStyle: { name: 'generic' }, enabled: true });
    });

    it('picks the default style from the first geometry attribute (CatalogBuilder.getDefaultStyle)', async () => {
      const body = '<featureType><name>parcels</name><attributes><attribute><name>the_geom</name><binding>org.locationtech.jts.geom.MultiPolygon</binding></attribute><attribute><name>id</name><binding>java.lang.Integer</binding></attribute></attributes></featureType>';
      expect((await post('/workspaces/sf/datastores/sf/featuretypes', body)).status).toBe(201);
      expect((await get('/layers/sf:parcels.json')).json().layer.defaultStyle.name).toBe('polygon');
    });

    it('adds to the default store on the workspace path (node-client publishFeatureTypeDefaultDataStore)', async () => {
      const body = JSON.stringify({ featureType: { name: 'wsLevel', nativeName: 'ws_level', title: 'Workspace level', srs: 'EPSG:4326', enabled: true, abstract: 'a' } });
      const r = await post('/workspaces/sf/featuretypes', body, JSON_TYPE);
      expect([r.status, r.headers.get('location')]).toEqual([201, `${node.rest}/workspaces/sf/featuretypes/wsLevel`]);
      expect(fs.existsSync(file('sf', 'sf', 'wsLevel', 'featuretype.xml'))).toBe(true);
      expect((await get('/workspaces/sf/datastores/sf/featuretypes/wsLevel.json')).json().featureType).toMatchObject({ nativeName: 'ws_level', title: 'Workspace level', abstract: 'a' });
    });

    it('keeps a native bounding box as sent, numbers and the crs class included (node-client publishFeatureType)', async () => {
      const bbox = { minx: -10, maxx: 10, miny: -5, maxy: 5, crs: { '@class': 'projected', $: 'EPSG:4326' } };
      const body = JSON.stringify({ featureType: { name: 'boxed', nativeName: 'boxed', title: 'b', srs: 'EPSG:4326', enabled: true, nativeBoundingBox: bbox } });
      expect((await post('/workspaces/sf/datastores/sf/featuretypes', body, JSON_TYPE)).status).toBe(201);
      expect((await get('/workspaces/sf/featuretypes/boxed.json')).json().featureType.nativeBoundingBox).toEqual(bbox);
    });

    it('allows the same name in two workspaces (FeatureTypeControllerTest: 201 twice)', async () => {
      expect((await post('/workspaces/topp/datastores/postgis/featuretypes', '<featureType><name>pdsa</name></featureType>')).status).toBe(201);
      expect((await get('/layers/topp:pdsa.json')).status).toBe(200);
    });

    it('creates coverages, WMS and WMTS layers with RASTER/WMS/WMTS layers (publishDbRaster, publishWmsLayer)', async () => {
      const cov = await post('/workspaces/sf/coveragestores/sfdem/coverages', JSON.stringify({ coverage: { name: 'dem2', nativeName: 'sfdem', title: 'DEM', srs: 'EPSG:26713', enabled: true } }), JSON_TYPE);
      expect([cov.status, cov.text, cov.headers.get('location')]).toEqual([201, 'dem2', `${node.rest}/workspaces/sf/coveragestores/sfdem/coverages/dem2`]);
      expect(fs.existsSync(file('sf', 'sfdem', 'dem2', 'coverage.xml'))).toBe(true);
      expect((await get('/layers/sf:dem2.json')).json().layer).toMatchObject({ type: 'RASTER', defaultStyle: { name: 'raster' } });
      const wms = await post('/workspaces/topp/wmsstores/ows_wms/wmslayers', JSON.stringify({ wmsLayer: { name: 'osm', nativeName: 'osm', title: 'OSM', srs: 'EPSG:900913', enabled: true } }), JSON_TYPE);
      expect([wms.status, wms.headers.get('location')]).toEqual([201, `${node.rest}/workspaces/topp/wmsstores/ows_wms/wmslayers/osm`]);
      expect(fs.existsSync(file('topp', 'ows_wms', 'osm', 'wmslayer.xml'))).toBe(true);
      expect((await get('/layers/topp:osm.json')).json().layer.type).toBe('WMS');
      const wmts = await post('/workspaces/topp/wmtsstores/basemap_wmts/layers', '<wmtsLayer><name>tiles2</name></wmtsLayer>');
      expect([wmts.status, wmts.headers.get('location')]).toEqual([201, `${node.rest}/workspaces/topp/wmtsstores/basemap_wmts/layers/tiles2`]);
      expect(fs.existsSync(file('topp', 'basemap_wmts', 'tiles2', 'wmtslayer.xml'))).toBe(true);
      expect((await get('/layers/topp:tiles2.json')).json().layer.type).toBe('WMTS');
    });

    it('refuses bad input and changes nothing (missing name 400, duplicate 500, mismatches 403)', async () => {
      const fts = '/workspaces/sf/datastores/sf/featuretypes';
      await refused(400, () => post(fts, '<featureType><title>no name</title></featureType>'));
      expect((await refused(500, () => post(fts, '<featureType><name>bugsites</name></featureType>'))).text).toContain('already exists');
      await refused(500, () => post('/workspaces/sf/featuretypes', '<featureType><name>sfdem</name></featureType>'));
      for (const name of ['a/b', 'a\\b', '..', 'x\u0007']) await refused(400, () => post(fts, JSON.stringify({ featureType: { name } }), JSON_TYPE));
      expect((await refused(403, () => post(fts, '<featureType><name>x1</name><namespace><name>topp</name></namespace></featureType>'))).text).toBe('Expected workspace sf but client specified topp');
      expect((await refused(403, () => post(fts, '<featureType><name>x2</name><store><name>other</name></store></featureType>'))).text).toBe('Expected datastore sf but client specified other');
      await refused(403, () => post(fts, '<featureType><name>x3</name><store>topp:postgis</store></featureType>'));
      await refused(404, () => post('/workspaces/sf/featuretypes', '<featureType><name>x4</name><store>nope</store></featureType>'));
      await refused(404, () => post('/workspaces/sf/datastores/nope/featuretypes', '<featureType><name>x5</name></featureType>'));
      await refused(404, () => post('/workspaces/nope/featuretypes', '<featureType><name>x6</name></featureType>'));
      await refused(400, () => post(fts, '<featureType><name>x7</name>'));
      await refused(400, () => post(fts, '{"featureType":', JSON_TYPE));
      await refused(400, () => post(fts, '<coverage><name>x8</name></coverage>'));
      await refused(400, () => post(fts, '<featureType><name>x9</name><enabled>sometimes</enabled></featureType>'));
    });
  });

  describe('updating', () => {
    it('changes only the title (FeatureTypeControllerTest.testPutNonDestructive)', async () => {
      const before = (await get('/workspaces/sf/datastores/sf/featuretypes/streams.json')).json().featureType;
      expect((await put('/workspaces/sf/datastores/sf/featuretypes/streams', '<featureType><title>new title</title></featureType>')).status).toBe(200);
      const after = (await get('/workspaces/sf/datastores/sf/featuretypes/streams.json')).json().featureType;
      expect(after.title).toBe('new title');
      expect(after.dateModified).toBeDefined();
      delete after.dateModified;
      expect({ ...after, title: before.title }).toEqual(before);
    });

    it('accepts its own JSON back unchanged (GET then PUT round trip)', async () => {
      const before = (await get('/workspaces/sf/coveragestores/sfdem/coverages/sfdem.json')).json();
      expect((await put('/workspaces/sf/coveragestores/sfdem/coverages/sfdem', JSON.stringify(before), JSON_TYPE)).status).toBe(200);
      const after = (await get('/workspaces/sf/coveragestores/sfdem/coverages/sfdem.json')).json();
      delete after.coverage.dateModified;
      expect(after).toEqual(before);
    });

    it('renames the resource and its layer; the folder moves', async () => {
      expect((await put('/workspaces/sf/datastores/sf/featuretypes/pdsa', '<featureType><name>pdsb</name></featureType>')).status).toBe(200);
      expect((await get('/workspaces/sf/featuretypes/pdsa.json')).status).toBe(404);
      expect((await get('/layers/sf:pdsa.json')).status).toBe(404);
      expect((await get('/layers/sf:pdsb.json')).json().layer.name).toBe('pdsb');
      expect(fs.existsSync(file('sf', 'sf', 'pdsa'))).toBe(false);
      expect(parseXml(fs.readFileSync(file('sf', 'sf', 'pdsb', 'layer.xml'))).value).toMatchObject({ name: 'pdsb' });
      expect(parseXml(fs.readFileSync(file('sf', 'sf', 'pdsb', 'featuretype.xml'))).value).toMatchObject({ name: 'pdsb', nativeName: 'pdsa' });
    });

    it('refuses bad updates and changes nothing', async () => {
      const ft = '/workspaces/sf/datastores/sf/featuretypes/pdsb';
      await refused(404, () => put('/workspaces/sf/datastores/sf/featuretypes/nope', '<featureType><title>t</title></featureType>'));
      await refused(500, () => put(ft, '<featureType><name>bugsites</name></featureType>'));
      await refused(400, () => put(ft, '<featureType><name>a/b</name></featureType>'));
      await refused(403, () => put(ft, '<featureType><namespace><name>topp</name></namespace></featureType>'));
      await refused(403, () => put(ft, '<featureType><store><name>postgis</name></store></featureType>'));
      await refused(400, () => put(ft, '<featureType><title>t</title>'));
    });
  });

  describe('deleting', () => {
    it('refuses while a layer publishes it (testDeleteWithLayer: 403)', async () => {
      const r = await refused(403, () => call(node, 'DELETE', '/workspaces/sf/datastores/sf/featuretypes/pdsb'));
      expect(r.text).toBe('feature type referenced by layer(s)');
      expect((await refused(403, () => call(node, 'DELETE', '/workspaces/sf/coveragestores/sfdem/coverages/dem2'))).text).toBe('coverage referenced by layer(s)');
    });

    it('with ?recurse=true removes the layer too, and the layer leaves its groups', async () => {
      const groupFile = path.join(node.dataDir, 'layergroups', 'spearfish.xml');
      const layerId = String((parseXml(fs.readFileSync(file('sf', 'sf', 'bugsites', 'layer.xml'))).value as { id: string }).id);
      expect(fs.readFileSync(groupFile, 'utf8')).toContain(layerId);
      expect((await call(node, 'DELETE', '/workspaces/sf/datastores/sf/featuretypes/bugsites?recurse=true')).status).toBe(200);
      expect((await get('/workspaces/sf/featuretypes/bugsites.json')).status).toBe(404);
      expect((await get('/layers/sf:bugsites.json')).status).toBe(404);
      expect(fs.existsSync(file('sf', 'sf', 'bugsites'))).toBe(false);
      expect(fs.readFileSync(groupFile, 'utf8')).not.toContain(layerId);
      expect((await call(node, 'DELETE', '/workspaces/topp/wmtsstores/basemap_wmts/layers/tiles2?recurse=true')).status).toBe(200);
      expect((await get('/layers/topp:tiles2.json')).status).toBe(404);
    });

    it('deletes a resource whose layer is gone; a missing one is 404', async () => {
      expect((await call(node, 'DELETE', '/layers/sf:pdsb')).status).toBe(200);
      expect((await call(node, 'DELETE', '/workspaces/sf/featuretypes/pdsb')).status).toBe(200);
      expect(fs.existsSync(file('sf', 'sf', 'pdsb'))).toBe(false);
      expect((await call(node, 'DELETE', '/workspaces/sf/featuretypes/pdsb')).status).toBe(404);
      expect(await names('/workspaces/sf/datastores/sf/featuretypes.json', 'featureTypes', 'featureType')).toEqual(['boxed', 'parcels', 'streams', 'wsLevel']);
    });

    it('lists an empty store as "" (FeatureTypeControllerTest: {"featureTypes":""})', async () => {
      expect((await post('/workspaces/sf/datastores', '<dataStore><name>empty</name></dataStore>')).status).toBe(201);
      expect((await get('/workspaces/sf/datastores/empty/featuretypes.json')).json()).toEqual({ featureTypes: '' });
    });
  });
});
