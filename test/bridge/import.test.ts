import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converged, startCluster, stopAll, type ClusterMember } from '../helpers/cluster.js';
import { call, startNode, type NodeProcess } from '../helpers/node-process.js';
import { baseUrl, differences, fullDataDir, runCli } from './bridge-helpers.js';

// `geocluster import --from URL` reads a GeoServer's whole configuration through its REST API and
// writes it into an empty cluster through a node's REST API (docs/bridge-import.md). The
// stand-in GeoServer is a lone node on the fixture data directory that holds objects of every
// catalog and configuration kind (test/fixtures/datadir-full/README.md), plus security and
// GeoWebCache objects made over REST. GeoServer REST behaviour relied on: listings
// (/rest/workspaces, …/datastores, …/featuretypes, /rest/layers, /rest/styles, /rest/layergroups),
// POST to a collection creates, PUT changes the fields sent, POST of a feature type creates its
// layer (FeatureTypeController), POST of a namespace creates its workspace (NamespaceController),
// PUT /rest/styles/{s}?raw=true stores a style body as sent (StyleController), /rest/security/…
// never shows a password (UsersRestController), PUT /gwc/rest/layers/{name} adds or replaces a
// tile layer (GeoWebCache's TileLayerController), PUT /rest/…/templates/{name}.ftl of text/plain
// makes a template (TemplateController).

const XML = 'application/xml';

describe('geocluster import --from a GeoServer into an empty cluster of two nodes', () => {
  let standIn: NodeProcess;
  let cluster: ClusterMember[] = [];
  beforeAll(async () => {
    [standIn, cluster] = await Promise.all([startNode({ dataDir: fullDataDir() }), startCluster(2)]);
    const made = await Promise.all([
      call(standIn, 'POST', '/security/usergroup/group/editors'),
      call(standIn, 'POST', '/security/roles/role/EDITOR'),
      call(standIn, 'POST', '/security/usergroup/users', { type: XML, body: '<user><userName>alice</userName><password>alice-secret-1</password><enabled>true</enabled></user>' }),
      call(standIn, 'POST', '/security/acl/layers', { type: XML, body: '<rules><rule resource="topp.*.w">EDITOR</rule></rules>' }),
      call(standIn, 'PUT', '/workspaces/sf/templates/header.ftl', { type: 'text/plain', body: '<h1>${layer.name}</h1>' }),
      call(standIn, 'PUT', '/workspaces/sf/datastores/sf/featuretypes/bugsites/templates/content.ftl', { type: 'text/plain', body: '<#list features as f>${f.fid}</#list>' }),
    ]);
    made.push(await call(standIn, 'POST', '/security/roles/role/EDITOR/group/editors'));
    const gwc = await fetch(`${baseUrl(standIn)}/gwc/rest/layers/topp:states.xml`, {
      method: 'PUT',
      headers: { Authorization: `Basic ${Buffer.from('admin:test-admin-password').toString('base64')}`, 'Content-Type': 'text/xml' },
      body: '<GeoServerLayer><name>topp:states</name><enabled>true</enabled><mimeFormats><string>image/png</string></mimeFormats><expireCache>60</expireCache></GeoServerLayer>',
    });
    for (const r of made) expect(r.status, r.text).toBeLessThan(300);
    expect(gwc.status, await gwc.text()).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await stopAll([standIn, ...cluster]);
  });

  it('imports every object, reports the one it cannot (a user: REST never shows its password), and both nodes converge', async () => {
    const r = await runCli(['import', '--from', baseUrl(standIn), '--url', baseUrl(cluster[0])]);
    expect(r.stderr).toContain('reading the GeoServer');
    expect(r.stdout).toMatch(/^resource\s+7\s+7$/m);
    expect(r.stdout).toMatch(/^layer\s+7\s+7$/m);
    expect(r.stdout).toMatch(/^layerGroup\s+3\s+3$/m);
    expect(r.stdout).toMatch(/^template\s+2\s+2$/m);
    expect(r.stdout).toContain('1 not imported:');
    expect(r.stdout).toMatch(/\/rest\/security\/usergroup\/user\/alice: .*password/);
    expect(r.code).toBe(1);
    await converged(cluster, 30_000);
    for (const node of cluster) {
      // the same configuration through REST on the stand-in and on every node, but for alice;
      // a node may hold more (tile layers GeoWebCache makes for new layers), never less or other
      const diffs = (await differences(standIn, node)).filter((d) => d.kind !== 'extra');
      expect(diffs.map((d) => `${d.kind} ${d.path} ${d.fields?.join(',') ?? ''}`)).toEqual(['missing /rest/security/usergroup/user/alice ']);
    }
    // a few objects side by side, as a GeoServer client reads them
    for (const path of ['/workspaces/sf/datastores/sf/featuretypes/bugsites.json', '/layergroups/overview.json', '/services/wms/workspaces/sf/settings.json']) {
      const want = (await call(standIn, 'GET', path)).json();
      for (const node of cluster) {
        const have = (await call(node, 'GET', path)).json();
        // every field the GeoServer shows, the same (a node may add its defaults, as GeoServer does on creation)
        expect(withoutVolatile(have), `${path} on ${node.rest}`).toMatchObject(withoutVolatile(want) as object);
      }
    }
    const css = (await call(standIn, 'GET', '/styles/states_css.css')).text;
    for (const node of cluster) expect((await call(node, 'GET', '/styles/states_css.css')).text).toBe(css);
  }, 180_000);

  it('refuses a node that already holds workspaces, changing nothing; --force adds and changes, removes nothing', async () => {
    const before = (await call(cluster[0], 'GET', '/settings.json')).json().global.updateSequence;
    const refused = await runCli(['import', '--from', baseUrl(standIn), '--url', baseUrl(cluster[0])]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^geocluster: .*already holds workspaces.*--force/m);
    expect((await call(cluster[0], 'GET', '/settings.json')).json().global.updateSequence).toBe(before);
    // a workspace only the node has stays; a title changed on the GeoServer is brought over
    expect((await call(cluster[0], 'POST', '/workspaces', { type: XML, body: '<workspace><name>only_here</name></workspace>' })).status).toBe(201);
    expect((await call(standIn, 'PUT', '/workspaces/topp/datastores/postgis/featuretypes/states', { type: XML, body: '<featureType><title>Changed on the GeoServer</title></featureType>' })).status).toBe(200);
    const forced = await runCli(['import', '--force', '--from', baseUrl(standIn), '--url', baseUrl(cluster[0])]);
    expect(forced.stdout).toMatch(/^resource\s+7\s+1$/m);
    await converged(cluster, 30_000);
    for (const node of cluster) {
      expect((await call(node, 'GET', '/workspaces/only_here.json')).status).toBe(200);
      expect((await call(node, 'GET', '/workspaces/topp/datastores/postgis/featuretypes/states.json')).json().featureType.title).toBe('Changed on the GeoServer');
    }
  }, 180_000);
});

