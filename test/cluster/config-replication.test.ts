import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { converged, dataFile, onEvery, readData, snapshotConfig, startCluster, stopAll, type ClusterMember } from '../helpers/cluster.js';
import { gwcCall } from '../helpers/gwc.js';
import { call, type NodeProcess } from '../helpers/node-process.js';
import { ICON_SLD, makeZip } from '../helpers/zip.js';

/*
 * Configuration beside the catalog, across three real nodes. Templates (TemplateController) are
 * files of the data directory and travel as files.
 *
 * GeoWebCache configuration replicates like any other (issue: GWC configuration in GeoServer's
 * files): three real nodes with the embedded transport; a change on one master appears on the
 * others over /gwc/rest and in their data directories (gwc-layers/, gwc/geowebcache.xml), and the
 * tile layer GeoServer creates for a new layer is made once, by the node that made the layer.
 */

const XML = 'application/xml';
const ENV = { secret: 'gwc-replication-secret-0123456789', 'connection.maxwait': '1000' };

async function ok(reply: Promise<{ status: number; text: string }>): Promise<void> {
  const r = await reply;
  expect([200, 201], r.text).toContain(r.status);
}

/** The tile layer files of a node, by content. */
function tileLayerFiles(node: NodeProcess): string[] {
  return [...snapshotConfig(node).entries()].filter(([k]) => k.startsWith('gwc-layers')).map(([, v]) => Buffer.from(v, 'base64').toString('utf8'));
}

