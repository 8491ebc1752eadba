import * as fs from 'node:fs';
import * as path from 'node:path';
import { GeoServerRestClient } from 'geoserver-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converged, freePort, peerUrl, readData, startCluster, type ClusterMember } from '../helpers/cluster.js';
import { ADMIN, call, snapshotDir, startNode, tempDir, until, type NodeProcess } from '../helpers/node-process.js';

// GeoServer's security configuration on real nodes: users.xml, roles.xml and the rule files of a
// GeoServer data directory decide who may call the REST API (GeoServer's
// UsernamePasswordAuthenticationProvider, RoleCalculator, RESTfulDefinitionSource), and every
// security change replicates like any configuration.

const FIXTURE = path.resolve(__dirname, '../fixtures/security-rich');
const RELEASE = path.resolve(__dirname, '../fixtures/security-release');
const CLUSTER_ENV = { secret: 'security-test-secret-0123456789', 'connection.maxwait': '1000' };
const JSON_TYPE = 'application/json';

function copyFixture(fixture = FIXTURE): string {
  const dir = tempDir();
  fs.cpSync(fixture, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'README.md'), { force: true });
  return dir;
}

const status = async (node: NodeProcess, method: string, p: string, auth?: string, body?: string) =>
  (await call(node, method, p, { auth, body, type: body ? JSON_TYPE : undefined })).status;

