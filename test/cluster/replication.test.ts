import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  converged,
  dataFile,
  exists,
  freePort,
  nodeStatus,
  onEvery,
  peerUrl,
  readData,
  snapshotConfig,
  startCluster,
  stopAll,
  type ClusterMember,
  getJson,
  lineSld,
} from '../helpers/cluster.js';
import { call, startNode, tempDir, until, type NodeProcess, type Reply } from '../helpers/node-process.js';

/*
 * Three real nodes with the embedded transport and static discovery (DESIGN §2-§4): every change
 * made over REST on one node must reach the two others, in memory (REST) and on disk (GeoServer's
 * data directory layout), exactly once. Further nodes join the same peers to check the roles of
 * cluster.properties (pure slave, another group, readOnly, a clashing instanceName).
 */

const SECRET = 'replication-test-secret-0123456789';
const XML = 'application/xml';
const JSON_TYPE = 'application/json';
const SLD = 'application/vnd.ogc.sld+xml';
/** Peers retry at most every second, so that nodes started later are found quickly. */
const CLUSTER_ENV = { secret: SECRET, 'connection.maxwait': '1000' };



function readBytes(node: NodeProcess, rel: string): Buffer | undefined {
  try {
    return fs.readFileSync(dataFile(node, rel));
  } catch {
    return undefined;
  }
}

async function send(node: NodeProcess, method: string, p: string, body?: string | Buffer, type = XML): Promise<Reply> {
  return call(node, method, p, body === undefined ? {} : { body, type });
}

/** A REST write that must succeed. */
async function ok(node: NodeProcess, method: string, p: string, body?: string | Buffer, type = XML): Promise<Reply> {
  const r = await send(node, method, p, body, type);
  expect([200, 201], `${method} ${p} on ${node.rest}: ${r.status} ${r.text}`).toContain(r.status);
  return r;
}

