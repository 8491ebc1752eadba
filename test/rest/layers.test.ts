import * as fs from 'node:fs';
import * as path from 'node:path';
import { GeoServerRestClient } from 'geoserver-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parse.js';
import { ADMIN, call, type NodeProcess, type Reply } from '../helpers/node-process.js';
import { expectRefused, startOnFixture } from '../helpers/rest-checks.js';

// Cases from GeoServer's LayerControllerTest and the layer styles of StyleController, the REST
// docs (layers.rst) and geoserver-node-client's modifyAttribution / assignStyleToLayer; see
// ../shared/reference/geoserver-rest-contract.md §6. The node starts on a copy of the
// datadir-full fixture: 7 layers; sf:bugsites, sf:streams and sf:sfdem are in the global group
// spearfish, topp:tasmania_roads and topp:osm_tiles are in no group.

const XML = 'application/xml';
const JSON_TYPE = 'application/json';

describe('REST layers', () => {
  let node: NodeProcess;
  const get = (p: string) => call(node, 'GET', p);
  const put = (p: string, body: string, type = XML) => call(node, 'PUT', p, { type, body });
  const post = (p: string, body: string, type = XML) => call(node, 'POST', p, { type, body });
  const layerJson = async (name: string) => (await get(`/layers/${name}.json`)).json().layer;
  const layerFile = (...parts: string[]) => path.join(node.dataDir, 'workspaces', ...parts, 'layer.xml');

  /** Bad input: the answer has `status`, and neither the data directory nor the listings change. */
  const refused = (status: number, step: () => Promise<Reply>, listings: string[]) => expectRefused(node, status, step, listings, { plainText: true });

  beforeAll(async () => {
    node = await startOnFixture();
  });
  afterAll(async () => {
    await node?.stop();
  });

  describe('reading', () => {
    it('lists all layers with qualified names and %3A in the hrefs (testGetListAsXML, testGetAllAsXML)', async () => {
      const list = (await get('/layers.json')).json().layers.layer;
      expect(list).toHaveLength(7);
      expect(list).toContainEqual({ name: 'sf:bugsites', href: `${node.rest}/layers/sf%3Abugsites.json` });
      const doc = parseXml((await get('/layers.xml')).text);
      expect(doc.root).toBe('layers');
      expect(doc.value).toMatchObject({ layer: expect.arrayContaining([{ name: 'topp:states', 'atom:link': expect.objectContaining({ '@href': `${node.rest}/layers/topp%3Astates.xml` }) }]) });
    });

    it('lists the layers of a workspace unqualified (testGetListInWorkspaceAsXML, testGetAllInWorkspaceAsXML)', async () => {
      expect((await get('/workspaces/sf/layers.json')).json().layers.layer).toEqual([
        { name: 'bugsites', href: `${node.rest}/workspaces/sf/layers/bugsites.json` },
        { name: 'sfdem', href: `${node.rest}/workspaces/sf/layers/sfdem.json` },
        { name: 'streams', href: `${node.rest}/workspaces/sf/layers/streams.json` },
      ]);
      expect((await get('/workspaces/nope/layers.json')).status).toBe(404);
    });

    it('shows a layer with its unqualified name first (testGetAsXML: GEOS-3336)', async () => {
      const doc = parseXml((await get('/layers/sf:bugsites.xml')).text);
      expect(doc.root).toBe('layer');
      const layer = doc.value as Record<string, unknown>;
      expect(Object.keys(layer)[0]).toBe('name');
      expect(layer).toMatchObject({
        name: 'bugsites',
        type: 'VECTOR',
        defaultStyle: { name: 'point', 'atom:link': { '@href': `${node.rest}/styles/point.xml` } },
        resource: { '@class': 'featureType', name: 'sf:bugsites', 'atom:link': { '@href': `${node.rest}/workspaces/sf/datastores/sf/featuretypes/bugsites.xml` } },
      });
      expect(layer.id).toBeUndefined();
    });

    it('shows workspace styles as ws:name with their workspace (testPutWorkspaceAlternateStyle)', async () => {
      const layer = (await get('/workspaces/sf/layers/bugsites.json')).json().layer;
      expect(layer.styles.style).toEqual([{ name: 'sf:bugsites_sf', workspace: 'sf', href: `${node.rest}/workspaces/sf/styles/bugsites_sf.json` }]);
      expect(layer.attribution).toEqual({ logoWidth: 0, logoHeight: 0 });
      expect((await layerJson('sf:sfdem')).styles).toMatchObject({ '@class': 'linked-hash-set' });
    });

    it('finds an unqualified name in the default workspace first, then anywhere', async () => {
      expect((await layerJson('tasmania_roads')).resource.name).toBe('topp:tasmania_roads');
      expect((await layerJson('bugsites')).resource.name).toBe('sf:bugsites');
    });

    it('404 is text/plain "No such layer: x"; quietOnNotFound empties it (testGetWrongLayer)', async () => {
      const r = await get('/layers/sf:bugsitesssss.html');
      expect([r.status, r.text]).toEqual([404, 'No such layer: sf:bugsitesssss']);
      expect(r.headers.get('content-type')).toMatch(/text\/plain/);
      expect((await get('/layers/x.json')).text).toBe('No such layer: x');
      expect((await get('/layers/sf:nope.json?quietOnNotFound=true')).text).toBe('');
    });

    it('has no POST on /layers, no PUT or DELETE on the collections (405)', async () => {
      expect((await post('/layers', '<layer><name>x</name></layer>')).status).toBe(405);
      expect((await post('/workspaces/sf/layers', '<layer><name>x</name></layer>')).status).toBe(405);
      expect((await call(node, 'DELETE', '/layers')).status).toBe(405);
    });
  });

  describe('updating', () => {
    it('sets the default and alternate styles by name (testPut, testPutNonDestructive)', async () => {
      const before = await layerJson('topp:states');
      const r = await put('/layers/topp:states', '<layer><defaultStyle>dem</defaultStyle><styles><style>line</style></styles></layer>', 'text/xml');
      expect(r.status).toBe(200);
      const after = await layerJson('topp:states');
      expect(after.defaultStyle.name).toBe('dem');
      expect(after.styles.style.map((s: { name: string }) => s.name)).toEqual(['line']);
      expect(after.dateModified).not.toBe(before.dateModified);
      for (const key of ['queryable', 'opaque', 'attribution', 'resource', 'metadata', 'authorityURLs', 'identifiers']) expect(after[key]).toEqual(before[key]);
    });

    it('takes {name, workspace} style references (testPutWorkspaceStyle) on the workspace path (testPutInWorkspace)', async () => {
      const body = '<layer><defaultStyle><name>bugsites_sf</name><workspace>sf</workspace></defaultStyle><enabled>true</enabled></layer>';
      expect((await put('/workspaces/sf/layers/streams', body)).status).toBe(200);
      const doc = parseXml((await get('/layers/sf:streams.xml')).text).value as { defaultStyle: Record<string, unknown> };
      expect(doc.defaultStyle).toMatchObject({ name: 'sf:bugsites_sf', workspace: 'sf', 'atom:link': { '@href': `${node.rest}/workspaces/sf/styles/bugsites_sf.xml` } });
    });

    it('accepts its own JSON with an edited style (testUpdateStyleJSON)', async () => {
      const json = (await get('/layers/topp:states.json')).json();
      json.layer.defaultStyle = { name: 'polygon', href: `${node.rest}/styles/polygon.json` };
      expect((await put('/layers/topp:states', JSON.stringify(json), JSON_TYPE)).status).toBe(200);
      const after = await layerJson('topp:states');
      expect(after.defaultStyle.name).toBe('polygon');
      delete after.dateModified;
      delete json.layer.dateModified;
      expect(after).toEqual(json.layer);
    });

    it('geoserver-node-client modifyAttribution round-trips the layer JSON and keeps everything else', async () => {
      const client = new GeoServerRestClient(`${node.rest}/`, ADMIN.user, ADMIN.password);
      const before = await layerJson('sf:sfdem');
      await client.layers.modifyAttribution('sf', 'sfdem', 'Elevation by USGS', 'https://usgs.example');
      const after = await layerJson('sf:sfdem');
      expect(after.attribution).toEqual({ ...before.attribution, title: 'Elevation by USGS', href: 'https://usgs.example' });
      delete after.dateModified;
      delete after.attribution;
      delete before.attribution;
      expect(after).toEqual(before);
      expect((await client.layers.getLayers('sf')).layers.layer).toHaveLength(3);
      expect(await client.layers.get('sf', 'nope')).toBeUndefined();
    });

    it('refuses unknown styles and bad bodies and changes nothing', async () => {
      const lists = ['/layers.json'];
      expect((await refused(400, () => put('/layers/topp:states', '<layer><defaultStyle>nope</defaultStyle></layer>'), lists)).text).toBe('No such style: nope');
      await refused(400, () => put('/layers/topp:states', '<layer><styles><style>line</style><style><name>x</name><workspace>sf</workspace></style></styles></layer>'), lists);
      await refused(400, () => put('/layers/topp:states', '<layer><defaultStyle>polygon</defaultStyle>'), lists);
      await refused(400, () => put('/layers/topp:states', '{"layer":{', JSON_TYPE), lists);
      await refused(400, () => put('/layers/topp:states', '<featureType><name>x</name></featureType>'), lists);
      await refused(400, () => put('/layers/topp:states', '<layer><queryable>perhaps</queryable></layer>'), lists);
      await refused(404, () => put('/layers/topp:nope', '<layer><defaultStyle>polygon</defaultStyle></layer>'), lists);
    });
  });

  describe('layer styles', () => {
    const styles = async (layer: string) => {
      const list = (await get(`/layers/${layer}/styles.json`)).json().styles;
      return list === '' ? [] : list.style.map((s: { name: string }) => s.name);
    };

    it('lists the alternate styles (StyleControllerTest.testGetAllByLayer)', async () => {
      expect(await styles('sf:bugsites')).toEqual(['bugsites_sf']);
      expect((await get('/layers/sf:bugsites/styles.json')).json().styles.style[0].href).toBe(`${node.rest}/workspaces/sf/styles/bugsites_sf.json`);
      expect(parseXml((await get('/layers/topp:tasmania_roads/styles.xml')).text)).toEqual({ root: 'styles', value: '' });
    });

    it('adds an alternate style; adding it again keeps the count (StyleControllerTest.testPostToLayer)', async () => {
      const r = await post('/layers/topp:tasmania_roads/styles', '<style><name>point</name></style>');
      expect([r.status, r.text]).toEqual([201, 'point']);
      expect(await styles('topp:tasmania_roads')).toEqual(['point']);
      expect((await post('/layers/topp:tasmania_roads/styles', '<style><name>point</name></style>')).status).toBe(201);
      expect(await styles('topp:tasmania_roads')).toEqual(['point']);
      expect((await layerJson('topp:tasmania_roads')).defaultStyle.name).toBe('line');
    });

    it('?default=true makes it the default, with the style JSON as GET returns it (node-client assignStyleToLayer)', async () => {
      const body = JSON.stringify({ style: { name: 'bugsites_sf', format: 'sld', languageVersion: { version: '1.0.0' }, filename: 'bugsites_sf.sld', workspace: { name: 'sf' } } });
      expect((await post('/layers/topp:tasmania_roads/styles?default=true', body, JSON_TYPE)).status).toBe(201);
      const layer = await layerJson('topp:tasmania_roads');
      expect(layer.defaultStyle).toMatchObject({ name: 'sf:bugsites_sf', workspace: 'sf' });
      expect(layer.styles.style.map((s: { name: string }) => s.name)).toEqual(['point', 'sf:bugsites_sf']);
      expect((await post('/layers/topp:osm_tiles/styles', JSON.stringify({ style: { name: 'sf:bugsites_sf' } }), JSON_TYPE)).status).toBe(201);
      expect(await styles('topp:osm_tiles')).toEqual(['bugsites_sf']);
    });

    it('refuses an unknown style or layer and changes nothing', async () => {
      const lists = ['/layers/topp:tasmania_roads/styles.json'];
      await refused(404, () => post('/layers/topp:tasmania_roads/styles', '<style><name>nope</name></style>'), lists);
      await refused(404, () => post('/layers/topp:tasmania_roads/styles', '<style><name>nope:point</name></style>'), lists);
      await refused(404, () => post('/layers/topp:nope/styles', '<style><name>point</name></style>'), lists);
      await refused(400, () => post('/layers/topp:tasmania_roads/styles', '<layer><name>point</name></layer>'), lists);
    });
  });

  describe('deleting', () => {
    it('refuses a layer a group uses with 500, as CatalogImpl.remove does', async () => {
      const r = await refused(500, () => call(node, 'DELETE', '/layers/sf:bugsites'), ['/layers.json']);
      expect(r.text).toBe("Unable to delete layer referenced by layer group 'spearfish'");
    });

    it('removes only the layer; the resource stays (testDelete, testDeleteInWorkspace)', async () => {
      expect((await call(node, 'DELETE', '/layers/topp:tasmania_roads')).status).toBe(200);
      expect((await get('/layers/topp:tasmania_roads.json')).status).toBe(404);
      expect(fs.existsSync(layerFile('topp', 'postgis', 'tasmania_roads'))).toBe(false);
      expect((await get('/workspaces/topp/featuretypes/tasmania_roads.json')).status).toBe(200);
      expect((await call(node, 'DELETE', '/workspaces/topp/layers/osm_tiles')).status).toBe(200);
      expect((await get('/workspaces/topp/wmtslayers/osm_tiles.json')).status).toBe(200);
      expect((await call(node, 'DELETE', '/layers/topp:osm_tiles')).status).toBe(404);
    });

    it('with ?recurse=true removes the resource too and leaves the groups (testDeleteRecursive)', async () => {
      expect((await call(node, 'DELETE', '/layers/sf:bugsites?recurse=true')).status).toBe(200);
      expect((await get('/layers/sf:bugsites.json')).status).toBe(404);
      expect((await get('/workspaces/sf/featuretypes/bugsites.json')).status).toBe(404);
      expect(fs.existsSync(path.join(node.dataDir, 'workspaces', 'sf', 'sf', 'bugsites'))).toBe(false);
      expect((await get('/layers.json')).json().layers.layer).toHaveLength(4);
    });
  });
});
