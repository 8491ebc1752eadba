import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterMember } from '../helpers/cluster.js';
import { ADMIN, call, until, type NodeProcess } from '../helpers/node-process.js';
import { bridgedPair, bridgeStatus, caughtUp, getJson } from './helpers.js';

const XML = 'application/xml';
const SLD = 'application/vnd.ogc.sld+xml';

/*
 * Two clustered nodes, each keeping its own stand-in GeoServer in step through REST
 * (docs/bridge.md). A change made on either node reaches both stand-ins: the one of the node that
 * made it (a local change) and the other (a replicated change).
 */
describe('GeoServer bridge, downstream', () => {
  let nodes: ClusterMember[];
  let standIns: NodeProcess[];

  beforeAll(async () => {
    ({ nodes, standIns } = await bridgedPair());
    await Promise.all(nodes.map((n) => caughtUp(n)));
  }, 60000);

  afterAll(async () => {
    await Promise.all([...(nodes ?? []), ...(standIns ?? [])].map((n) => n.stop()));
  });

  const ok = async (node: NodeProcess, method: string, p: string, body?: string, type = XML) => {
    const r = await call(node, method, p, { body, type: body === undefined ? undefined : type });
    expect(r.status, `${method} ${p}: ${r.text}`).toBeLessThan(300);
  };

  /** Waits until both stand-ins answer the GET like the node, for the fields named. */
  async function onBothStandIns(p: string, pick: (j: any) => unknown, from: NodeProcess = nodes[0]): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const want = pick(await getJson(from, p));
    expect(want, `${p} on the node`).toBeDefined();
    for (const s of standIns) {
      await until(`${p} on ${s.rest}`, async () => {
        const got = await getJson(s, p);
        return got !== undefined && JSON.stringify(pick(got)) === JSON.stringify(want);
      }, 20000).catch(async (err: Error) => {
        throw new Error(`${err.message}; the stand-in answers ${JSON.stringify(await getJson(s, p))}; bridges: ${JSON.stringify(await Promise.all(nodes.map(bridgeStatus)))}`);
      });
    }
  }

  it('carries changes of every type, made on either node, to both stand-ins', async () => {
    const [a, b] = nodes;
    await ok(a, 'POST', '/workspaces', '<workspace><name>bw</name></workspace>');
    await ok(b, 'PUT', '/namespaces/bw', '<namespace><prefix>bw</prefix><uri>http://example.com/bw</uri></namespace>');
    await ok(a, 'POST', '/workspaces/bw/datastores', '<dataStore><name>ds</name><description>shapes</description><connectionParameters><entry key="url">file:data/x</entry></connectionParameters></dataStore>');
    await ok(a, 'POST', '/workspaces/bw/datastores/ds/featuretypes', '<featureType><name>roads</name><title>Roads</title></featureType>');
    await ok(b, 'POST', '/workspaces/bw/coveragestores', '<coverageStore><name>cs</name><type>GeoTIFF</type><url>file:data/dem.tif</url></coverageStore>');
    await until('cs on a', () => getJson(a, '/workspaces/bw/coveragestores/cs.json'));
    await ok(b, 'POST', '/workspaces/bw/coveragestores/cs/coverages', JSON.stringify({ coverage: { name: 'dem', nativeName: 'dem', srs: 'EPSG:4326', title: 'DEM' } }), 'application/json');
    await ok(a, 'POST', '/workspaces/bw/wmsstores', JSON.stringify({ wmsStore: { name: 'wms', type: 'WMS', capabilitiesURL: 'https://ows.example/wms?' } }), 'application/json');
    await ok(a, 'POST', '/workspaces/bw/wmsstores/wms/wmslayers', JSON.stringify({ wmsLayer: { name: 'countries', nativeName: 'ne:countries', srs: 'EPSG:4326' } }), 'application/json');
    await ok(b, 'POST', '/workspaces/bw/styles?name=red', sld('red', '#ff0000'), SLD);
    await until('roads on b', () => getJson(b, '/layers/bw:roads.json'));
    await until('red on b', () => getJson(b, '/workspaces/bw/styles/red.json'));
    await ok(b, 'PUT', '/layers/bw:roads', '<layer><defaultStyle><name>bw:red</name></defaultStyle></layer>');
    await ok(a, 'POST', '/workspaces/bw/layergroups', '<layerGroup><name>lg</name><publishables><published type="layer"><name>bw:roads</name></published></publishables><styles><style/></styles></layerGroup>');
    await ok(b, 'PUT', '/settings/contact', '<contact><contactPerson>Ada</contactPerson></contact>');
    await ok(a, 'PUT', '/services/wms/settings', '<wms><title>Bridged WMS</title></wms>');
    await ok(b, 'POST', '/security/usergroup/users', '<user><userName>carol</userName><password>carol-pw-1</password><enabled>true</enabled></user>');
    await ok(a, 'POST', '/security/roles/role/ROLE_BRIDGE');
    await until('carol on a', async () => (await call(a, 'GET', '/security/usergroup/users.json')).text.includes('carol'));
    await ok(a, 'POST', '/security/roles/role/ROLE_BRIDGE/user/carol');
    await ok(b, 'POST', '/security/acl/layers', '<rules><rule resource="bw.*.r">ROLE_BRIDGE</rule></rules>');
    await ok(a, 'PUT', '/resource/templates/bridge.ftl', 'hello ${name}', 'text/plain');
    const gwcPut = (node: NodeProcess, p: string, body: string) =>
      fetch(`${node.rest.replace(/\/rest$/, '/gwc/rest')}${p}`, { method: 'PUT', body, headers: { 'Content-Type': XML, Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` } });
    const gs = '<gridSet><name>Bridge4326</name><srs><number>4326</number></srs><extent><coords><double>-180</double><double>-90</double><double>180</double><double>90</double></coords></extent><levels>3</levels><tileHeight>256</tileHeight><tileWidth>256</tileWidth></gridSet>';
    expect((await gwcPut(a, '/gridsets/Bridge4326', gs)).status).toBeLessThan(300);
    expect((await gwcPut(a, '/layers/bw:roads', '<GeoServerLayer><enabled>true</enabled><name>bw:roads</name><gridSubsets><gridSubset><gridSetName>Bridge4326</gridSetName></gridSubset></gridSubsets></GeoServerLayer>')).status).toBeLessThan(300);

    await ok(a, 'PUT', '/logging', '<logging><level>PRODUCTION_LOGGING</level><stdOutLogging>false</stdOutLogging></logging>');
    await ok(b, 'PUT', '/workspaces/bw/settings', '<settings><charset>ISO-8859-1</charset></settings>');
    expect((await gwcPut(a, '/blobstores/bridgebs', '<FileBlobStore><id>bridgebs</id><enabled>false</enabled><baseDirectory>/tmp/bridgebs</baseDirectory><fileSystemBlockSize>4096</fileSystemBlockSize></FileBlobStore>')).status).toBeLessThan(300);
    expect((await gwcPut(b, '/diskquota', '<gwcQuotaConfiguration><maxConcurrentCleanUps>3</maxConcurrentCleanUps></gwcQuotaConfiguration>')).status).toBeLessThan(300);

    await onBothStandIns('/workspaces/bw.json', (j) => j.workspace.name);
    await onBothStandIns('/logging.json', (j) => [j.logging.level, j.logging.stdOutLogging]);
    await onBothStandIns('/workspaces/bw/settings.json', (j) => j.settings.charset);
    await onBothStandIns('/namespaces/bw.json', (j) => j.namespace.uri);
    await onBothStandIns('/workspaces/bw/datastores/ds.json', (j) => [j.dataStore.description, j.dataStore.connectionParameters]);
    await onBothStandIns('/workspaces/bw/datastores/ds/featuretypes/roads.json', (j) => j.featureType.title);
    await onBothStandIns('/workspaces/bw/coveragestores/cs.json', (j) => [j.coverageStore.type, j.coverageStore.url]);
    await onBothStandIns('/workspaces/bw/coveragestores/cs/coverages/dem.json', (j) => j.coverage.title);
    await onBothStandIns('/workspaces/bw/wmsstores/wms.json', (j) => j.wmsStore.capabilitiesURL);
    await onBothStandIns('/workspaces/bw/wmsstores/wms/wmslayers/countries.json', (j) => j.wmsLayer.nativeName);
    await onBothStandIns('/layers/bw:roads.json', (j) => j.layer.defaultStyle.name);
    await onBothStandIns('/workspaces/bw/layergroups/lg.json', (j) => [j.layerGroup.publishables.published].flat().map((p: { name: string }) => p.name));
    for (const s of standIns) {
      await until('the style body on the stand-in', async () => (await call(s, 'GET', '/workspaces/bw/styles/red.sld')).text.includes('#ff0000'), 20000);
    }
    await onBothStandIns('/settings/contact.json', (j) => j.contact.contactPerson);
    await onBothStandIns('/services/wms/settings.json', (j) => j.wms.title);
    for (const s of standIns) {
      await until('carol, her password and ROLE_BRIDGE on the stand-in', async () => {
        // her password travelled as its digest: she can log in to the stand-in (not 401)
        const carol = await call(s, 'GET', '/about/version.json', { auth: 'carol:carol-pw-1' });
        const roles = await call(s, 'GET', '/security/roles/user/carol.json');
        const rules = await call(s, 'GET', '/security/acl/layers.json');
        return carol.status !== 401 && roles.text.includes('ROLE_BRIDGE') && rules.text.includes('bw.*.r') ? true : undefined;
      }, 20000);
      await until('the template on the stand-in', async () => (await call(s, 'GET', '/resource/templates/bridge.ftl')).text === 'hello ${name}', 20000);
      await until('the grid set and tile layer on the stand-in', async () => {
        const get = (p: string) => fetch(`${s.rest.replace(/\/rest$/, '/gwc/rest')}${p}`, { headers: { Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` } }).then((r) => r.text());
        const quota = await get('/diskquota.xml');
        return (await get('/gridsets/Bridge4326.xml')).includes('Bridge4326') && (await get('/layers/bw:roads.xml')).includes('Bridge4326') && quota.includes('<maxConcurrentCleanUps>3<') && (await get('/blobstores/bridgebs.xml')).includes('/tmp/bridgebs') ? true : undefined;
      }, 20000);
    }
    // removals travel too
    await ok(b, 'DELETE', '/workspaces/bw/layergroups/lg');
    for (const s of standIns) await until('lg gone', async () => (await call(s, 'GET', '/workspaces/bw/layergroups/lg.json')).status === 404, 20000);
    for (const n of nodes) expect((await bridgeStatus(n)).refused, JSON.stringify(await bridgeStatus(n))).toBe(0);
  }, 120000);

  it('carries renames to the old names and removals of whole workspaces', async () => {
    const [a, b] = nodes;
    await ok(a, 'POST', '/workspaces', '<workspace><name>rn</name></workspace>');
    await ok(a, 'POST', '/workspaces/rn/datastores', '<dataStore><name>ds</name></dataStore>');
    await ok(a, 'POST', '/workspaces/rn/datastores/ds/featuretypes', '<featureType><name>ft</name></featureType>');
    await until('ft on b', () => getJson(b, '/workspaces/rn/datastores/ds/featuretypes/ft.json'));
    // renamed on the other node: the stand-ins are sent a PUT at the old names (the bridge's mirror)
    await ok(b, 'PUT', '/workspaces/rn/datastores/ds/featuretypes/ft', '<featureType><name>ft2</name></featureType>');
    await ok(b, 'PUT', '/workspaces/rn/datastores/ds', '<dataStore><name>ds2</name></dataStore>');
    await ok(b, 'PUT', '/workspaces/rn', '<workspace><name>rn2</name></workspace>');
    await onBothStandIns('/workspaces/rn2/datastores/ds2/featuretypes/ft2.json', (j) => j.featureType.name, b);
    for (const s of standIns) {
      expect((await call(s, 'GET', '/workspaces/rn.json')).status).toBe(404);
      expect((await call(s, 'GET', '/layers/rn2:ft2.json')).status).toBe(200);
    }
    await ok(a, 'DELETE', '/workspaces/rn2?recurse=true');
    for (const s of standIns) await until('rn2 gone', async () => (await call(s, 'GET', '/workspaces/rn2.json')).status === 404, 20000);
    for (const n of nodes) expect((await bridgeStatus(n)).refused).toBe(0);
  }, 60000);

  it('reports a change the stand-in refuses, keeps it as a dead letter, and carries the changes after it', async () => {
    const [a] = nodes;
    await ok(a, 'POST', '/workspaces', '<workspace><name>gone</name></workspace>');
    await until('gone on stand-in 1', () => getJson(standIns[0], '/workspaces/gone.json'), 20000);
    await caughtUp(a); // its namespace too: sent after, it would make the workspace again
    // changed directly in the stand-in: the store below has no workspace there any more
    await ok(standIns[0], 'DELETE', '/workspaces/gone?recurse=true');
    const before = await bridgeStatus(a);
    await ok(a, 'POST', '/workspaces/gone/datastores', '<dataStore><name>orphan</name><connectionParameters><entry key="passwd">orphan-secret</entry></connectionParameters></dataStore>');
    await ok(a, 'POST', '/workspaces', '<workspace><name>later</name></workspace>');
    await until('later on stand-in 1', () => getJson(standIns[0], '/workspaces/later.json'), 20000);
    const after = await bridgeStatus(a);
    expect(after.refused).toBeGreaterThan(before.refused);
    expect(after.lastRefusal?.type).toBe('dataStore');
    const metrics = await fetch(`${a.rest.replace(/\/rest$/, '/metrics')}`, { headers: { Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` } }).then((r) => r.text());
    expect(metrics).toMatch(new RegExp(`geocluster_bridge_refused_total ${after.refused}\\b`));
    const letters = fs.readdirSync(path.join(a.dataDir, 'cluster', 'bridge-dead-letters'));
    expect(letters.length).toBe(after.refused);
    const letter = fs.readFileSync(path.join(a.dataDir, 'cluster', 'bridge-dead-letters', letters.sort().at(-1)!), 'utf8');
    expect(letter).toContain('orphan');
    // the store's password is masked in the dead letter, as in the cluster's envelopes
    expect(letter).not.toContain('orphan-secret');
  }, 60000);

  it('never shows the password in the log, the status or the metrics', async () => {
    const basic = Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64');
    for (const n of nodes) {
      expect(n.output()).not.toContain(ADMIN.password);
      expect(n.output()).not.toContain(basic);
      expect(n.output()).toContain('keeping a GeoServer in step');
      expect(JSON.stringify(await bridgeStatus(n))).not.toContain(ADMIN.password);
    }
  });
});

function sld(name: string, color: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc"><NamedLayer><Name>${name}</Name><UserStyle><FeatureTypeStyle><Rule><LineSymbolizer><Stroke><CssParameter name="stroke">${color}</CssParameter></Stroke></LineSymbolizer></Rule></FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>`;
}
