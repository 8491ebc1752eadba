import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parse.js';
import { call, startNode, tempDir, type NodeProcess, type Reply } from '../helpers/node-process.js';
import { expectRefused } from '../helpers/rest-checks.js';

// Cases from GeoServer's DataStoreControllerTest, CoverageStoreControllerTest, WMSStoreTest and
// WMTSStoreTest, the REST docs (stores.rst) and geoserver-node-client's datastore calls; see
// ../shared/reference/geoserver-rest-contract.md §4. The node starts on a copy of the
// datadir-full fixture (sf: data store sf, coverage store sfdem; topp: postgis, ows_wms, basemap_wmts).

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/datadir-full');
const XML = 'application/xml';
const JSON_TYPE = 'application/json';

function fixtureCopy(): string {
  const dir = tempDir();
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function xml(r: Reply) {
  return parseXml(r.text);
}

describe('REST stores', () => {
  let node: NodeProcess;
  const post = (p: string, body: string, type = XML) => call(node, 'POST', p, { type, body });
  const put = (p: string, body: string, type = XML) => call(node, 'PUT', p, { type, body });
  const file = (...parts: string[]) => path.join(node.dataDir, 'workspaces', ...parts);

  /** Bad input: the answer has `status`, and neither the data directory nor the listings change. */
  const refused = (status: number, step: () => Promise<Reply>, listings = ['/workspaces/sf/datastores.json']) => expectRefused(node, status, step, listings, { plainText: true });


  beforeAll(async () => {
    node = await startNode({ dataDir: fixtureCopy() });
  });
  afterAll(async () => {
    await node?.stop();
  });

  describe('reading', () => {
    it('lists the data stores of a workspace (testGetAllAsJSON, testGetAllAsXML)', async () => {
      expect((await call(node, 'GET', '/workspaces/sf/datastores.json')).json()).toEqual({
        dataStores: { dataStore: [{ name: 'sf', href: `${node.rest}/workspaces/sf/datastores/sf.json` }] },
      });
      const doc = xml(await call(node, 'GET', '/workspaces/sf/datastores.xml'));
      expect(doc.root).toBe('dataStores');
      expect(doc.value).toMatchObject({ dataStore: { name: 'sf', 'atom:link': { '@href': `${node.rest}/workspaces/sf/datastores/sf.xml` } } });
    });

    it('lists coverage, WMS and WMTS stores; an empty list is ""', async () => {
      expect((await call(node, 'GET', '/workspaces/sf/coveragestores.json')).json().coverageStores.coverageStore.map((s: { name: string }) => s.name)).toEqual(['sfdem']);
      expect((await call(node, 'GET', '/workspaces/topp/wmsstores.json')).json().wmsStores.wmsStore).toHaveLength(1);
      expect((await call(node, 'GET', '/workspaces/topp/wmtsstores.json')).json().wmtsStores.wmtsStore).toHaveLength(1);
      expect((await call(node, 'GET', '/workspaces/sf/wmsstores.json')).json()).toEqual({ wmsStores: '' });
      expect((await call(node, 'GET', '/workspaces/topp/coveragestores.json')).json()).toEqual({ coverageStores: '' });
      expect(xml(await call(node, 'GET', '/workspaces/sf/wmtsstores.xml'))).toEqual({ root: 'wmtsStores', value: '' });
    });

    it('shows a data store with its workspace, parameters, _default and feature type link (testGetAsJSON)', async () => {
      const ds = (await call(node, 'GET', '/workspaces/sf/datastores/sf.json')).json().dataStore;
      expect(ds).toMatchObject({ name: 'sf', enabled: true, _default: false, workspace: { name: 'sf', href: `${node.rest}/workspaces/sf.json` } });
      expect(ds.connectionParameters.entry).toContainEqual({ '@key': 'url', $: 'file:data/sf' });
      expect(ds.featureTypes).toBe(`${node.rest}/workspaces/sf/datastores/sf/featuretypes.json`);
      expect(ds.id).toBeUndefined();
    });

    it('shows a data store as XML with <__default> and an atom link to its feature types (testGetAsXML)', async () => {
      const doc = xml(await call(node, 'GET', '/workspaces/sf/datastores/sf.xml'));
      expect(doc.root).toBe('dataStore');
      expect(doc.value).toMatchObject({
        name: 'sf',
        enabled: 'true',
        __default: 'false',
        workspace: { name: 'sf' },
        featureTypes: { 'atom:link': { '@href': `${node.rest}/workspaces/sf/datastores/sf/featuretypes.xml` } },
      });
    });

    it('links WMS stores to wmslayers and WMTS stores to layers (WMSStoreController, WMTSStoreController)', async () => {
      const wms = (await call(node, 'GET', '/workspaces/topp/wmsstores/ows_wms.json')).json().wmsStore;
      expect(wms).toMatchObject({ name: 'ows_wms', type: 'WMS', workspace: { name: 'topp' }, wmslayers: `${node.rest}/workspaces/topp/wmsstores/ows_wms/wmslayers.json` });
      const wmts = (await call(node, 'GET', '/workspaces/topp/wmtsstores/basemap_wmts.json')).json().wmtsStore;
      expect(wmts.layers).toBe(`${node.rest}/workspaces/topp/wmtsstores/basemap_wmts/layers.json`);
      const cs = (await call(node, 'GET', '/workspaces/sf/coveragestores/sfdem.json')).json().coverageStore;
      expect(cs).toMatchObject({ type: 'GeoTIFF', url: 'file:data/sf/sfdem.tif', coverages: `${node.rest}/workspaces/sf/coveragestores/sfdem/coverages.json` });
    });

    it('links each store, and each feature type of a store, in HTML (testGetAllAsHTML, testGetAsHTML)', async () => {
      const links = (html: string) => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
      expect(links((await call(node, 'GET', '/workspaces/topp/datastores.html')).text)).toEqual([`${node.rest}/workspaces/topp/datastores/postgis.html`]);
      expect(links((await call(node, 'GET', '/workspaces/sf/datastores/sf.html')).text)).toEqual([
        `${node.rest}/workspaces/sf/datastores/sf/featuretypes/bugsites.html`,
        `${node.rest}/workspaces/sf/datastores/sf/featuretypes/streams.html`,
      ]);
    });

    it('404 names the store; quietOnNotFound empties the body (testGetWrongDataStore, testGetWrongWMSStore)', async () => {
      const r = await call(node, 'GET', '/workspaces/sf/datastores/sfssssss.html');
      expect(r.status).toBe(404);
      expect(r.text).toContain('No such datastore: sf,sfssssss');
      const q = await call(node, 'GET', '/workspaces/sf/datastores/sfssssss.html?quietOnNotFound=true');
      expect([q.status, q.text]).toEqual([404, '']);
      expect((await call(node, 'GET', '/workspaces/sf/wmsstores/sfssssss.json')).text).toBe('No such wms store: sf,sfssssss');
      expect((await call(node, 'GET', '/workspaces/nope/datastores.json')).status).toBe(404);
    });

    it('405 for PUT/DELETE on a collection and POST on a store (testPutAllUnauthorized, testPostToResource)', async () => {
      expect((await put('/workspaces/sf/datastores', '<dataStore/>')).status).toBe(405);
      expect((await call(node, 'DELETE', '/workspaces/sf/datastores')).status).toBe(405);
      expect((await post('/workspaces/sf/datastores/sf', '<dataStore><name>sf</name><enabled>false</enabled></dataStore>')).status).toBe(405);
    });
  });

  describe('creating', () => {
    it('accepts <k><string>v</string></k> parameters and the workspace as a string (testPostAsXML)', async () => {
      const r = await post('/workspaces/sf/datastores', '<dataStore><name>newDataStore</name><connectionParameters><namespace><string>sf</string></namespace><directory><string>/data/nds</string></directory></connectionParameters><workspace>sf</workspace></dataStore>');
      expect(r.status).toBe(201);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(r.text).toBe('newDataStore');
      expect(r.headers.get('location')).toBe(`${node.rest}/workspaces/sf/datastores/newDataStore`);
      const onDisk = parseXml(fs.readFileSync(file('sf', 'newDataStore', 'datastore.xml')));
      expect(onDisk.root).toBe('dataStore');
      expect(onDisk.value).toMatchObject({
        name: 'newDataStore',
        enabled: 'true',
        __default: 'false',
        connectionParameters: { entry: [{ '@key': 'namespace', $: 'sf' }, { '@key': 'directory', $: '/data/nds' }] },
      });
      expect((onDisk.value as { id: string }).id).toMatch(/^DataStoreInfoImpl-/);
      expect((onDisk.value as { dateCreated?: string }).dateCreated).toBeDefined();
    });

    it('accepts <entry><string>k</string><string>v</string></entry> and no workspace (testDelete, testPostAsXMLNoWorkspace)', async () => {
      const r = await post('/workspaces/sf/datastores', '<dataStore><name>entries</name><connectionParameters><entry><string>namespace</string><string>sf</string></entry><entry key="url">file:data/x</entry></connectionParameters></dataStore>');
      expect(r.status).toBe(201);
      const ds = (await call(node, 'GET', '/workspaces/sf/datastores/entries.json')).json().dataStore;
      expect(ds.workspace.name).toBe('sf');
      expect(ds.connectionParameters.entry).toEqual([{ '@key': 'namespace', $: 'sf' }, { '@key': 'url', $: 'file:data/x' }]);
    });

    it('reads lenient text/json with {"k":{"string":v}} parameters (testPostAsJSON)', async () => {
      const body = "{'dataStore':{'connectionParameters': {'namespace': {'string':'sf'},'directory': {'string':'/data/js'}},'workspace':'sf','name':'jsonStore',}}";
      const r = await post('/workspaces/sf/datastores', body, 'text/json');
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${node.rest}/workspaces/sf/datastores/jsonStore`);
      expect(fs.existsSync(file('sf', 'jsonStore', 'datastore.xml'))).toBe(true);
    });

    it('stringifies JSON "$" numbers and booleans, keeps type and password, adds the namespace parameter (node-client createPostgisStore)', async () => {
      const body = JSON.stringify({
        dataStore: {
          name: 'pg', type: 'PostGIS', enabled: true, workspace: { name: 'sf' },
          connectionParameters: { entry: [{ '@key': 'dbtype', $: 'postgis' }, { '@key': 'port', $: 5432 }, { '@key': 'passwd', $: 'secret' }, { '@key': 'Expose primary keys', $: false }] },
        },
      });
      expect((await post('/workspaces/sf/datastores', body, JSON_TYPE)).status).toBe(201);
      const ds = (await call(node, 'GET', '/workspaces/sf/datastores/pg.json')).json().dataStore;
      expect(ds.type).toBe('PostGIS');
      expect(ds.connectionParameters.entry).toEqual([
        { '@key': 'dbtype', $: 'postgis' }, { '@key': 'port', $: '5432' }, { '@key': 'passwd', $: 'secret' },
        { '@key': 'Expose primary keys', $: 'false' }, { '@key': 'namespace', $: 'http://www.openplans.org/spearfish' },
      ]);
      expect(fs.readFileSync(file('sf', 'pg', 'datastore.xml'), 'utf8')).toContain('<entry key="port">5432</entry>');
    });

    it('creates WMS and WMTS stores as geoserver-node-client sends them (createWmsStore, createWmtsStore)', async () => {
      const wms = await post('/workspaces/sf/wmsstores', JSON.stringify({ wmsStore: { name: 'osm_wms', type: 'WMS', capabilitiesURL: 'https://ows.example/wms?' } }), JSON_TYPE);
      expect([wms.status, wms.headers.get('location')]).toEqual([201, `${node.rest}/workspaces/sf/wmsstores/osm_wms`]);
      const wmts = await post('/workspaces/sf/wmtsstores', JSON.stringify({ wmtsStore: { name: 'tiles', type: 'WMTS', capabilitiesURL: 'https://ows.example/wmts?' } }), JSON_TYPE);
      expect(wmts.status).toBe(201);
      expect((await call(node, 'GET', '/workspaces/sf/wmsstores.json')).json().wmsStores.wmsStore).toHaveLength(1);
      expect((await call(node, 'GET', '/workspaces/sf/wmsstores/osm_wms.json')).json().wmsStore).toMatchObject({ enabled: true, capabilitiesURL: 'https://ows.example/wms?' });
      expect(fs.existsSync(file('sf', 'osm_wms', 'wmsstore.xml'))).toBe(true);
      expect(fs.existsSync(file('sf', 'tiles', 'wmtsstore.xml'))).toBe(true);
      const cs = await post('/workspaces/sf/coveragestores', '<coverageStore><name>dem2</name><type>GeoTIFF</type><url>file:data/dem2.tif</url></coverageStore>');
      expect(cs.status).toBe(201);
      expect(fs.existsSync(file('sf', 'dem2', 'coveragestore.xml'))).toBe(true);
    });

    it('refuses bad input with a 4xx (500 for a duplicate, as GeoServer) and changes nothing', async () => {
      const ds = '/workspaces/sf/datastores';
      expect((await refused(500, () => post(ds, '<dataStore><name>sf</name></dataStore>'))).text).toContain("'sf' already exists");
      expect((await refused(403, () => post(ds, '<dataStore><name>x1</name><workspace>topp</workspace></dataStore>'))).text).toBe('Expected workspace sf but client specified topp');
      await refused(403, () => post(ds, JSON.stringify({ dataStore: { name: 'x2', workspace: { name: 'nope' } } }), JSON_TYPE));
      for (const name of ['a/b', 'a\\b', 'a..b', 'a\u0001b', '']) {
        await refused(400, () => post(ds, JSON.stringify({ dataStore: { name } }), JSON_TYPE));
      }
      await refused(400, () => post(ds, '<dataStore><name>x3</name>'));
      await refused(400, () => post(ds, '{"dataStore":{"name":', JSON_TYPE));
      await refused(400, () => post(ds, '<coverageStore><name>x4</name></coverageStore>'));
      await refused(400, () => post(ds, '<dataStore><name>x5</name><connectionParameters><entry>no key</entry></connectionParameters></dataStore>'));
      await refused(400, () => post(ds, '<dataStore><name>x6</name><enabled>yes</enabled></dataStore>'));
      await refused(404, () => post('/workspaces/nope/datastores', '<dataStore><name>x7</name></dataStore>'));
    });
  });

  describe('updating', () => {
    it('changes only what the body names (testPut, testPutNonDestructive)', async () => {
      const before = (await call(node, 'GET', '/workspaces/sf/datastores/entries.json')).json().dataStore;
      expect((await put('/workspaces/sf/datastores/entries', '<dataStore><name>entries</name><enabled>false</enabled></dataStore>', 'text/xml')).status).toBe(200);
      const after = (await call(node, 'GET', '/workspaces/sf/datastores/entries.json')).json().dataStore;
      expect(after.enabled).toBe(false);
      expect(after.connectionParameters).toEqual(before.connectionParameters);
      expect(after.dateModified).toBeDefined();
      expect((await put('/workspaces/sf/datastores/entries', '<dataStore><name>entries</name></dataStore>')).status).toBe(200);
      expect((await call(node, 'GET', '/workspaces/sf/datastores/entries.json')).json().dataStore.enabled).toBe(false);
    });

    it('replaces the whole connectionParameters map (testPut2)', async () => {
      const body = '<dataStore><name>entries</name><connectionParameters><one><string>1</string></one><two><string>2</string></two></connectionParameters></dataStore>';
      expect((await put('/workspaces/sf/datastores/entries', body)).status).toBe(200);
      const ds = (await call(node, 'GET', '/workspaces/sf/datastores/entries.json')).json().dataStore;
      expect(ds.connectionParameters.entry).toEqual([{ '@key': 'one', $: '1' }, { '@key': 'two', $: '2' }]);
    });

    it('accepts its own JSON back and leaves the store as it was', async () => {
      const before = (await call(node, 'GET', '/workspaces/sf/datastores/sf.json')).json();
      expect((await put('/workspaces/sf/datastores/sf', JSON.stringify(before), JSON_TYPE)).status).toBe(200);
      const after = (await call(node, 'GET', '/workspaces/sf/datastores/sf.json')).json();
      delete after.dataStore.dateModified;
      expect(after).toEqual(before);
    });

    it('renames a store and moves its folder (testPutNameChange)', async () => {
      expect((await post('/workspaces/sf/datastores/jsonStore/featuretypes', '<featureType><name>roads</name></featureType>')).status).toBe(201);
      expect((await put('/workspaces/sf/datastores/jsonStore', '<dataStore><name>renamed</name></dataStore>')).status).toBe(200);
      expect((await call(node, 'GET', '/workspaces/sf/datastores/jsonStore.json')).status).toBe(404);
      expect((await call(node, 'GET', '/workspaces/sf/datastores/renamed/featuretypes/roads.json')).status).toBe(200);
      expect(fs.existsSync(file('sf', 'jsonStore'))).toBe(false);
      expect(fs.existsSync(file('sf', 'renamed', 'datastore.xml'))).toBe(true);
      expect(fs.existsSync(file('sf', 'renamed', 'roads', 'featuretype.xml'))).toBe(true);
      expect(fs.existsSync(file('sf', 'renamed', 'roads', 'layer.xml'))).toBe(true);
    });

    it('moves a data store to another workspace; its resources follow (testPutWorkspaceChange)', async () => {
      expect((await put('/workspaces/sf/datastores/renamed', '<dataStore><workspace>topp</workspace></dataStore>')).status).toBe(200);
      expect((await call(node, 'GET', '/workspaces/sf/datastores/renamed.json')).status).toBe(404);
      expect((await call(node, 'GET', '/workspaces/topp/datastores/renamed.json')).json().dataStore.workspace.name).toBe('topp');
      expect(fs.existsSync(file('topp', 'renamed', 'roads', 'featuretype.xml'))).toBe(true);
      expect(fs.existsSync(file('sf', 'renamed'))).toBe(false);
      const ft = (await call(node, 'GET', '/workspaces/topp/datastores/renamed/featuretypes/roads.json')).json().featureType;
      expect(ft.namespace.name).toBe('topp');
      expect((await call(node, 'GET', '/layers/topp:roads.json')).status).toBe(200);
    });

    it('refuses to rename or move a WMS or WMTS store (WMSStoreTest.testPutNameChangeForbidden, testPutWorkspaceChangeForbidden)', async () => {
      const lists = ['/workspaces/topp/wmsstores.json', '/workspaces/sf/wmsstores.json'];
      await refused(403, () => put('/workspaces/topp/wmsstores/ows_wms', '<wmsStore><name>newName</name></wmsStore>'), lists);
      await refused(403, () => put('/workspaces/topp/wmsstores/ows_wms', '<wmsStore><workspace>sf</workspace></wmsStore>'), lists);
      await refused(403, () => put('/workspaces/topp/wmtsstores/basemap_wmts', '<wmtsStore><name>other</name></wmtsStore>'), ['/workspaces/topp/wmtsstores.json']);
      expect((await put('/workspaces/topp/wmsstores/ows_wms', '<wmsStore><name>ows_wms</name><enabled>false</enabled></wmsStore>')).status).toBe(200);
      expect((await call(node, 'GET', '/workspaces/topp/wmsstores/ows_wms.json')).json().wmsStore).toMatchObject({ enabled: false, maxConnections: 6, readTimeout: 60 });
    });

    it('refuses bad updates and changes nothing', async () => {
      await refused(404, () => put('/workspaces/sf/datastores/nonExistant', '<dataStore><name>changed</name></dataStore>'));
      await refused(500, () => put('/workspaces/sf/datastores/entries', '<dataStore><name>sf</name></dataStore>'));
      await refused(400, () => put('/workspaces/sf/datastores/entries', '<dataStore><name>../x</name></dataStore>'));
      await refused(404, () => put('/workspaces/sf/datastores/entries', '<dataStore><workspace>nope</workspace></dataStore>'));
      await refused(400, () => put('/workspaces/sf/datastores/entries', '<dataStore><enabled>maybe</enabled></dataStore>'));
      await refused(415, () => put('/workspaces/sf/datastores/entries', 'not a body', 'text/plain'));
    });
  });

  describe('deleting', () => {
    it('refuses a store with resources unless ?recurse=true (testDeleteNonEmptyForbidden, testDeleteRecursive)', async () => {
      expect((await refused(403, () => call(node, 'DELETE', '/workspaces/sf/datastores/sf'))).text).toBe('Unable to delete non-empty store.');
      expect((await refused(401, () => call(node, 'DELETE', '/workspaces/sf/coveragestores/sfdem'), ['/workspaces/sf/coveragestores.json'])).text).toBe('coveragestore not empty');
      expect((await call(node, 'DELETE', '/workspaces/sf/datastores/sf?recurse=true')).status).toBe(200);
      expect((await call(node, 'GET', '/workspaces/sf/datastores/sf.json')).status).toBe(404);
      expect((await call(node, 'GET', '/layers/sf:bugsites.json')).status).toBe(404);
      expect(fs.existsSync(file('sf', 'sf'))).toBe(false);
    });

    it('deletes an empty store; a missing one is 404 (testDelete, testDeleteNonExistant)', async () => {
      expect((await call(node, 'DELETE', '/workspaces/sf/datastores/newDataStore')).status).toBe(200);
      expect(fs.existsSync(file('sf', 'newDataStore'))).toBe(false);
      expect((await call(node, 'DELETE', '/workspaces/sf/datastores/newDataStore')).status).toBe(404);
      expect((await call(node, 'DELETE', '/workspaces/sf/wmsstores/osm_wms')).status).toBe(200);
      expect((await call(node, 'GET', '/workspaces/sf/wmsstores.json')).json()).toEqual({ wmsStores: '' });
    });

    it('answers reset on data and coverage stores (testDataStoreReset)', async () => {
      expect((await call(node, 'POST', '/workspaces/sf/coveragestores/sfdem/reset')).status).toBe(200);
      expect((await call(node, 'PUT', '/workspaces/topp/datastores/postgis/reset')).status).toBe(200);
      expect((await call(node, 'POST', '/workspaces/topp/datastores/nope/reset')).status).toBe(404);
    });
  });
});