describe('geocluster import refusals', () => {
  it('a GeoServer that refuses the credentials: one line, nothing written', async () => {
    const [standIn, target] = await Promise.all([startNode(), startNode()]);
    try {
      const r = await runCli(['import', '--from', baseUrl(standIn), '--url', baseUrl(target)], { GEOCLUSTER_IMPORT_PASSWORD: 'not-the-password' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^geocluster: .*refused the credentials.*GEOCLUSTER_IMPORT_PASSWORD/m);
      expect(r.stderr).not.toContain('not-the-password');
    } finally {
      await stopAll([standIn, target]);
    }
  }, 60_000);

  it('a pure slave: refused before anything is read or written (it makes no change, DESIGN §2)', async () => {
    const [standIn, slave] = await Promise.all([startNode(), startNode({ env: { toggleMaster: 'false' } })]);
    try {
      const r = await runCli(['import', '--from', baseUrl(standIn), '--url', baseUrl(slave)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^geocluster: .*is a pure slave \(toggleMaster=false\).*import into a master/m);
      expect(r.stderr).not.toContain('reading the GeoServer');
    } finally {
      await stopAll([standIn, slave]);
    }
  }, 60_000);
});

/** What two servers holding the same configuration still differ in: when they made and changed it, their own ids, their URLs. */
function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!['dateCreated', 'dateModified', 'id', 'href'].includes(k)) out[k] = withoutVolatile(v);
  return out;
}