describe('replication over the embedded transport', () => {
  let a: ClusterMember, b: ClusterMember, c: ClusterMember;
  let trio: ClusterMember[];
  // nodes started by later tests, listed as peers by the three from the start
  const extra = { slave: 0, other: 0, readOnly: 0, twin: 0, twinAsked: 0 };
  const started: NodeProcess[] = [];

  beforeAll(async () => {
    for (const k of Object.keys(extra) as Array<keyof typeof extra>) extra[k] = await freePort();
    trio = await startCluster(3, { names: ['node-a', 'node-b', 'node-c'], env: CLUSTER_ENV, extraPeers: Object.values(extra).map(peerUrl) });
    [a, b, c] = trio;
    started.push(...trio);
    await converged(trio);
  });
  afterAll(async () => {
    await stopAll(started);
  });

  /** Starts a node that lists the three as its peers, on a port they already list. */
  async function join(port: number, env: Record<string, string>): Promise<NodeProcess> {
    const node = await startNode({ port, dataDir: tempDir(), env: { ...CLUSTER_ENV, 'discovery.peers': trio.map((n) => peerUrl(n.port)).join(','), ...env } });
    started.push(node);
    return node;
  }

  const statuses = () => Promise.all(trio.map(nodeStatus));

  // ---- test 1, step by step: each step changes things on A and waits until B and C (and A) show them ----

  const everywhere = (what: string, probe: (n: NodeProcess) => Promise<boolean> | boolean) => onEvery(trio, what, probe);
  /** Visible over REST on every node, with its files in every data directory. */
  const present = (rest: string, files: string[], check: (json: any) => boolean = () => true) => // eslint-disable-line @typescript-eslint/no-explicit-any
    everywhere(`${rest} and ${files.join(', ')}`, async (n) => {
      const json = await getJson(n, rest);
      return json !== undefined && check(json) && files.every((f) => exists(n, f));
    });
  /** Gone from REST on every node, and its files from every data directory. */
  const absent = (rest: string, files: string[]) =>
    everywhere(`${rest} gone, ${files.join(', ')} gone`, async (n) => (await getJson(n, rest)) === undefined && files.every((f) => !exists(n, f)));
  /** Once converged, the three data directories hold the same files with the same bytes. */
  const sameDataDirs = async () => {
    await converged(trio);
    const disks = trio.map((n) => snapshotConfig(n));
    for (const i of [1, 2]) {
      const diff = [...new Set([...disks[0].keys(), ...disks[i].keys()])].filter((k) => disks[0].get(k) !== disks[i].get(k));
      expect(diff, trio[i].instanceName).toEqual([]);
    }
  };
  const fileHas = (rel: string, ...parts: string[]) => everywhere(`${rel} containing ${parts.join(', ')}`, (n) => parts.every((p) => readData(n, rel)?.includes(p) ?? false));

  /** A workspace with its namespace: add, modify (both), rename (the folder moves, the prefix follows), remove. */
  async function workspaceAndNamespace(): Promise<void> {
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'wtmp' } }), JSON_TYPE);
    await present('/workspaces/wtmp.json', ['workspaces/wtmp/workspace.xml', 'workspaces/wtmp/namespace.xml']);
    await present('/namespaces/wtmp.json', [], (j) => j.namespace.uri === 'http://wtmp');
    await ok(a, 'PUT', '/namespaces/wtmp', '<namespace><uri>http://example.org/wtmp</uri></namespace>');
    await present('/namespaces/wtmp.json', [], (j) => j.namespace.uri === 'http://example.org/wtmp');
    await fileHas('workspaces/wtmp/namespace.xml', '<uri>http://example.org/wtmp</uri>');
    await ok(a, 'PUT', '/workspaces/wtmp', '<workspace><isolated>true</isolated></workspace>');
    await present('/workspaces/wtmp.json', [], (j) => j.workspace.isolated === true);
    await fileHas('workspaces/wtmp/workspace.xml', '<isolated>true</isolated>');
    await ok(a, 'PUT', '/workspaces/wtmp', '<workspace><name>wtmp2</name></workspace>');
    await present('/workspaces/wtmp2.json', ['workspaces/wtmp2/workspace.xml', 'workspaces/wtmp2/namespace.xml']);
    await present('/namespaces/wtmp2.json', [], (j) => j.namespace.uri === 'http://example.org/wtmp');
    await absent('/workspaces/wtmp.json', ['workspaces/wtmp']);
    await ok(a, 'DELETE', '/workspaces/wtmp2');
    await absent('/workspaces/wtmp2.json', ['workspaces/wtmp2']);
    await absent('/namespaces/wtmp2.json', []);
  }

  /** A data, coverage, WMS and WMTS store in workspace rep: add and modify. */
  async function stores(): Promise<void> {
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'rep' } }), JSON_TYPE);
    await ok(a, 'POST', '/workspaces/rep/datastores', '<dataStore><name>ds1</name><connectionParameters><entry key="url">file:data/rep</entry><entry key="passwd">s3cret</entry></connectionParameters></dataStore>');
    await ok(a, 'POST', '/workspaces/rep/coveragestores', '<coverageStore><name>cs1</name><type>GeoTIFF</type><url>file:data/rep.tif</url></coverageStore>');
    await ok(a, 'POST', '/workspaces/rep/wmsstores', JSON.stringify({ wmsStore: { name: 'wms1', type: 'WMS', capabilitiesURL: 'https://ows.example/wms?' } }), JSON_TYPE);
    await ok(a, 'POST', '/workspaces/rep/wmtsstores', JSON.stringify({ wmtsStore: { name: 'wmts1', type: 'WMTS', capabilitiesURL: 'https://ows.example/wmts?' } }), JSON_TYPE);
    await present('/workspaces/rep/datastores/ds1.json', ['workspaces/rep/ds1/datastore.xml']);
    await present('/workspaces/rep/coveragestores/cs1.json', ['workspaces/rep/cs1/coveragestore.xml']);
    await present('/workspaces/rep/wmsstores/wms1.json', ['workspaces/rep/wms1/wmsstore.xml']);
    await present('/workspaces/rep/wmtsstores/wmts1.json', ['workspaces/rep/wmts1/wmtsstore.xml']);
    // the password travelled sealed, and every node stores it in clear, as GeoServer does
    await fileHas('workspaces/rep/ds1/datastore.xml', '<entry key="passwd">s3cret</entry>');
    await ok(a, 'PUT', '/workspaces/rep/datastores/ds1', '<dataStore><description>shapes v2</description></dataStore>');
    await ok(a, 'PUT', '/workspaces/rep/coveragestores/cs1', '<coverageStore><description>dem v2</description></coverageStore>');
    await ok(a, 'PUT', '/workspaces/rep/wmsstores/wms1', '<wmsStore><capabilitiesURL>https://ows.example/wms2?</capabilitiesURL></wmsStore>');
    await ok(a, 'PUT', '/workspaces/rep/wmtsstores/wmts1', '<wmtsStore><capabilitiesURL>https://ows.example/wmts2?</capabilitiesURL></wmtsStore>');
    await present('/workspaces/rep/datastores/ds1.json', [], (j) => j.dataStore.description === 'shapes v2');
    await present('/workspaces/rep/coveragestores/cs1.json', [], (j) => j.coverageStore.description === 'dem v2');
    await present('/workspaces/rep/wmsstores/wms1.json', [], (j) => j.wmsStore.capabilitiesURL === 'https://ows.example/wms2?');
    await present('/workspaces/rep/wmtsstores/wmts1.json', [], (j) => j.wmtsStore.capabilitiesURL === 'https://ows.example/wmts2?');
    await fileHas('workspaces/rep/wmts1/wmtsstore.xml', 'https://ows.example/wmts2?');
  }

  /** Where a resource can be changed: GeoServer maps coverage PUT under the store only. */
  const writable = (p: string) => (p.startsWith('coverages/') ? `coveragestores/cs1/${p}` : p);

  /** A feature type, coverage, WMS layer and WMTS layer, each with its layer: add, modify, rename. */
  async function resources(): Promise<void> {
    await ok(a, 'POST', '/workspaces/rep/datastores/ds1/featuretypes', '<featureType><name>ft1</name></featureType>');
    await ok(a, 'POST', '/workspaces/rep/coveragestores/cs1/coverages', JSON.stringify({ coverage: { name: 'cov1', nativeName: 'rep', srs: 'EPSG:4326' } }), JSON_TYPE);
    await ok(a, 'POST', '/workspaces/rep/wmsstores/wms1/wmslayers', JSON.stringify({ wmsLayer: { name: 'wl1', nativeName: 'ne:countries', srs: 'EPSG:4326' } }), JSON_TYPE);
    await ok(a, 'POST', '/workspaces/rep/wmtsstores/wmts1/layers', '<wmtsLayer><name>tl1</name></wmtsLayer>');
    await present('/workspaces/rep/featuretypes/ft1.json', ['workspaces/rep/ds1/ft1/featuretype.xml', 'workspaces/rep/ds1/ft1/layer.xml']);
    await present('/workspaces/rep/coverages/cov1.json', ['workspaces/rep/cs1/cov1/coverage.xml', 'workspaces/rep/cs1/cov1/layer.xml']);
    await present('/workspaces/rep/wmslayers/wl1.json', ['workspaces/rep/wms1/wl1/wmslayer.xml', 'workspaces/rep/wms1/wl1/layer.xml']);
    await present('/workspaces/rep/wmtslayers/tl1.json', ['workspaces/rep/wmts1/tl1/wmtslayer.xml', 'workspaces/rep/wmts1/tl1/layer.xml']);
    for (const name of ['ft1', 'cov1', 'wl1', 'tl1']) await present(`/layers/rep:${name}.json`, []);
    for (const [path, root] of [['featuretypes/ft1', 'featureType'], ['coverages/cov1', 'coverage'], ['wmslayers/wl1', 'wmsLayer'], ['wmtslayers/tl1', 'wmtsLayer']]) {
      await ok(a, 'PUT', `/workspaces/rep/${writable(path)}`, `<${root}><title>${root} v2</title></${root}>`);
      await present(`/workspaces/rep/${path}.json`, [], (j) => j[root].title === `${root} v2`);
    }
    await fileHas('workspaces/rep/ds1/ft1/featuretype.xml', '<title>featureType v2</title>');
    // rename: the resource folder moves and the layer follows
    for (const [path, root, name] of [['featuretypes/ft1', 'featureType', 'ft2'], ['coverages/cov1', 'coverage', 'cov2'], ['wmslayers/wl1', 'wmsLayer', 'wl2'], ['wmtslayers/tl1', 'wmtsLayer', 'tl2']]) {
      await ok(a, 'PUT', `/workspaces/rep/${writable(path)}`, `<${root}><name>${name}</name></${root}>`);
    }
    await present('/workspaces/rep/featuretypes/ft2.json', ['workspaces/rep/ds1/ft2/featuretype.xml', 'workspaces/rep/ds1/ft2/layer.xml']);
    await present('/workspaces/rep/coverages/cov2.json', ['workspaces/rep/cs1/cov2/coverage.xml', 'workspaces/rep/cs1/cov2/layer.xml']);
    await present('/workspaces/rep/wmslayers/wl2.json', ['workspaces/rep/wms1/wl2/wmslayer.xml', 'workspaces/rep/wms1/wl2/layer.xml']);
    await present('/workspaces/rep/wmtslayers/tl2.json', ['workspaces/rep/wmts1/tl2/wmtslayer.xml', 'workspaces/rep/wmts1/tl2/layer.xml']);
    for (const [old, now] of [['ft1', 'ft2'], ['cov1', 'cov2'], ['wl1', 'wl2'], ['tl1', 'tl2']]) {
      await present(`/layers/rep:${now}.json`, [], (j) => j.layer.name === now);
      await absent(`/layers/rep:${old}.json`, []);
    }
    await absent('/workspaces/rep/featuretypes/ft1.json', ['workspaces/rep/ds1/ft1', 'workspaces/rep/cs1/cov1', 'workspaces/rep/wms1/wl1', 'workspaces/rep/wmts1/tl1']);
  }

  /** Renamed stores take their folder, and the resources in it, along. */
  async function storeRenames(): Promise<void> {
    await ok(a, 'PUT', '/workspaces/rep/datastores/ds1', '<dataStore><name>ds2</name></dataStore>');
    await ok(a, 'PUT', '/workspaces/rep/coveragestores/cs1', '<coverageStore><name>cs2</name></coverageStore>');
    await present('/workspaces/rep/datastores/ds2.json', ['workspaces/rep/ds2/datastore.xml', 'workspaces/rep/ds2/ft2/featuretype.xml', 'workspaces/rep/ds2/ft2/layer.xml']);
    await present('/workspaces/rep/coveragestores/cs2.json', ['workspaces/rep/cs2/coveragestore.xml', 'workspaces/rep/cs2/cov2/coverage.xml']);
    await absent('/workspaces/rep/datastores/ds1.json', ['workspaces/rep/ds1', 'workspaces/rep/cs1']);
  }

  /** A style and its SLD file: POST, PUT of a new body, rename. */
  async function styleWithBody(): Promise<void> {
    const body1 = lineSld('st1', '#112233');
    await ok(a, 'POST', '/workspaces/rep/styles?name=st1', body1, SLD);
    await present('/workspaces/rep/styles/st1.json', ['workspaces/rep/styles/st1.xml', 'workspaces/rep/styles/st1.sld']);
    await everywhere('st1.sld as posted', (n) => readData(n, 'workspaces/rep/styles/st1.sld') === body1);
    const body2 = lineSld('st1', '#445566');
    await ok(a, 'PUT', '/workspaces/rep/styles/st1', body2, SLD);
    await everywhere('st1.sld as put', (n) => readData(n, 'workspaces/rep/styles/st1.sld') === body2);
    await everywhere('GET st1.sld as put', async (n) => (await call(n, 'GET', '/workspaces/rep/styles/st1.sld')).text === body2);
    await ok(a, 'PUT', '/workspaces/rep/styles/st1', '<style><name>st2</name></style>');
    await present('/workspaces/rep/styles/st2.json', ['workspaces/rep/styles/st2.xml', 'workspaces/rep/styles/st2.sld'], (j) => j.style.filename === 'st2.sld');
    await absent('/workspaces/rep/styles/st1.json', ['workspaces/rep/styles/st1.xml', 'workspaces/rep/styles/st1.sld']);
    await everywhere('st2.sld carries the body', (n) => readData(n, 'workspaces/rep/styles/st2.sld') === body2);
  }

  /** The layer itself: style assignment, and removal of a layer alone. */
  async function layerStyles(): Promise<void> {
    await ok(a, 'PUT', '/layers/rep:ft2', '<layer><defaultStyle>rep:st2</defaultStyle><styles><style>line</style><style>point</style></styles></layer>');
    await present('/layers/rep:ft2.json', [], (j) => j.layer.defaultStyle.name === 'rep:st2' && j.layer.styles.style.map((s: { name: string }) => s.name).join() === 'line,point');
    await fileHas('workspaces/rep/ds2/ft2/layer.xml', 'StyleInfoImpl--default-line', 'StyleInfoImpl--default-point');
    await ok(a, 'PUT', '/layers/rep:ft2', '<layer><defaultStyle>polygon</defaultStyle></layer>');
    await present('/layers/rep:ft2.json', [], (j) => j.layer.defaultStyle.name === 'polygon');
    await ok(a, 'DELETE', '/layers/rep:wl2');
    await absent('/layers/rep:wl2.json', ['workspaces/rep/wms1/wl2/layer.xml']);
    await present('/workspaces/rep/wmslayers/wl2.json', ['workspaces/rep/wms1/wl2/wmslayer.xml']);
  }

  /** Layer groups, one nested in another: add, modify, remove. */
  async function layerGroups(): Promise<void> {
    await ok(a, 'POST', '/workspaces/rep/layergroups', '<layerGroup><name>lg1</name><layers><layer>ft2</layer><layer>cov2</layer></layers></layerGroup>');
    await ok(a, 'POST', '/layergroups', '<layerGroup><name>outer</name><publishables><published type="layerGroup">rep:lg1</published><published type="layer">rep:tl2</published></publishables></layerGroup>');
    await present('/workspaces/rep/layergroups/lg1.json', ['workspaces/rep/layergroups/lg1.xml']);
    await present('/layergroups/outer.json', ['layergroups/outer.xml'], (j) => j.layerGroup.publishables.published[0]['@type'] === 'layerGroup' && j.layerGroup.publishables.published[0].name === 'rep:lg1');
    await ok(a, 'PUT', '/layergroups/outer', '<layerGroup><title>Outer v2</title></layerGroup>');
    await present('/layergroups/outer.json', [], (j) => j.layerGroup.title === 'Outer v2');
    await fileHas('layergroups/outer.xml', '<title>Outer v2</title>');
    await ok(a, 'DELETE', '/layergroups/outer');
    await absent('/layergroups/outer.json', ['layergroups/outer.xml']);
  }

  /** Global settings and contact; workspace settings: add, modify, remove. */
  async function settings(): Promise<void> {
    await ok(a, 'PUT', '/settings', JSON.stringify({ global: { settings: { numDecimals: 7, verbose: true } } }), JSON_TYPE);
    await present('/settings.json', [], (j) => j.global.settings.numDecimals === 7);
    await fileHas('global.xml', '<numDecimals>7</numDecimals>');
    await ok(a, 'PUT', '/settings/contact', JSON.stringify({ contact: { contactPerson: 'Ada Lovelace', addressCity: 'London' } }), JSON_TYPE);
    await present('/settings/contact.json', [], (j) => j.contact.contactPerson === 'Ada Lovelace');
    await fileHas('global.xml', '<contactPerson>Ada Lovelace</contactPerson>');
    await ok(a, 'POST', '/workspaces/rep/settings', JSON.stringify({ settings: { numDecimals: 3 } }), JSON_TYPE);
    await present('/workspaces/rep/settings.json', ['workspaces/rep/settings.xml'], (j) => j.settings.numDecimals === 3);
    await ok(a, 'PUT', '/workspaces/rep/settings', JSON.stringify({ settings: { numDecimals: 4 } }), JSON_TYPE);
    await present('/workspaces/rep/settings.json', [], (j) => j.settings.numDecimals === 4);
    await fileHas('workspaces/rep/settings.xml', '<numDecimals>4</numDecimals>');
    await ok(a, 'DELETE', '/workspaces/rep/settings');
    await everywhere('workspace settings gone', async (n) => (await getJson(n, '/workspaces/rep/settings.json')).settings.workspace === undefined && !exists(n, 'workspaces/rep/settings.xml'));
  }

  /** WMS and WFS service settings, global and per workspace; logging. */
  async function servicesAndLogging(): Promise<void> {
    await ok(a, 'PUT', '/services/wms/settings', '<wms><title>Replicated WMS</title></wms>');
    await present('/services/wms/settings.json', [], (j) => j.wms.title === 'Replicated WMS');
    await fileHas('wms.xml', '<title>Replicated WMS</title>');
    await ok(a, 'PUT', '/services/wfs/settings', '<wfs><maxFeatures>500</maxFeatures></wfs>');
    await present('/services/wfs/settings.json', [], (j) => String(j.wfs.maxFeatures) === '500');
    await fileHas('wfs.xml', '<maxFeatures>500</maxFeatures>');
    await ok(a, 'PUT', '/services/wms/workspaces/rep/settings', '<wms><title>rep WMS</title></wms>');
    await present('/services/wms/workspaces/rep/settings.json', ['workspaces/rep/wms.xml'], (j) => j.wms.title === 'rep WMS');
    await ok(a, 'PUT', '/services/wfs/workspaces/rep/settings', '<wfs><enabled>false</enabled><title>rep WFS</title></wfs>');
    await present('/services/wfs/workspaces/rep/settings.json', ['workspaces/rep/wfs.xml'], (j) => j.wfs.title === 'rep WFS');
    await ok(a, 'PUT', '/services/wfs/workspaces/rep/settings', '<wfs><title>rep WFS v2</title></wfs>');
    await present('/services/wfs/workspaces/rep/settings.json', [], (j) => j.wfs.title === 'rep WFS v2');
    await fileHas('workspaces/rep/wfs.xml', '<title>rep WFS v2</title>');
    await ok(a, 'DELETE', '/services/wfs/workspaces/rep/settings');
    await absent('/services/wfs/workspaces/rep/settings.json', ['workspaces/rep/wfs.xml']);
    await ok(a, 'PUT', '/logging', '<logging><level>PRODUCTION_LOGGING</level><stdOutLogging>false</stdOutLogging></logging>');
    await present('/logging.json', [], (j) => j.logging.level === 'PRODUCTION_LOGGING' && j.logging.stdOutLogging === false);
    await fileHas('logging.xml', '<level>PRODUCTION_LOGGING</level>');
  }

  /** A data directory file through /rest/resource: create, overwrite, delete. */
  async function resourceFile(): Promise<void> {
    const icon = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255]);
    expect((await ok(a, 'PUT', '/resource/styles/icons/pin.png', icon, 'image/png')).status).toBe(201);
    await everywhere('pin.png as put', (n) => readBytes(n, 'styles/icons/pin.png')?.equals(icon) ?? false);
    const icon2 = Buffer.concat([icon, Buffer.from('v2')]);
    expect((await ok(a, 'PUT', '/resource/styles/icons/pin.png', icon2, 'image/png')).status).toBe(200);
    await everywhere('pin.png overwritten', (n) => readBytes(n, 'styles/icons/pin.png')?.equals(icon2) ?? false);
    await everywhere('GET /resource/styles/icons/pin.png', async (n) => (await call(n, 'GET', '/resource/styles/icons/pin.png')).status === 200);
    await ok(a, 'DELETE', '/resource/styles/icons/pin.png');
    await everywhere('pin.png gone', async (n) => !exists(n, 'styles/icons/pin.png') && (await call(n, 'GET', '/resource/styles/icons/pin.png')).status === 404);
  }

  /** Removals: the style with purge, resources, stores, then the workspace renamed with all it holds, and removed. */
  async function removals(): Promise<void> {
    await ok(a, 'PUT', '/layers/rep:ft2', '<layer><styles></styles></layer>');
    await ok(a, 'DELETE', '/workspaces/rep/styles/st2?purge=true&recurse=true');
    await absent('/workspaces/rep/styles/st2.json', ['workspaces/rep/styles/st2.xml', 'workspaces/rep/styles/st2.sld', 'workspaces/rep/styles/st2.sld.bak']);
    await ok(a, 'DELETE', '/workspaces/rep/wmslayers/wl2');
    await absent('/workspaces/rep/wmslayers/wl2.json', ['workspaces/rep/wms1/wl2']);
    await ok(a, 'DELETE', '/workspaces/rep/wmtslayers/tl2?recurse=true');
    await absent('/workspaces/rep/wmtslayers/tl2.json', ['workspaces/rep/wmts1/tl2']);
    await absent('/layers/rep:tl2.json', []);
    await ok(a, 'DELETE', '/workspaces/rep/featuretypes/ft2?recurse=true');
    await absent('/workspaces/rep/featuretypes/ft2.json', ['workspaces/rep/ds2/ft2']);
    await ok(a, 'DELETE', '/workspaces/rep/datastores/ds2');
    await ok(a, 'DELETE', '/workspaces/rep/wmsstores/wms1');
    await ok(a, 'DELETE', '/workspaces/rep/wmtsstores/wmts1');
    await absent('/workspaces/rep/datastores/ds2.json', ['workspaces/rep/ds2', 'workspaces/rep/wms1', 'workspaces/rep/wmts1']);
    await absent('/workspaces/rep/wmsstores/wms1.json', []);
    await absent('/workspaces/rep/wmtsstores/wmts1.json', []);
    await ok(a, 'PUT', '/workspaces/rep', '<workspace><name>rep2</name></workspace>');
    await present('/workspaces/rep2/coveragestores/cs2/coverages/cov2.json', ['workspaces/rep2/cs2/cov2/coverage.xml', 'workspaces/rep2/layergroups/lg1.xml', 'workspaces/rep2/namespace.xml']);
    await absent('/workspaces/rep.json', ['workspaces/rep']);
    await ok(a, 'DELETE', '/workspaces/rep2?recurse=true');
    await absent('/workspaces/rep2.json', ['workspaces/rep2']);
    await absent('/layers/rep2:cov2.json', []);
    await absent('/workspaces/rep2/coveragestores/cs2.json', []);
  }

  it('1. every configuration type replicates add, modify, rename and remove to both other nodes, over REST and on disk', async () => {
    await workspaceAndNamespace();
    await stores();
    await resources();
    await storeRenames();
    await styleWithBody();
    await layerStyles();
    await layerGroups();
    await settings();
    await servicesAndLogging();
    await sameDataDirs();
    await resourceFile();
    await removals();

    const all = await converged(trio);
    expect(new Set(all.map((s) => s.digest)).size).toBe(1);
    await sameDataDirs();
    for (const s of all) {
      expect(s.cursors).toEqual(all[0].cursors);
      expect(s.counters.rejected, s.instanceName).toBe(0);
      expect(s.conflicts, s.instanceName).toEqual([]);
    }
  });

  it('5. no echo: N changes on A are published N times by A and applied N times by B and C, re-published by nobody', async () => {
    const before = await statuses();
    const N = 7;
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'echo' } }), JSON_TYPE); // workspace + namespace + default
    await ok(a, 'PUT', '/namespaces/echo', '<namespace><uri>http://echo/2</uri></namespace>');
    await ok(a, 'PUT', '/logging', '<logging><level>VERBOSE_LOGGING</level></logging>');
    await ok(a, 'PUT', '/resource/echo/a.txt', 'a', 'text/plain');
    await ok(a, 'DELETE', '/resource/echo/a.txt');
    const after = await converged(trio);
    const delta = (i: number, k: string) => after[i].counters[k] - before[i].counters[k];
    expect(delta(0, 'published')).toBe(N);
    expect(delta(0, 'applied')).toBe(0);
    for (const i of [1, 2]) {
      expect(delta(i, 'applied'), trio[i].instanceName).toBe(N);
      expect(after[i].counters.published, trio[i].instanceName).toBe(0);
      expect(after[i].cursors[trio[i].instanceName], trio[i].instanceName).toBeUndefined();
      expect(delta(i, 'rejected') + delta(i, 'stale') + delta(i, 'conflicts')).toBe(0);
    }
    expect(after.map((s) => s.cursors['node-a'])).toEqual(after.map(() => before[0].cursors['node-a'] ?? 0).map((x) => x + N));
  });
  it('2. a node that is master and slave (the default) both publishes and applies', async () => {
    const before = await statuses();
    expect(before.map((s) => s.roles)).toEqual(trio.map(() => ({ master: true, slave: true })));
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'from_a' } }), JSON_TYPE);
    await ok(b, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'from_b' } }), JSON_TYPE);
    await ok(b, 'PUT', '/namespaces/from_a', '<namespace><uri>http://b.example/from_a</uri></namespace>');
    await onEvery(trio, 'from_a changed by b, and from_b', async (n) => {
      const ns = await getJson(n, '/namespaces/from_a.json');
      return ns?.namespace.uri === 'http://b.example/from_a' && (await getJson(n, '/workspaces/from_b.json')) !== undefined && exists(n, 'workspaces/from_b/workspace.xml');
    });
    const after = await converged(trio);
    const delta = (i: number, k: string) => after[i].counters[k] - before[i].counters[k];
    expect(delta(1, 'published')).toBeGreaterThanOrEqual(3); // from_b (+ its namespace) and the namespace change
    expect(delta(1, 'applied')).toBeGreaterThanOrEqual(2); // from_a and its namespace
    expect(delta(0, 'applied')).toBe(delta(1, 'published'));
    expect(delta(2, 'applied')).toBe(delta(0, 'published') + delta(1, 'published'));
    expect(after[0].cursors['node-b']).toBe((before[0].cursors['node-b'] ?? 0) + delta(1, 'published'));
  });

  it('3. a pure slave (toggleMaster=false) refuses REST writes with 403 and still applies the masters\' changes', async () => {
    const slave = await join(extra.slave, { instanceName: 'slave-1', toggleMaster: 'false' });
    await converged([...trio, slave]);
    const refusals = [
      await send(slave, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'by_slave' } }), JSON_TYPE),
      await send(slave, 'PUT', '/settings', JSON.stringify({ global: { settings: { numDecimals: 2 } } }), JSON_TYPE),
      await send(slave, 'PUT', '/resource/slave/file.txt', 'x', 'text/plain'),
      await send(slave, 'DELETE', '/workspaces/echo?recurse=true'),
      await send(slave, 'POST', '/styles?name=by_slave', lineSld('by_slave', '#000000'), SLD),
    ];
    for (const r of refusals) {
      expect(r.status, r.text).toBe(403);
      expect(r.text).toMatch(/pure slave/);
      expect(r.text).toMatch(/toggleMaster=false/);
    }
    expect(await getJson(slave, '/workspaces/by_slave.json')).toBeUndefined();
    expect(await getJson(slave, '/workspaces/echo.json')).toBeDefined();
    expect(await getJson(slave, '/styles/by_slave.json')).toBeUndefined();
    expect(exists(slave, 'styles/by_slave.sld')).toBe(false);
    expect(exists(slave, 'slave/file.txt')).toBe(false);
    const st = await nodeStatus(slave);
    expect(st.roles).toEqual({ master: false, slave: true });
    expect(st.counters.published).toBe(0);
    expect(st.cursors['slave-1']).toBeUndefined();

    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'to_slave' } }), JSON_TYPE);
    await ok(c, 'PUT', '/resource/shared/note.txt', 'from c', 'text/plain');
    await onEvery([slave], 'the masters\' changes on the slave', async (n) => (await getJson(n, '/workspaces/to_slave.json')) !== undefined && exists(n, 'workspaces/to_slave/workspace.xml') && readData(n, 'shared/note.txt') === 'from c');
    await converged([...trio, slave]);
    expect((await nodeStatus(slave)).counters.published).toBe(0);
  });

  it('4. a node of another group ignores the cluster\'s changes, and the cluster ignores its changes', async () => {
    const other = await join(extra.other, { instanceName: 'other-1', group: 'other' });
    const otherUrl = peerUrl(extra.other);
    // both sides refuse the other: the cluster nodes' links to it and its links to them say why
    await until('the other group node refused by the three', async () => {
      const st = await nodeStatus(other);
      const links = (st.transport.detail?.links ?? []) as Array<{ lastError?: string }>;
      return links.length === 3 && links.every((l) => /group/.test(l.lastError ?? ''));
    });
    for (const n of trio) {
      await until(`${n.instanceName} refused by the other group node`, async () => {
        const links = ((await nodeStatus(n)).transport.detail?.links ?? []) as Array<{ url: string; lastError?: string }>;
        return /group/.test(links.find((l) => l.url === otherUrl)?.lastError ?? '');
      });
    }
    const otherBefore = await getJson(other, '/workspaces.json');
    await ok(other, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'other_group_ws' } }), JSON_TYPE);
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'cluster_ws' } }), JSON_TYPE);
    await onEvery(trio, 'cluster_ws', async (n) => (await getJson(n, '/workspaces/cluster_ws.json')) !== undefined);
    await converged(trio);
    for (const n of trio) expect(await getJson(n, '/workspaces/other_group_ws.json'), n.instanceName).toBeUndefined();
    expect(await getJson(other, '/workspaces/cluster_ws.json')).toBeUndefined();
    const otherAfter = await getJson(other, '/workspaces.json');
    expect(otherAfter.workspaces.workspace.map((w: { name: string }) => w.name)).toEqual([...(otherBefore.workspaces === '' ? [] : otherBefore.workspaces.workspace.map((w: { name: string }) => w.name)), 'other_group_ws']);
    const st = await nodeStatus(other);
    expect(st.counters.applied).toBe(0);
    expect(Object.keys(st.cursors)).toEqual(['other-1']);
    for (const s of await statuses()) expect(s.cursors['other-1'], s.instanceName).toBeUndefined();
    // a peer of another group is not this node's problem: the three stay connected and ready
    for (const n of trio) {
      expect((await nodeStatus(n)).transport.connected, n.instanceName).toBe(true);
      expect((await fetch(`http://127.0.0.1:${n.port}/geoserver/cluster/ready`)).status, n.instanceName).toBe(200);
    }
  });

  it('6. GET /rest/cluster shows the 15 keys; POST toggleMaster=false takes effect at once, and back', async () => {
    const ORIGINAL = ['instanceName', 'group', 'topicName', 'durable', 'brokerURL', 'connection', 'connection.retry', 'connection.maxwait', 'toggleMaster', 'toggleSlave', 'readOnly', 'embeddedBroker', 'embeddedBrokerProperties', 'xbeanURL', 'CLUSTER_CONFIG_DIR'];
    const json = (await call(b, 'GET', '/cluster.json')).json();
    const props = new Map<string, string>(json.properties.property.map((p: Record<string, string>) => [p['@name'] ?? p.name, p['@value'] ?? p.value]));
    for (const k of ORIGINAL) expect(props.has(k), k).toBe(true);
    expect(props.get('instanceName')).toBe('node-b');
    expect(props.get('group')).toBe('geoserver-cluster');
    expect(props.get('toggleMaster')).toBe('true');
    expect(props.get('secret')).toBe('***');
    const xml = (await call(b, 'GET', '/cluster.xml')).text;
    expect(xml).toMatch(/^<properties>/);
    for (const k of ORIGINAL) expect(xml, k).toContain(`name="${k}"`);
    expect(xml).not.toContain(SECRET);

    const toggle = (value: string) => call(b, 'POST', '/cluster', { type: XML, body: `<properties><property name="toggleMaster" value="${value}"/></properties>` });
    expect((await toggle('false')).status).toBe(201);
    const refused = await send(b, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'while_slave' } }), JSON_TYPE);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/pure slave/);
    expect((await getJson(b, '/cluster.json')).properties.property).toContainEqual({ '@name': 'toggleMaster', '@value': 'false' });
    expect((await nodeStatus(b)).roles).toEqual({ master: false, slave: true });
    expect(readData(b, 'cluster/cluster.properties')).toMatch(/^toggleMaster=false$/m);
    // still a slave: it applies what the others do
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'while_b_slave' } }), JSON_TYPE);
    await onEvery([b], 'while_b_slave on b', async (n) => (await getJson(n, '/workspaces/while_b_slave.json')) !== undefined);

    expect((await toggle('true')).status).toBe(201);
    await ok(b, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'after_master' } }), JSON_TYPE);
    await onEvery(trio, 'after_master', async (n) => (await getJson(n, '/workspaces/after_master.json')) !== undefined);
    for (const n of trio) expect(await getJson(n, '/workspaces/while_slave.json')).toBeUndefined();
    await converged(trio);
  });

  it('7. readOnly=enabled applies replicated changes in memory and writes nothing to its data directory', async () => {
    const ro = await join(extra.readOnly, { instanceName: 'read-only-1', readOnly: 'enabled' });
    await converged([...trio, ro]);
    const disk = snapshotConfig(ro);
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'ro_ws' } }), JSON_TYPE);
    await ok(a, 'POST', '/workspaces/ro_ws/datastores', '<dataStore><name>ro_ds</name></dataStore>');
    await ok(b, 'POST', '/styles?name=ro_style', lineSld('ro_style', '#010203'), SLD);
    await ok(c, 'PUT', '/resource/ro/file.txt', 'read only', 'text/plain');
    await ok(a, 'PUT', '/settings/contact', JSON.stringify({ contact: { contactPerson: 'Read Only' } }), JSON_TYPE);
    await onEvery([ro], 'the changes on the readOnly node', async (n) =>
      (await getJson(n, '/workspaces/ro_ws/datastores/ro_ds.json')) !== undefined &&
      (await getJson(n, '/styles/ro_style.json')) !== undefined &&
      (await getJson(n, '/settings/contact.json'))?.contact.contactPerson === 'Read Only');
    await converged([...trio, ro]);
    // files too are held in memory: the style body and the resource answer over REST
    expect((await call(ro, 'GET', '/styles/ro_style.sld')).text).toBe(lineSld('ro_style', '#010203'));
    expect((await call(ro, 'GET', '/resource/ro/file.txt')).text).toBe('read only');
    expect(snapshotConfig(ro)).toEqual(disk);
    // nor did it write what it took over when it joined: it shows the earlier workspaces, but has no files for them
    expect(await getJson(ro, '/workspaces/echo.json')).toBeDefined();
    for (const ws of ['echo', 'from_a', 'from_b', 'after_master', 'ro_ws']) expect(exists(ro, `workspaces/${ws}`), ws).toBe(false);
    for (const n of trio) expect(exists(n, 'workspaces/ro_ws/ro_ds/datastore.xml'), n.instanceName).toBe(true);
    expect((await nodeStatus(ro)).readOnly).toBe(true);
  });

  it('8. POST /rest/reload on a master publishes nothing', async () => {
    const before = await converged(trio);
    expect((await call(a, 'POST', '/reload')).status).toBe(200);
    expect((await call(b, 'PUT', '/reload')).status).toBe(200);
    // a change after the reloads is the marker: once it is everywhere, anything the reloads published would be too
    await ok(c, 'PUT', '/resource/reload/marker.txt', 'marker', 'text/plain');
    const after = await converged(trio);
    const delta = (i: number, k: string) => after[i].counters[k] - before[i].counters[k];
    expect([delta(0, 'published'), delta(1, 'published'), delta(2, 'published')]).toEqual([0, 0, 1]);
    expect([delta(0, 'applied'), delta(1, 'applied'), delta(2, 'applied')]).toEqual([1, 1, 0]);
    expect(after[0].cursors).toEqual({ ...before[0].cursors, 'node-c': before[0].cursors['node-c'] + 1 });
    expect(after.map((s) => s.digest)).toEqual(before.map(() => after[2].digest));
  });

  it('9. a second node with the same instanceName is refused with a clear error, and its changes do not replicate', async () => {
    const twin = await join(extra.twin, { instanceName: 'node-a' });
    await until('the twin refused', async () => {
      const t = (await nodeStatus(twin)).transport;
      return !t.connected && /instanceName 'node-a' is already used/.test(t.lastError ?? '');
    });
    expect((await fetch(`http://127.0.0.1:${twin.port}/geoserver/cluster/ready`)).status).toBe(503);
    // refused by the cluster, it takes no local changes either: they would be journaled under node-a's name
    const refusedWrite = await call(twin, 'POST', '/workspaces', { type: JSON_TYPE, body: JSON.stringify({ workspace: { name: 'from_twin' } }) });
    expect(refusedWrite.status).toBe(403);
    expect(refusedWrite.text).toMatch(/refused.*instanceName 'node-a'.*own instanceName/);
    expect((await call(twin, 'PUT', '/resource/twin.txt', { type: 'text/plain', body: 'twin' })).status).toBe(403);
    // the three have tried the twin (their link to it says why it is ignored)
    for (const n of [b, c]) {
      await until(`${n.instanceName} ignores the twin`, async () => {
        const links = ((await nodeStatus(n)).transport.detail?.links ?? []) as Array<{ url: string; lastError?: string }>;
        return /node-a/.test(links.find((l) => l.url === peerUrl(extra.twin))?.lastError ?? '');
      });
    }
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'after_twin' } }), JSON_TYPE);
    await onEvery(trio, 'after_twin', async (n) => (await getJson(n, '/workspaces/after_twin.json')) !== undefined);
    await converged(trio);
    for (const n of trio) {
      expect(await getJson(n, '/workspaces/from_twin.json'), n.instanceName).toBeUndefined();
      expect(exists(n, 'twin.txt')).toBe(false);
      expect((await nodeStatus(n)).transport.connected).toBe(true);
    }
  });

  it('9b. a twin the cluster reaches before it asks anyone gives the name up: the node that had it keeps taking writes', async () => {
    // no peers of its own: node-a's link, retrying since the cluster started, asks it first. Each
    // of the two would refuse the other, and node-a, refused first, would lock itself out
    const twin = await join(extra.twinAsked, { instanceName: 'node-a', 'discovery.peers': '' });
    await until('the twin gave the name up', async () => {
      const t = (await nodeStatus(twin)).transport;
      return !t.connected && /instanceName 'node-a' is already used by the node at .* which has published \d+ changes under it \(this node 0\)/.test(t.lastError ?? '');
    }, 20_000);
    const refusedWrite = await call(twin, 'POST', '/workspaces', { type: JSON_TYPE, body: JSON.stringify({ workspace: { name: 'from_asked_twin' } }) });
    expect(refusedWrite.status).toBe(403);
    expect((await nodeStatus(a)).transport.connected).toBe(true);
    await ok(a, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'after_asked_twin' } }), JSON_TYPE);
    await onEvery(trio, 'after_asked_twin', async (n) => (await getJson(n, '/workspaces/after_asked_twin.json')) !== undefined);
    for (const n of trio) expect(await getJson(n, '/workspaces/from_asked_twin.json'), n.instanceName).toBeUndefined();
  });
});