describe('GeoWebCache configuration across a cluster', () => {
  let trio: ClusterMember[];
  beforeAll(async () => {
    trio = await startCluster(3, { names: ['gwc-a', 'gwc-b', 'gwc-c'], env: ENV });
    await converged(trio);
  });
  afterAll(async () => {
    await stopAll(trio);
  });
  const everywhere = (what: string, probe: (n: NodeProcess) => Promise<boolean> | boolean) => onEvery(trio, what, probe, 15000);
  const tileLayer = async (n: NodeProcess, name: string) => {
    const r = await gwcCall(n, 'GET', `/layers/${name}.json`);
    return r.status === 200 ? r.json().GeoServerLayer : undefined;
  };

  it('a new layer on A gets one tile layer, on every node and in every data directory', async () => {
    const [a] = trio;
    await ok(call(a, 'POST', '/workspaces', { body: '<workspace><name>tiles</name></workspace>', type: XML }));
    await ok(call(a, 'POST', '/workspaces/tiles/datastores', { body: '<dataStore><name>ds</name></dataStore>', type: XML }));
    await ok(call(a, 'POST', '/workspaces/tiles/datastores/ds/featuretypes', { body: '<featureType><name>roads</name></featureType>', type: XML }));
    await everywhere('tile layer tiles:roads', async (n) => (await tileLayer(n, 'tiles:roads')) !== undefined && tileLayerFiles(n).some((f) => f.includes('<name>tiles:roads</name>')));
    await converged(trio);
    for (const n of trio) expect(tileLayerFiles(n).filter((f) => f.includes('tiles:roads'))).toHaveLength(1);
  });

  it('a tile layer changed on B, a grid set added on C and a blob store on A reach every node and file', async () => {
    const [a, b, c] = trio;
    const gs = '<gridSet><name>Grid3</name><srs><number>4326</number></srs><extent><coords><double>-180</double><double>-90</double><double>180</double><double>90</double></coords></extent><levels>3</levels></gridSet>';
    await ok(gwcCall(c, 'PUT', '/gridsets/Grid3', { body: gs, type: XML }));
    const bs = '<FileBlobStore default="false"><id>disk1</id><enabled>true</enabled><baseDirectory>/srv/tiles</baseDirectory></FileBlobStore>';
    await ok(gwcCall(a, 'PUT', '/blobstores/disk1', { body: bs, type: XML }));
    await everywhere('Grid3 and disk1 in geowebcache.xml', (n) => ['<name>Grid3</name>', '<id>disk1</id>'].every((s) => readData(n, 'gwc/geowebcache.xml')?.includes(s) ?? false));
    const tl = '<GeoServerLayer><enabled>true</enabled><name>tiles:roads</name><blobStoreId>disk1</blobStoreId><gridSubsets><gridSubset><gridSetName>Grid3</gridSetName></gridSubset></gridSubsets>'
      + '<metaWidthHeight><int>2</int><int>2</int></metaWidthHeight></GeoServerLayer>';
    await ok(gwcCall(b, 'PUT', '/layers/tiles:roads', { body: tl, type: XML }));
    await everywhere('tiles:roads on Grid3 in disk1', async (n) => {
      const t = await tileLayer(n, 'tiles:roads');
      return t?.blobStoreId === 'disk1' && tileLayerFiles(n).some((f) => f.includes('<gridSetName>Grid3</gridSetName>'));
    });
  });

  it('removing the grid set on A takes it out of the tile layer everywhere; removing the layer on C removes its tile layer everywhere', async () => {
    const [a, , c] = trio;
    await ok(gwcCall(a, 'DELETE', '/gridsets/Grid3'));
    await everywhere('tiles:roads without Grid3, disabled', async (n) => (await tileLayer(n, 'tiles:roads'))?.enabled === false && !(readData(n, 'gwc/geowebcache.xml') ?? '').includes('Grid3'));
    await ok(call(c, 'DELETE', '/workspaces/tiles/datastores/ds/featuretypes/roads?recurse=true'));
    await everywhere('tiles:roads gone', async (n) => (await tileLayer(n, 'tiles:roads')) === undefined && !tileLayerFiles(n).some((f) => f.includes('tiles:roads')));
    await converged(trio);
    const disks = trio.map((n) => snapshotConfig(n));
    for (const i of [1, 2]) {
      const diff = [...new Set([...disks[0].keys(), ...disks[i].keys()])].filter((k) => disks[0].get(k) !== disks[i].get(k));
      expect(diff, trio[i].instanceName).toEqual([]);
    }
  });

  it('a template PUT on A is served by B and C, from the same folder of their data directories', async () => {
    const [a, b, c] = trio;
    await ok(call(a, 'PUT', '/workspaces/tiles/templates/content.ftl', { body: '<#list features as f>${f.fid}</#list>', type: 'text/plain' }));
    for (const n of [b, c]) {
      const template = '<#list features as f>${f.fid}</#list>';
      await onEvery([n], 'content.ftl on disk', (m) => readData(m, 'workspaces/tiles/content.ftl') === template, 15000);
      expect((await call(n, 'GET', '/workspaces/tiles/templates/content.ftl')).text).toBe(template);
    }
    await ok(call(b, 'DELETE', '/workspaces/tiles/templates/content.ftl'));
    await everywhere('content.ftl gone', (n) => readData(n, 'workspaces/tiles/content.ftl') === undefined);
  });

  it('a zipped SLD posted on B arrives on A and C with its icon, icon and all', async () => {
    const [a, b, c] = trio;
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const zip = makeZip([{ name: 'iconic.sld', data: ICON_SLD }, { name: 'icon.png', data: png }]);
    await ok(call(b, 'POST', '/workspaces/tiles/styles', { body: zip, type: 'application/zip' }));
    for (const n of [a, c]) {
      await onEvery([n], 'iconic.sld and icon.png', (m) => readData(m, 'workspaces/tiles/styles/icon.png') !== undefined && readData(m, 'workspaces/tiles/styles/iconic.sld') === ICON_SLD, 15000);
      expect(fs.readFileSync(dataFile(n, 'workspaces/tiles/styles/icon.png'))).toEqual(png);
      expect((await call(n, 'GET', '/workspaces/tiles/styles/iconic.sld')).text).toBe(ICON_SLD);
    }
  });
});