describe('a GeoServer data directory', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    const dir = copyFixture();
    // the single-admin file of earlier versions goes: users.xml is the only place of users
    fs.writeFileSync(path.join(dir, 'security', 'geocluster-admin.json'), '{"user":"admin","salt":"","hash":""}');
    node = await startNode({ dataDir: dir });
  });
  afterAll(async () => node?.stop());

  it('logs its users in with their digest1 and plain passwords; wrong, disabled and unknown are 401', async () => {
    // alice: digest1 (s3cret); rest.properties gives READER /rest/workspaces/topp/** (EDITOR → READER)
    expect(await status(node, 'GET', '/workspaces/topp/datastores.json', 'alice:s3cret')).toBe(404);
    expect(await status(node, 'GET', '/workspaces.json', 'alice:s3cret')).toBe(403);
    expect(await status(node, 'GET', '/workspaces.json', 'alice:wrong')).toBe(401);
    expect(await status(node, 'GET', '/workspaces.json', 'carol:carolpw')).toBe(401);
    expect(await status(node, 'GET', '/workspaces.json', 'nobody:x')).toBe(401);
    // GEOSERVER_ADMIN_PASSWORD replaced the admin's password in users.xml; the old one is refused
    expect(await status(node, 'GET', '/workspaces.json')).toBe(200);
    expect(await status(node, 'GET', '/workspaces.json', 'admin:geoserver')).toBe(401);
    const users = readData(node, 'security/usergroup/default/users.xml')!;
    expect(users).not.toContain('plain:');
    expect(users).toContain('<property name="email">alice@example.org</property>');
    expect(fs.existsSync(path.join(node.dataDir, 'security', 'geocluster-admin.json'))).toBe(false);
  });

  it('a workspace administrator (topp.*.a=TOPP_ADMIN) changes its workspace and gets 403 elsewhere', async () => {
    for (const ws of ['topp', 'sf']) expect(await status(node, 'POST', '/workspaces', undefined, JSON.stringify({ workspace: { name: ws } }))).toBe(201);
    const store = (name: string) => JSON.stringify({ dataStore: { name, connectionParameters: { entry: [{ '@key': 'url', $: 'file:data' }] } } });
    expect(await status(node, 'POST', '/workspaces/topp/datastores', 'eve:evepw', store('mine'))).toBe(201);
    expect(await status(node, 'POST', '/workspaces/sf/datastores', 'eve:evepw', store('theirs'))).toBe(403);
    expect(await status(node, 'DELETE', '/workspaces/sf', 'eve:evepw')).toBe(403);
    expect(await status(node, 'GET', '/security/usergroup/users.json', 'eve:evepw')).toBe(403);
    // a layer named without its workspace could be anyone's: changing it is refused
    expect(await status(node, 'DELETE', '/layers/roads', 'eve:evepw')).toBe(403);
    expect(await status(node, 'GET', '/workspaces/sf/datastores/theirs.json')).toBe(404);
    // its listings show only the workspaces it administers (GeoServer's SecureCatalogImpl)
    const listed = await call(node, 'GET', '/workspaces.json', { auth: 'eve:evepw' });
    expect(listed.status).toBe(200);
    expect(listed.json().workspaces.workspace.map((w: { name: string }) => w.name)).toEqual(['topp']);
    // layers and resource folders too; another workspace's layer named without its workspace does not exist for it
    expect(await status(node, 'POST', '/workspaces/sf/datastores', undefined, store('theirs'))).toBe(201);
    for (const [ws, ds, name] of [['topp', 'mine', 'states'], ['sf', 'theirs', 'streams']]) {
      expect(await status(node, 'POST', `/workspaces/${ws}/datastores/${ds}/featuretypes`, undefined, JSON.stringify({ featureType: { name } }))).toBe(201);
    }
    // rest.workspaceadmin.defaults.properties has /rest/layers/** (no /rest/layers.{ext}): /layers answers, /layers.json is 403
    expect(await status(node, 'GET', '/layers.json', 'eve:evepw')).toBe(403);
    const layers = await call(node, 'GET', '/layers', { auth: 'eve:evepw' });
    expect([...layers.text.matchAll(/<li><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]), 'the HTML listing (no extension, no Accept)').toEqual(['topp:states']);
    expect((await call(node, 'GET', '/layers.json')).json().layers.layer.map((l: { name: string }) => l.name)).toEqual(['sf:streams', 'topp:states']);
    expect(await status(node, 'GET', '/layers/streams.json', 'eve:evepw')).toBe(404);
    expect(await status(node, 'GET', '/layers/streams/styles.json', 'eve:evepw')).toBe(404);
    expect(await status(node, 'GET', '/layers/states.json', 'eve:evepw')).toBe(200);
    expect(await status(node, 'GET', '/layers/streams.json')).toBe(200);
    const folders = await call(node, 'GET', '/resource/workspaces?format=json', { auth: 'eve:evepw' });
    expect(folders.json().ResourceDirectory.children.child.map((c: { name: string }) => c.name)).toEqual(['topp']);
  });

  it('renaming a workspace carries its layers.properties rules along (SecuredResourceNameChangeListener)', async () => {
    expect(await status(node, 'PUT', '/workspaces/topp', undefined, JSON.stringify({ workspace: { name: 'topp2' } }))).toBe(200);
    const rules = readData(node, 'security/layers.properties')!;
    expect(rules).toMatch(/^topp2\.\*\.a=TOPP_ADMIN$/m);
    expect(rules).not.toMatch(/^topp\.\*\.a=/m);
    expect(rules).toMatch(/^sf\.roads\.a=TOPP_ADMIN$/m); // skipped at load, kept in the file
    const store = JSON.stringify({ dataStore: { name: 'again', connectionParameters: { entry: [{ '@key': 'url', $: 'file:data' }] } } });
    expect(await status(node, 'POST', '/workspaces/topp2/datastores', 'eve:evepw', store)).toBe(201);
  });
});

describe("GeoServer's release data directory, no GEOSERVER_ADMIN_PASSWORD", () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode({ dataDir: copyFixture(RELEASE), env: { GEOSERVER_ADMIN_PASSWORD: '' } });
  });
  afterAll(async () => node?.stop());

  it('its admin logs in with its digest1 password (geoserver), and users.xml is left as it was', async () => {
    const before = fs.readFileSync(path.join(RELEASE, 'security/usergroup/default/users.xml'), 'utf8');
    expect(await status(node, 'GET', '/workspaces.json', 'admin:geoserver')).toBe(200);
    expect(await status(node, 'GET', '/workspaces.json', 'admin:other')).toBe(401);
    expect(readData(node, 'security/usergroup/default/users.xml')).toBe(before);
  });
});

