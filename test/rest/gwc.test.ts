import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gwcCall } from '../helpers/gwc.js';
import { call, type NodeProcess } from '../helpers/node-process.js';
import { expectRefused, startOnFixture } from '../helpers/rest-checks.js';

// GeoWebCache's REST API as GeoServer serves it under /geoserver/gwc/rest (docs/gwc-rest.md):
// TileLayerController with GWCGeoServerRESTConfigurationProvider, GridSetController,
// BlobStoreController, ServerController, DiskQuotaController; GeoServer's
// CatalogLayerEventListener for tile layers that follow their layers.

const XML = 'application/xml';

const gwc = gwcCall;

const tileLayerFile = (node: NodeProcess, id: string) => path.join(node.dataDir, 'gwc-layers', `${id.replace(/[: ]/g, '_')}.xml`);

describe('GeoWebCache REST /gwc/rest', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startOnFixture();
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('answers 401 without credentials, like the REST API', async () => {
    const res = await fetch(`${node.rest.replace(/\/rest$/, '/gwc/rest')}/layers`);
    expect(res.status).toBe(401);
  });

  it('a new layer gets its tile layer with the gwc-gs.xml defaults, and loses it with the layer (CatalogLayerEventListener)', async () => {
    const body = '<featureType><name>gwcroads</name><nativeName>gwcroads</nativeName><srs>EPSG:4326</srs></featureType>';
    expect((await call(node, 'POST', '/workspaces/sf/datastores/sf/featuretypes', { body, type: XML })).status).toBe(201);
    const layerId = (await call(node, 'GET', '/layers/sf:gwcroads.json')).json().layer;
    expect(layerId).toBeDefined();
    const tl = await gwc(node, 'GET', '/layers/sf:gwcroads.json');
    expect(tl.status, tl.text).toBe(200);
    const info = tl.json().GeoServerLayer;
    expect(info).toMatchObject({ name: 'sf:gwcroads', enabled: true, metaWidthHeight: [4, 4] });
    expect(info.mimeFormats).toEqual(['image/png', 'image/jpeg']);
    const files = fs.readdirSync(path.join(node.dataDir, 'gwc-layers'));
    expect(files.some((f) => fs.readFileSync(path.join(node.dataDir, 'gwc-layers', f), 'utf8').includes('<name>sf:gwcroads</name>'))).toBe(true);
    expect((await gwc(node, 'GET', '/layers.json')).json()).toContain('sf:gwcroads');

    expect((await call(node, 'DELETE', '/workspaces/sf/datastores/sf/featuretypes/gwcroads?recurse=true')).status).toBe(200);
    expect((await gwc(node, 'GET', '/layers/sf:gwcroads')).status).toBe(404);
    expect(fs.readdirSync(path.join(node.dataDir, 'gwc-layers')).some((f) => fs.readFileSync(path.join(node.dataDir, 'gwc-layers', f), 'utf8').includes('sf:gwcroads'))).toBe(false);
  });

  it('PUT a tile layer for an existing layer: 200 "layer saved", stored in gwc-layers/<layer id>.xml (TileLayerController)', async () => {
    const body = '<GeoServerLayer><enabled>true</enabled><name>sf:bugsites</name><mimeFormats><string>image/png</string></mimeFormats>'
      + '<gridSubsets><gridSubset><gridSetName>EPSG:4326</gridSetName></gridSubset></gridSubsets><metaWidthHeight><int>2</int><int>3</int></metaWidthHeight><expireCache>60</expireCache></GeoServerLayer>';
    const r = await gwc(node, 'PUT', '/layers/sf:bugsites.xml', { body, type: XML });
    expect([r.status, r.text]).toEqual([200, 'layer saved']);
    const got = (await gwc(node, 'GET', '/layers/sf:bugsites.json')).json().GeoServerLayer;
    expect(got).toMatchObject({ name: 'sf:bugsites', enabled: true, metaWidthHeight: [2, 3], expireCache: 60, mimeFormats: ['image/png'] });
    expect(fs.readFileSync(tileLayerFile(node, got.id), 'utf8')).toContain('<expireCache>60</expireCache>');
  });

  it('a renamed layer renames its tile layer, same id, same file (handleRename)', async () => {
    const before = (await gwc(node, 'GET', '/layers/sf:bugsites.json')).json().GeoServerLayer;
    expect((await call(node, 'PUT', '/workspaces/sf/datastores/sf/featuretypes/bugsites', { body: '<featureType><name>bugsites2</name></featureType>', type: XML })).status).toBe(200);
    const after = (await gwc(node, 'GET', '/layers/sf:bugsites2.json')).json().GeoServerLayer;
    expect(after.id).toBe(before.id);
    expect(fs.readFileSync(tileLayerFile(node, after.id), 'utf8')).toContain('<name>sf:bugsites2</name>');
    expect((await call(node, 'PUT', '/workspaces/sf/datastores/sf/featuretypes/bugsites2', { body: '<featureType><name>bugsites</name></featureType>', type: XML })).status).toBe(200);
  });

  it('refuses bad tile layer bodies and changes nothing', async () => {
    const reads = ['/layers'];
    const put = (p: string, body: string) => () => gwc(node, 'PUT', p, { body, type: XML });
    await expectRefused(node, 400, put('/layers/sf:bugsites', '<GeoServerLayer><enabled>true</enabled></GeoServerLayer>'), reads);
    await expectRefused(node, 404, put('/layers/sf:nothere', '<GeoServerLayer><name>sf:nothere</name></GeoServerLayer>'), reads);
    await expectRefused(node, 400, put('/layers/sf:bugsites', '<GeoServerLayer><name>sf:bugsites</name><gridSubsets><gridSubset><gridSetName>NoSuchGrid</gridSetName></gridSubset></gridSubsets></GeoServerLayer>'), reads);
    await expectRefused(node, 400, put('/layers/sf:bugsites', '<GeoServerLayer><name>sf:bugsites</name><parameterFilters><bogusFilter/></parameterFilters></GeoServerLayer>'), reads);
    await expectRefused(node, 400, put('/layers/sf:bugsites', '<GeoServerLayer><name'), reads);
    expect((await gwc(node, 'GET', '/layers/sf:nothere')).text).toBe('Unknown layer: sf:nothere');
    expect((await gwc(node, 'DELETE', '/layers')).status).toBe(405);
  });

  it('grid sets: built-ins listed, PUT 201 then 200, stored in gwc/geowebcache.xml, DELETE takes it out of tile layers (GWC.removeGridSets)', async () => {
    expect((await gwc(node, 'GET', '/gridsets.json')).json()).toContain('EPSG:4326');
    const gs = '<gridSet><name>My4326</name><srs><number>4326</number></srs><extent><coords><double>-180</double><double>-90</double><double>180</double><double>90</double></coords></extent><levels>4</levels><tileHeight>256</tileHeight><tileWidth>256</tileWidth></gridSet>';
    expect((await gwc(node, 'PUT', '/gridsets/My4326', { body: gs, type: XML })).status).toBe(201);
    expect((await gwc(node, 'PUT', '/gridsets/My4326', { body: gs, type: XML })).status).toBe(200);
    const file = path.join(node.dataDir, 'gwc', 'geowebcache.xml');
    expect(fs.readFileSync(file, 'utf8')).toContain('<name>My4326</name>');
    const tl = '<GeoServerLayer><enabled>true</enabled><name>sf:bugsites</name><gridSubsets><gridSubset><gridSetName>My4326</gridSetName></gridSubset></gridSubsets></GeoServerLayer>';
    expect((await gwc(node, 'PUT', '/layers/sf:bugsites', { body: tl, type: XML })).status).toBe(200);
    expect((await gwc(node, 'DELETE', '/gridsets/My4326')).status).toBe(200);
    // this data directory had no geowebcache.xml and now holds nothing of it again: the file goes, so
    // that what is on disk loads back to exactly what the node holds (no default globals appear)
    expect(fs.existsSync(file)).toBe(false);
    const after = (await gwc(node, 'GET', '/layers/sf:bugsites.json')).json().GeoServerLayer;
    expect(after.enabled).toBe(false);
    expect((await gwc(node, 'DELETE', '/gridsets/EPSG:4326')).status).toBe(403);
    await expectRefused(node, 400, () => gwc(node, 'PUT', '/gridsets/Other', { body: gs, type: XML }), ['/gridsets']);
  });

  it('blob stores, global settings and disk quota are stored in GWC files', async () => {
    const bs = '<FileBlobStore default="false"><id>store1</id><enabled>true</enabled><baseDirectory>/tmp/tiles</baseDirectory><fileSystemBlockSize>4096</fileSystemBlockSize></FileBlobStore>';
    expect((await gwc(node, 'PUT', '/blobstores/store1', { body: bs, type: XML })).status).toBe(201);
    expect((await gwc(node, 'GET', '/blobstores/store1.json')).json().FileBlobStore.id).toBe('store1');
    expect(fs.readFileSync(path.join(node.dataDir, 'gwc', 'geowebcache.xml'), 'utf8')).toContain('<baseDirectory>/tmp/tiles</baseDirectory>');
    await expectRefused(node, 400, () => gwc(node, 'PUT', '/blobstores/store2', { body: '<NoBlobStore><id>store2</id></NoBlobStore>', type: XML }), ['/blobstores']);

    expect((await gwc(node, 'PUT', '/global', { body: '<global><backendTimeout>60</backendTimeout></global>', type: XML })).status).toBe(200);
    expect((await gwc(node, 'GET', '/global.json')).json().global.backendTimeout).toBe(60);
    await expectRefused(node, 400, () => gwc(node, 'PUT', '/global', { body: '<global><version>9</version></global>', type: XML }), ['/global']);

    const q = await gwc(node, 'PUT', '/diskquota.json', { body: '{"gwcQuotaConfiguration":{"enabled":true}}', type: 'application/json' });
    expect(q.status, q.text).toBe(200);
    expect(q.json()['org.geowebcache.diskquota.DiskQuotaConfig'].enabled).toBe(true);
    expect(fs.readFileSync(path.join(node.dataDir, 'gwc', 'geowebcache-diskquota.xml'), 'utf8')).toContain('<enabled>true</enabled>');
  });

  it('/rest/resource cannot write GeoWebCache configuration files: they belong to the catalog', async () => {
    for (const file of ['gwc-gs.xml', 'gwc/geowebcache.xml', 'gwc-layers/x.xml', 'gwc/geowebcache-diskquota.xml']) {
      await expectRefused(node, 403, () => call(node, 'PUT', `/resource/${file}`, { body: '<x/>', type: XML }), ['/resource/gwc.xml']);
    }
  });

  it('operations on tiles answer 501: this node holds configuration only', async () => {
    for (const [m, p] of [['POST', '/seed/sf:bugsites.json'], ['GET', '/seed.json'], ['POST', '/masstruncate'], ['GET', '/statistics']]) {
      const r = await gwc(node, m, p, { body: m === 'POST' ? '<x/>' : undefined, type: XML });
      expect(r.status, p).toBe(501);
      expect(r.text).toMatch(/configuration only/);
    }
  });
});

describe('GeoWebCache files GeoServer wrote, loaded by a node', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startOnFixture('gwc');
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('serves the tile layers of gwc-layers/, the grid sets of gwc/geowebcache.xml and the disk quota file, and rewrites nothing', async () => {
    const before = fs.readFileSync(path.join(node.dataDir, 'gwc', 'geowebcache.xml'), 'utf8');
    const layers = (await gwc(node, 'GET', '/layers.json')).json() as string[];
    expect(layers.length).toBe(fs.readdirSync(path.join(node.dataDir, 'gwc-layers')).length);
    const configured = before.match(/<gridSet>\s*<name>([^<]+)<\/name>/)![1];
    expect((await gwc(node, 'GET', `/gridsets/${configured}.json`)).status).toBe(200);
    expect((await gwc(node, 'GET', '/diskquota.json')).json()['org.geowebcache.diskquota.DiskQuotaConfig']).toHaveProperty('enabled');
    expect(fs.readFileSync(path.join(node.dataDir, 'gwc', 'geowebcache.xml'), 'utf8')).toBe(before);
  });
});