describe('readiness', () => {
  const started: NodeProcess[] = [];
  afterAll(async () => {
    await stopAll(started);
  });
  const ready = async (n: NodeProcess) => {
    const r = await fetch(`http://127.0.0.1:${n.port}/geoserver/cluster/ready`);
    return { status: r.status, body: (await r.json()) as { ready: boolean; reason?: string } };
  };

  it('10. a node whose only peer is down serves reads, says it is not ready, keeps its changes, and converges when the peer starts', async () => {
    const [lonePort, latePort] = [await freePort(), await freePort()];
    const lone = await startNode({ port: lonePort, env: { ...CLUSTER_ENV, instanceName: 'lone', 'discovery.peers': peerUrl(latePort) } });
    started.push(lone);
    expect((await call(lone, 'GET', '/workspaces.json')).status).toBe(200);
    expect((await call(lone, 'GET', '/settings.json')).status).toBe(200);
    const notReady = await ready(lone);
    expect(notReady.status).toBe(503);
    expect(notReady.body.ready).toBe(false);
    expect(notReady.body.reason).toBeTruthy();
    expect((await nodeStatus(lone)).transport.connected).toBe(false);

    await ok(lone, 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'lonely' } }), JSON_TYPE); // workspace, namespace, default
    await ok(lone, 'PUT', '/resource/lonely/readme.txt', 'written while alone', 'text/plain');
    const alone = await nodeStatus(lone);
    expect(alone.cursors).toEqual({ lone: 4 });
    expect(alone.counters.published).toBe(4);
    expect(alone.transport.connected).toBe(false);

    const late = await startNode({ port: latePort, env: { ...CLUSTER_ENV, instanceName: 'late', 'discovery.peers': peerUrl(lonePort) } });
    started.push(late);
    const both = [lone, late];
    await onEvery(both, 'ready', async (n) => (await ready(n)).status === 200, 15000);
    const [s1, s2] = await converged(both);
    expect(s1.digest).toBe(s2.digest);
    expect(s2.cursors.lone).toBe(4);
    expect(await getJson(late, '/workspaces/lonely.json')).toBeDefined();
    expect(readData(late, 'lonely/readme.txt')).toBe('written while alone');
    expect(exists(late, 'workspaces/lonely/workspace.xml')).toBe(true);
    expect((await nodeStatus(lone)).transport.connected).toBe(true);
  });
});
