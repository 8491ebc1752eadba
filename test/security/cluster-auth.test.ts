import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterSecret } from '../../src/cluster/envelope.js';
import { TOKEN_HEADER } from '../../src/transports/embedded/journal-server.js';
import { ADMIN, call, startNode, tempDir, TEST_SECRET, until, type NodeProcess } from '../helpers/node-process.js';

/*
 * Issue 9: no unauthenticated cluster traffic. Real node processes; every endpoint under
 * /geoserver/cluster but the probes answers only to a request carrying a token made with the
 * cluster secret for that very request (method, path, query), fresh and never used before.
 */

const nodes: NodeProcess[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
});

async function started(env: Record<string, string> = {}): Promise<NodeProcess> {
  const n = await startNode({ env: { 'connection.maxwait': '500', ...env } });
  nodes.push(n);
  return n;
}

const base = (n: NodeProcess) => `http://127.0.0.1:${n.port}/geoserver`;

/** A node on a data directory with the security folder of GeoServer's release: admin/geoserver (digest1). */
async function onReleaseSecurity(env: Record<string, string>): Promise<NodeProcess> {
  const dataDir = tempDir();
  fs.cpSync(path.resolve(__dirname, '../fixtures/security-release'), dataDir, { recursive: true });
  const n = await startNode({ dataDir, env });
  nodes.push(n);
  return n;
}

describe('cluster endpoints need a request-bound token', () => {
  let a: NodeProcess;
  const secret = new ClusterSecret(TEST_SECRET);
  const get = (url: string, token?: string) => fetch(url, { headers: token === undefined ? {} : { [TOKEN_HEADER]: token } });

  beforeAll(async () => {
    a = await started({ instanceName: 'auth-a' });
    expect((await call(a, 'POST', '/workspaces', { body: '<workspace><name>guarded</name></workspace>', type: 'text/xml' })).status).toBe(201);
  });

  it('refuses every endpoint with no token, a wrong secret, a token of another path or query, an expired or a replayed one', async () => {
    const q = 'instance=someone&group=geoserver-cluster';
    const urls = [`${base(a)}/cluster/snapshot?${q}`, `${base(a)}/cluster/journal?origin=auth-a&after=0&${q}`, `${base(a)}/cluster/stream?${q}`];
    const intruder = new ClusterSecret('not-the-cluster-secret-0123456789');
    for (const url of urls) {
      const u = new URL(url);
      const other = new URL(urls.find((x) => x !== url)!);
      const otherQuery = new URL(url.replace('instance=someone', 'instance=another'));
      const tries: Array<[string, string | undefined]> = [
        ['no token', undefined],
        ['garbage', 'not-a-token'],
        ['a wrong secret', intruder.token('GET', u)],
        ['a token for another path', secret.token('GET', other)],
        ['a token for another query', secret.token('GET', otherQuery)],
        ['a token for another method', secret.token('POST', u)],
        ['an expired token', expired(secret, u)],
      ];
      for (const [what, token] of tries) {
        const res = await get(url, token);
        expect(res.status, `${what} on ${u.pathname}`).toBe(401);
        const text = await res.text();
        expect(text, what).toMatch(/token/);
        expect(text).not.toContain('guarded');
      }
    }
    const url = urls[0];
    const token = secret.token('GET', new URL(url));
    const first = await get(url, token);
    expect(first.status, 'the right token, once').toBe(200);
    expect(await first.text()).toContain('guarded');
    const replay = await get(url, token);
    expect(replay.status, 'the same token again').toBe(401);
    expect(await replay.text()).toMatch(/replayed/);
  });

  it('answers the readiness probe without a token, saying nothing more than ready or not', async () => {
    const res = await fetch(`${base(a)}/cluster/ready`);
    expect([200, 503]).toContain(res.status);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['ready']));
    expect(JSON.stringify(body)).not.toContain(TEST_SECRET);
  });

  it('a node with the wrong secret never receives an event, and never gets one applied', async () => {
    const b = await started({ instanceName: 'auth-b', secret: 'a-wrong-cluster-secret-0123456789', 'discovery.peers': base(a) });
    const c = await started({ instanceName: 'auth-c', 'discovery.peers': base(a) });
    // a subscribes to b and c: b's journal refuses a in turn, c's serves it
    const peers = `<properties><property name="discovery.peers" value="${base(b)},${base(c)}"/></properties>`;
    expect((await call(a, 'POST', '/cluster', { body: peers, type: 'text/xml' })).status).toBeLessThan(300);
    await until('c to replicate from a', async () => (await call(c, 'GET', '/workspaces/guarded.json')).status === 200, 20_000);
    const status = await until('b to say why it is refused', async () => {
      const s = (await call(b, 'GET', '/cluster/status.json')).json().cluster.node;
      return /401/.test(JSON.stringify(s.transport)) ? s : undefined;
    }, 20_000);
    expect(JSON.stringify(status.transport)).toMatch(/token|secret/i);
    expect((await call(b, 'GET', '/workspaces/guarded.json')).status).toBe(404);
    expect((await call(b, 'POST', '/workspaces', { body: '<workspace><name>fromb</name></workspace>', type: 'text/xml' })).status).toBe(201);
    await until('c to apply something of its own', async () => (await call(c, 'POST', '/workspaces', { body: '<workspace><name>fromc</name></workspace>', type: 'text/xml' })).status === 201);
    await until('a to apply the workspace of c', async () => (await call(a, 'GET', '/workspaces/fromc.json')).status === 200, 20_000);
    expect((await call(a, 'GET', '/workspaces/fromb.json')).status, 'nothing of b reached a').toBe(404);
    expect(a.output()).toMatch(/refused a cluster request without a valid token/);
  });
});