describe('a pure slave', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode({ env: { toggleMaster: 'false' } });
  });
  afterAll(async () => node?.stop());

  it('refuses security changes with 403 and changes nothing', async () => {
    const before = snapshotDir(path.join(node.dataDir, 'security'));
    for (const [method, p, body] of [
      ['POST', '/security/usergroup/users', JSON.stringify({ user: { userName: 'kim', password: 'kim-password' } })],
      ['POST', '/security/roles/role/STAFF', undefined],
      ['PUT', '/security/acl/catalog', JSON.stringify({ mode: 'MIXED' })],
    ] as const) {
      const reply = await call(node, method, p, { body, type: body ? JSON_TYPE : undefined });
      expect(reply.status, p).toBe(403);
      expect(reply.text).toMatch(/pure slave/);
    }
    expect(snapshotDir(path.join(node.dataDir, 'security'))).toEqual(before);
  });
});

describe('hostile bodies on the security endpoints: GeoServer status, a message, nothing changed', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
    expect(await status(node, 'POST', '/security/usergroup/users', undefined, JSON.stringify({ user: { userName: 'kim', password: 'kim-password', enabled: true } }))).toBe(201);
    expect(await status(node, 'POST', '/security/usergroup/group/staff')).toBe(201);
    expect(await status(node, 'POST', '/security/roles/role/STAFF')).toBe(201);
  });
  afterAll(async () => node?.stop());

  const cases: Array<[string, string, string, string | undefined, number, RegExp]> = [
    ['duplicate user', 'POST', '/security/usergroup/users', JSON.stringify({ user: { userName: 'kim', password: 'other-password' } }), 404, /already exists/],
    ['user name with a slash', 'POST', '/security/usergroup/users', JSON.stringify({ user: { userName: 'a/b', password: 'x-password' } }), 400, /a\/b|'\/'/],
    ['user name with a control character', 'POST', '/security/usergroup/users', JSON.stringify({ user: { userName: 'a\u0001b', password: 'x-password' } }), 400, /control/],
    ['malformed JSON user', 'POST', '/security/usergroup/users', '{"user":', 400, /Malformed JSON/],
    ['enabled that is not a boolean', 'POST', '/security/usergroup/user/kim', JSON.stringify({ user: { enabled: 'maybe' } }), 400, /enabled/],
    ['update of an unknown user', 'POST', '/security/usergroup/user/nobody', JSON.stringify({ user: { enabled: false } }), 404, /nobody/],
    ['duplicate group', 'POST', '/security/usergroup/group/staff', undefined, 404, /already exists/],
    ['membership in an unknown group', 'POST', '/security/usergroup/user/kim/group/ghosts', undefined, 404, /ghosts/],
    ['duplicate role', 'POST', '/security/roles/role/STAFF', undefined, 404, /already exists/],
    ['assignment of an unknown role', 'POST', '/security/roles/role/NOPE/user/kim', undefined, 404, /NOPE/],
    ['malformed data rule', 'POST', '/security/acl/layers', JSON.stringify({ 'sf.roads.a': 'ROLE_X' }), 422, /./],
    ['malformed REST rule', 'POST', '/security/acl/rest', JSON.stringify({ '/rest/**': 'ROLE_X' }), 422, /./],
    ['duplicate REST rule', 'POST', '/security/acl/rest', JSON.stringify({ '/**:GET,HEAD,OPTIONS': 'ROLE_X' }), 409, /Already existing/],
    ['unknown catalog mode', 'PUT', '/security/acl/catalog', JSON.stringify({ mode: 'OPEN' }), 422, /OPEN/],
    ['removing the last administrator', 'DELETE', '/security/usergroup/user/admin', undefined, 403, /administrator/],
    ['taking ADMIN from the last administrator', 'DELETE', '/security/roles/role/ADMIN/user/admin', undefined, 403, /administrator/],
    ['blank own password', 'PUT', '/security/self/password', JSON.stringify({ newPassword: ' ' }), 400, /newPassword/],
  ];
  it.each(cases)('%s', async (_what, method, p, body, expected, message) => {
    const before = snapshotDir(path.join(node.dataDir, 'security'));
    const users = (await call(node, 'GET', '/security/usergroup/users.json')).text;
    const reply = await call(node, method, p, { body, type: body ? JSON_TYPE : undefined });
    expect(reply.status).toBe(expected);
    expect(reply.text).toMatch(message);
    expect((await call(node, 'GET', '/security/usergroup/users.json')).text).toBe(users);
    expect(snapshotDir(path.join(node.dataDir, 'security'))).toEqual(before);
  });

  it('the keystore password endpoints answer a clear refusal, not 404', async () => {
    const get = await call(node, 'GET', '/security/masterpw.json');
    expect(get.status).toBe(501);
    expect(get.text).toMatch(/keystore/);
    expect((await call(node, 'PUT', '/security/masterpw', { body: '{"oldMasterPassword":"a","newMasterPassword":"b"}', type: JSON_TYPE })).status).toBe(405);
  });
});