describe('a node started without a secret', () => {
  it('generates one, keeps it private, prints it once on stdout and never in the log', async () => {
    const n = await started({ secret: '', instanceName: 'fresh' });
    const file = path.join(n.dataDir, 'cluster', 'cluster.properties');
    const stored = /^secret=(.+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1];
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const out = n.output();
    expect(out).toContain(`GEOCLUSTER_SECRET=${stored}`);
    expect(out).toContain(`secret=${stored}`);
    const logLines = out.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.some((l) => l.includes(stored!))).toBe(false);
    expect((await fetch(`${base(n)}/cluster/snapshot?instance=x&group=geoserver-cluster`)).status).toBe(401);
    await n.stop();
    const again = await startNode({ dataDir: n.dataDir, env: { secret: '' } });
    nodes.push(again);
    expect(again.output()).not.toContain(stored);
    expect(fs.readFileSync(file, 'utf8')).toContain(`secret=${stored}`);
  });
});

describe('REST logins', () => {
  it('a wrong password is delayed and logged with the user and address, never the password; the right one still works', async () => {
    const n = await started({ instanceName: 'logins' });
    const wrong = await call(n, 'GET', '/workspaces.json', { auth: `${ADMIN.user}:Wrong-Guess-42` });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toMatch(/authentication is required/);
    const line = n.output().split('\n').find((l) => l.includes('"failed login"'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ user: ADMIN.user, address: expect.stringContaining('127.0.0.1'), failures: 1 });
    expect(n.output()).not.toContain('Wrong-Guess-42');
    expect((await call(n, 'GET', '/workspaces.json')).status).toBe(200);
  });

  it('a well-known default password works but is reported at start and in the cluster status', async () => {
    // GeoServer's release data directory: admin/geoserver (digest1). A new directory refuses such a
    // GEOSERVER_ADMIN_PASSWORD; an existing GeoServer directory keeps working, and is reported.
    const n = await onReleaseSecurity({ GEOSERVER_ADMIN_PASSWORD: '', instanceName: 'wellknown' });
    expect((await call(n, 'GET', '/workspaces.json', { auth: 'admin:geoserver' })).status).toBe(200);
    expect(n.output()).toMatch(/"level":40[^\n]*administrator default\/admin has GeoServer's well-known default password/);
    const status = (await call(n, 'GET', '/cluster/status.json', { auth: 'admin:geoserver' })).json();
    expect(status.cluster.node.warnings).toEqual([expect.stringMatching(/administrator default\/admin has GeoServer's well-known default password/)]);
    expect(JSON.stringify(status)).not.toMatch(/:geoserver|"geoserver"/);
  });

  it('GEOSERVER_ADMIN_PASSWORD replacing the well-known default at start: no warning, neither at start nor in the status', async () => {
    // the warning is about the password the node ends up with, once GEOSERVER_ADMIN_PASSWORD is applied
    const n = await onReleaseSecurity({ GEOSERVER_ADMIN_PASSWORD: 'Not-The-Default-7', instanceName: 'replaced' });
    expect((await call(n, 'GET', '/workspaces.json', { auth: 'admin:geoserver' })).status).toBe(401);
    expect((await call(n, 'GET', '/workspaces.json', { auth: 'admin:Not-The-Default-7' })).status).toBe(200);
    expect(n.output()).toMatch(/has the password of GEOSERVER_ADMIN_PASSWORD/);
    expect(n.output()).not.toMatch(/well-known default password/);
    const status = (await call(n, 'GET', '/cluster/status.json', { auth: 'admin:Not-The-Default-7' })).json();
    expect(status.cluster.node.warnings ?? []).toEqual([]);
  });
});

/** A token made 60 s ago: past its 30 s window and the clock skew allowed. */
function expired(secret: ClusterSecret, url: URL): string {
  const realNow = Date.now;
  Date.now = () => realNow() - 60_000;
  try {
    return secret.token('GET', url);
  } finally {
    Date.now = realNow;
  }
}