describe('security replicates to every node', () => {
  let nodes: ClusterMember[];
  let ports: number[];
  beforeAll(async () => {
    ports = await Promise.all([freePort(), freePort(), freePort()]);
    nodes = await startCluster(3, { ports, env: CLUSTER_ENV });
    await converged(nodes);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  const loginOn = (node: NodeProcess, cred: string, expected: number) => until(`${cred} → ${expected} on ${node.rest}`, async () => (await status(node, 'GET', '/workspaces.json', cred)) === expected, 15000);

  it('a user created through geoserver-node-client on A logs in on B and C; removed, it is refused everywhere', async () => {
    const [a, b, c] = nodes;
    const grc = new GeoServerRestClient(a.rest, ADMIN.user, ADMIN.password);
    await grc.security.createUser('ada', 'ada-password');
    await grc.security.associateUserRole('ada', 'ADMIN');
    await Promise.all([b, c].map((n) => loginOn(n, 'ada:ada-password', 200)));
    for (const n of [b, c]) expect(readData(n, 'security/usergroup/default/users.xml')).toMatch(/name="ada" password="digest1:/);
    // only the hash travelled, sealed with the cluster secret: neither it nor the password is in a journal
    const hash = /name="ada" password="digest1:([^"]+)"/.exec(readData(b, 'security/usergroup/default/users.xml')!)![1];
    for (const n of [a, b, c]) {
      const file = path.join(n.dataDir, 'cluster', 'journal.sqlite');
      const journal = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
      expect(journal.includes('ada-password')).toBe(false);
      expect(journal.includes(hash)).toBe(false);
    }
    expect(await status(a, 'DELETE', '/security/usergroup/user/ada')).toBe(200);
    await Promise.all([b, c].map((n) => loginOn(n, 'ada:ada-password', 401)));
  });

  it('groups, roles through groups and an access-rule change take effect on every node', async () => {
    const [a, b, c] = nodes;
    const grc = new GeoServerRestClient(a.rest, ADMIN.user, ADMIN.password);
    await grc.security.createUser('reader', 'reader-password');
    for (const [method, p] of [['POST', '/security/usergroup/group/readers'], ['POST', '/security/usergroup/user/reader/group/readers'], ['POST', '/security/roles/role/READER'], ['POST', '/security/roles/role/READER/group/readers']]) {
      expect(await status(a, method, p)).toBeLessThan(300);
    }
    await Promise.all([a, b, c].map((n) => loginOn(n, 'reader:reader-password', 403)));
    const rule = JSON.stringify({ '/**:GET,HEAD,OPTIONS': 'ROLE_ADMINISTRATOR,READER' });
    expect(await status(a, 'PUT', '/security/acl/rest', undefined, rule)).toBe(200);
    await Promise.all([a, b, c].map((n) => loginOn(n, 'reader:reader-password', 200)));
    expect(await status(c, 'POST', '/workspaces', 'reader:reader-password', JSON.stringify({ workspace: { name: 'nope' } }))).toBe(403);
    await converged(nodes);
  });

  it('a security change made while C is down reaches C when it comes back', async () => {
    const [a, b, c] = nodes;
    await c.stop();
    expect(await status(a, 'POST', '/security/usergroup/users', undefined, JSON.stringify({ user: { userName: 'late', password: 'late-password' } }))).toBe(201);
    await loginOn(b, 'late:late-password', 403);
    const peers = ports.filter((p) => p !== ports[2]).map(peerUrl).join(',');
    const back = await startNode({ port: ports[2], dataDir: c.dataDir, env: { ...CLUSTER_ENV, instanceName: c.instanceName, 'discovery.peers': peers } });
    nodes[2] = Object.assign(back, { instanceName: c.instanceName });
    await loginOn(back, 'late:late-password', 403);
    await converged(nodes);
  });

  // GeoServer's docker images give the admin GEOSERVER_ADMIN_PASSWORD at each start; a node of a
  // cluster does it as a change of its own, so the cluster follows instead of the node drifting.
  it('a node restarted with another GEOSERVER_ADMIN_PASSWORD gives it to the admin on every node; a pure slave does not', async () => {
    const [a, , c] = nodes;
    const restart = async (i: number, env: Record<string, string>) => {
      await nodes[i].stop();
      const peers = ports.filter((p) => p !== ports[i]).map(peerUrl).join(',');
      const back = await startNode({ port: ports[i], dataDir: nodes[i].dataDir, env: { ...CLUSTER_ENV, instanceName: nodes[i].instanceName, 'discovery.peers': peers, ...env } });
      nodes[i] = Object.assign(back, { instanceName: nodes[i].instanceName });
      return back;
    };
    const changed = await restart(1, { GEOSERVER_ADMIN_PASSWORD: 'rotated-admin-password' });
    await Promise.all([a, changed, c].map((n) => loginOn(n, 'admin:rotated-admin-password', 200)));
    expect(await status(c, 'GET', '/workspaces.json')).toBe(401);
    expect(changed.output()).toContain("user 'admin' (default) has the password of GEOSERVER_ADMIN_PASSWORD");
    // back to the suite's password, from b again (the cluster converges on it); then a pure slave
    // restarted with another one changes nothing
    await restart(1, {});
    await Promise.all(nodes.map((n) => loginOn(n, `${ADMIN.user}:${ADMIN.password}`, 200)));
    await converged(nodes);
    const slave = await restart(2, { toggleMaster: 'false', GEOSERVER_ADMIN_PASSWORD: 'slave-admin-password' });
    expect(await status(slave, 'GET', '/workspaces.json', 'admin:slave-admin-password')).toBe(401);
    expect(await status(slave, 'GET', '/workspaces.json')).toBe(200);
    expect(slave.output()).toMatch(/GEOSERVER_ADMIN_PASSWORD not applied: .*pure slave/);
    await converged(nodes);
  });
});

describe('nodes started on copies of one GeoServer data directory', () => {
  let nodes: ClusterMember[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('hash its plain passwords alike and start converged; bob logs in with his on both', async () => {
    nodes = await startCluster(2, { env: CLUSTER_ENV, dataDirOf: () => copyFixture() });
    const [s1, s2] = await converged(nodes);
    expect(s1.digest).toBe(s2.digest);
    for (const n of nodes) {
      expect(readData(n, 'security/usergroup/default/users.xml')).not.toContain('plain:');
      expect(await status(n, 'GET', '/workspaces/topp/datastores.json', 'bob:bobpw')).toBe(404);
    }
  });
});
