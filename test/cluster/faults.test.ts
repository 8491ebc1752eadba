import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterSecret, type Envelope } from '../../src/cluster/envelope.js';
import { Journal } from '../../src/cluster/journal.js';
import {
  clusterStatus,
  freePort,
  inParallel,
  listNames,
  peerUrl,
  readData,
  restartMember,
  snapshotConfig,
  startCluster,
  stopAll,
  type ClusterMember,
  inSync as inSyncWithin,
} from '../helpers/cluster.js';
import { call, startNode, tempDir, until, type NodeProcess } from '../helpers/node-process.js';

/*
 * Faults with real node processes (embedded transport, static discovery, a shared secret):
 * restarts, kill -9 during a burst, concurrent masters, bad envelopes, a new empty node.
 * Outcomes only (DESIGN §3 guarantees): what the nodes hold, their digests, cursors, counters.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'faults-test-secret-0123456789';
/** Peer links retry within half a second, so a restarted node is found again quickly. */
const ENV = { secret: SECRET, 'connection.maxwait': '500' };
const JSON_TYPE = 'application/json';

let running: Array<NodeProcess | undefined> = [];
afterEach(async () => {
  await stopAll(running);
  running = [];
});

/**
 * Starts the nodes and waits until each follows all the others: a node with an empty journal that
 * first hears a peer with history takes a snapshot instead of the events (by design), which would
 * change what the counters of these tests count.
 */
async function cluster(names: string[], opts: Parameters<typeof startCluster>[1] = {}): Promise<ClusterMember[]> {
  const nodes = await startCluster(names.length, { names, ...opts, env: { ...ENV, ...opts.env } });
  running = nodes;
  await linked(nodes);
  return nodes;
}

/** Waits until every node's links to its peers are connected. */
async function linked(nodes: NodeProcess[]): Promise<void> {
  await until('every node to follow its peers', async () => {
    const all = await Promise.all(nodes.map(clusterStatus));
    return all.every((s) => (s.node.transport.detail?.links as Array<{ connected: boolean }>).every((l) => l.connected));
  }, 20_000);
}

const inSync = (nodes: NodeProcess[], timeoutMs = 20_000) => inSyncWithin(nodes, timeoutMs);

async function ok(node: NodeProcess, method: string, p: string, body?: object): Promise<void> {
  const r = await call(node, method, p, body ? { type: JSON_TYPE, body: JSON.stringify(body) } : {});
  if (r.status >= 300) throw new Error(`${method} ${p} on ${node.rest}: ${r.status} ${r.text}`);
}

const workspaces = (node: NodeProcess) => listNames(node, '/workspaces.json', 'workspaces', 'workspace');
const namespaces = async (node: NodeProcess) => {
  const list = (await call(node, 'GET', '/namespaces.json')).json().namespaces;
  return list === '' ? [] : (list.namespace as Array<{ name: string }>).map((n) => n.name).sort();
};
/** A workspace as REST shows it, without the links (which name the node's port). */
async function workspaceView(node: NodeProcess, name: string): Promise<unknown> {
  const r = await call(node, 'GET', `/workspaces/${name}.json`);
  if (r.status !== 200) return r.status;
  const { name: n, isolated, dateCreated, dateModified } = r.json().workspace;
  return { name: n, isolated, dateCreated, dateModified };
}

/** A REST body without its links, which name the node's own port. */
function noHref(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(noHref);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'href').map(([k, x]) => [k, noHref(x)]));
}

/** Changes one cluster.properties key through POST /rest/cluster (applied live). */
async function setProperty(node: NodeProcess, key: string, value: string): Promise<void> {
  const r = await call(node, 'POST', '/cluster', { type: 'application/xml', body: `<properties><property name="${key}" value="${value}"/></properties>` });
  if (r.status !== 201) throw new Error(`POST /cluster ${key}=${value} on ${node.rest}: ${r.status} ${r.text}`);
}

/** Stops the nodes; their data directories (the cluster folder aside) hold the same files. */
async function sameDataDirectories(nodes: NodeProcess[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.stop()));
  const [first, ...others] = nodes.map(snapshotConfig);
  for (const other of others) {
    const text = (m: Map<string, string>, k: string) => Buffer.from(m.get(k) ?? '', 'base64').toString();
    const differing = differingFiles(other, first);
    expect(differing, differing.map((k) => `${k}:\n${text(first, k)}\n---\n${text(other, k)}`).join('\n')).toEqual([]);
  }
}

function differingFiles(x: Map<string, string>, y: Map<string, string>): string[] {
  return [...new Set([...x.keys(), ...y.keys()])].filter((k) => x.get(k) !== y.get(k)).sort();
}

/** (origin, seq, applied) of every event in a stopped node's journal, in journal order. */
function journalOf(node: NodeProcess): Array<{ origin: string; seq: number; applied: number }> {
  const db = new Database(path.join(node.dataDir, 'cluster', 'journal.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT origin, seq, applied FROM events ORDER BY lsn').all() as Array<{ origin: string; seq: number; applied: number }>;
  } finally {
    db.close();
  }
}

describe('the journal under a crash', () => {
  it('serves no event to peers before it is committed (a crash before the commit would reuse its seq)', () => {
    const journal = new Journal(path.join(tempDir(), 'journal.sqlite'));
    try {
      const env = (seq: number): Envelope => ({ v: 1, group: 'g', origin: 'a', seq, hlc: [seq, 0], deps: {}, op: 'remove', type: 'workspace', id: `ws${seq}` });
      journal.append(env(1), true);
      journal.commit();
      journal.append(env(2), true);
      // the open transaction is visible to this connection, but not to what peers read
      expect(journal.eventsSince(0, 10).map((r) => r.seq)).toEqual([1]);
      expect(journal.eventsAfter('a', 0, 10).map((r) => r.env.seq)).toEqual([1]);
      journal.commit();
      expect(journal.eventsSince(0, 10).map((r) => r.seq)).toEqual([1, 2]);
      expect(journal.eventsAfter('a', 1, 10).map((r) => r.env.seq)).toEqual([2]);
    } finally {
      journal.close();
    }
  });
});

describe('cluster faults (3 real nodes, embedded transport)', () => {
  it('a node stopped during 500 changes catches up on restart, in order, to the same state', async () => {
    const nodes = await cluster(['a', 'b', 'c']);
    const [a, , c] = nodes;
    // c takes part before it stops (an empty journal would make it bootstrap from a snapshot instead)
    await ok(a, 'POST', '/workspaces', { workspace: { name: 'base' } });
    await inSync(nodes);
    await c.stop();
    const before = (await clusterStatus(a)).node.cursors.a;

    // 100 × 5 changes whose result depends on their order: x is created, renamed to y, created
    // again (a new object with the old name; through /namespaces, as the renamed namespace keeps
    // its URI), modified; y is then removed or renamed to z. Four chains at a time.
    const chain = (i: number) => async () => {
      await ok(a, 'POST', '/workspaces', { workspace: { name: `x${i}` } });
      await ok(a, 'PUT', `/workspaces/x${i}`, { workspace: { name: `y${i}` } });
      await ok(a, 'POST', '/namespaces', { namespace: { prefix: `x${i}`, uri: `http://x${i}/again` } });
      await ok(a, 'PUT', `/workspaces/x${i}`, { workspace: { isolated: true } });
      if (i % 2 === 0) await ok(a, 'DELETE', `/workspaces/y${i}`);
      else await ok(a, 'PUT', `/workspaces/y${i}`, { workspace: { name: `z${i}` } });
    };
    await inParallel(Array.from({ length: 100 }, (_, i) => chain(i)), 4);
    const made = (await clusterStatus(a)).node.cursors.a - before;
    expect(made).toBeGreaterThanOrEqual(500);

    const c2 = await restartMember(nodes, 2, ENV);
    running = nodes;
    const [sa, sb, sc] = await inSync(nodes, 30_000);
    expect(sc.digest).toBe(sa.digest);
    expect(sb.digest).toBe(sa.digest);

    const expected = ['base', ...Array.from({ length: 100 }, (_, i) => [`x${i}`, ...(i % 2 ? [`z${i}`] : [])]).flat()].sort();
    expect(await workspaces(c2)).toEqual(expected);
    expect(await workspaces(a)).toEqual(expected);
    expect(await namespaces(c2)).toEqual(expected);
    for (const name of ['x0', 'x1', 'z1', 'x98', 'x99', 'z99']) expect(await workspaceView(c2, name)).toEqual(await workspaceView(a, name));
    expect(((await workspaceView(c2, 'x42')) as { isolated: boolean }).isolated).toBe(true);

    // every change of a applied exactly once, none held back, none stale, none rejected
    expect(sc.counters).toMatchObject({ applied: made, held: 0, stale: 0, rejected: 0, conflicts: 0 });
    await sameDataDirectories(nodes);
    // c's journal holds a's changes after the stop exactly once each, in a's order (what came
    // before may have come with a snapshot, when c joined)
    const fromA = journalOf(c2).filter((e) => e.origin === 'a' && e.seq > before);
    expect(fromA.map((e) => e.seq)).toEqual(Array.from({ length: made }, (_, i) => before + i + 1));
    expect(fromA.every((e) => e.applied === 1)).toBe(true);
  });

  it('kill -9 of a master in the middle of a burst loses no acknowledged change and applies none twice', async () => {
    const nodes = await cluster(['a', 'b', 'c']);
    await inSync(nodes);
    const acked: string[] = [];
    let killing: Promise<void> | undefined;
    const a = nodes[0];
    const tasks = Array.from({ length: 300 }, (_, i) => async () => {
      if (killing) return;
      try {
        const r = await call(a, 'POST', '/workspaces', { type: JSON_TYPE, body: JSON.stringify({ workspace: { name: `w${i}` } }) });
        if (r.status === 201) acked.push(`w${i}`);
        else throw new Error(`unexpected ${r.status}: ${r.text}`);
      } catch (err) {
        if (!killing) throw err;
      }
      if (acked.length >= 100 && !killing) killing = a.kill();
    });
    await inParallel(tasks, 4);
    await killing;
    expect(acked.length).toBeGreaterThanOrEqual(100);
    expect(acked.length).toBeLessThan(300);

    const a2 = await restartMember(nodes, 0, ENV);
    running = nodes;
    const [sa, sb, sc] = await inSync(nodes, 30_000);
    for (const node of nodes) {
      const names = await workspaces(node);
      expect(acked.filter((n) => !names.includes(n))).toEqual([]);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(await workspaces(a2));
    }
    // each of a's events applied once on b and c: as many applications as a made events
    for (const s of [sb, sc]) expect(s.counters, s.instanceName).toMatchObject({ applied: sa.cursors.a, stale: 0, rejected: 0, conflicts: 0 });
    await sameDataDirectories(nodes);
  });

  it('two masters changing the same objects at the same time end with one state everywhere', async () => {
    const nodes = await cluster(['a', 'b', 'c']);
    const [a, b] = nodes;
    await ok(a, 'POST', '/workspaces', { workspace: { name: 'shared' } });
    await ok(a, 'POST', '/workspaces/shared/settings', { settings: { numDecimals: 1 } });
    await inSync(nodes);
    for (let round = 0; round < 50; round++) {
      await Promise.all([
        ok(a, 'PUT', '/workspaces/shared/settings', { settings: { numDecimals: round, charset: 'UTF-8' } }),
        ok(b, 'PUT', '/workspaces/shared/settings', { settings: { numDecimals: 100 + round, charset: 'ISO-8859-1' } }),
        ok(a, 'PUT', '/settings/contact', { contact: { contactPerson: `a-${round}` } }),
        ok(b, 'PUT', '/settings/contact', { contact: { contactPerson: `b-${round}` } }),
      ]);
    }
    const statuses = await inSync(nodes);
    expect(new Set(statuses.map((s) => s.digest)).size).toBe(1);
    const settings = await Promise.all(nodes.map(async (n) => (await call(n, 'GET', '/workspaces/shared/settings.json')).json().settings));
    const contacts = await Promise.all(nodes.map(async (n) => (await call(n, 'GET', '/settings/contact.json')).json().contact));
    expect(noHref(settings[1])).toEqual(noHref(settings[0]));
    expect(noHref(settings[2])).toEqual(noHref(settings[0]));
    expect(contacts[1]).toEqual(contacts[0]);
    expect(contacts[2]).toEqual(contacts[0]);
    // whole objects win: never a mix of the two writers; the last round is later than every other
    expect([{ n: '49', c: 'UTF-8' }, { n: '149', c: 'ISO-8859-1' }]).toContainEqual({ n: String(settings[0].numDecimals), c: settings[0].charset });
    expect(['a-49', 'b-49']).toContain(contacts[0].contactPerson);
    for (const s of statuses) expect(s.counters).toMatchObject({ rejected: 0, conflicts: 0 });
    await sameDataDirectories(nodes);
  });

  it('the same name created on two masters at once: one winner everywhere, the conflict reported on every node', async () => {
    const nodes = await cluster(['a', 'b', 'c']);
    const [a, b] = nodes;
    await ok(a, 'POST', '/workspaces', { workspace: { name: 'base' } });
    await inSync(nodes);

    // neither master hears the other while both create (toggleSlave=false, applied live), so the
    // creations are truly concurrent whatever the timing; c hears both
    await Promise.all([a, b].map((n) => setProperty(n, 'toggleSlave', 'false')));
    await Promise.all([
      ok(a, 'POST', '/workspaces', { workspace: { name: 'dup', isolated: true } }),
      ok(b, 'POST', '/workspaces', { workspace: { name: 'dup', isolated: false } }),
      ok(a, 'POST', '/workspaces/base/datastores', { dataStore: { name: 'ds', description: 'from a', connectionParameters: { entry: [{ '@key': 'url', $: 'file:data/a' }] } } }),
      ok(b, 'POST', '/workspaces/base/datastores', { dataStore: { name: 'ds', description: 'from b', connectionParameters: { entry: [{ '@key': 'url', $: 'file:data/b' }] } } }),
    ]);
    // and a pair split between them: a's workspace 'mix' is newer, b's namespace 'mix' is newer
    await ok(b, 'POST', '/workspaces', { workspace: { name: 'mix' } });
    await ok(a, 'POST', '/workspaces', { workspace: { name: 'mix', isolated: true } });
    await ok(b, 'PUT', '/namespaces/mix', { namespace: { prefix: 'mix', uri: 'http://mix/from-b' } });
    await Promise.all([a, b].map((n) => setProperty(n, 'toggleSlave', 'true')));

    const statuses = await inSync(nodes);
    for (const name of ['dup', 'mix']) {
      const views = await Promise.all(nodes.map((n) => workspaceView(n, name)));
      expect(views[0]).not.toBe(404);
      expect(views[1]).toEqual(views[0]);
      expect(views[2]).toEqual(views[0]);
    }
    const stores = await Promise.all(nodes.map(async (n) => (await call(n, 'GET', '/workspaces/base/datastores/ds.json')).json().dataStore));
    expect(['from a', 'from b']).toContain(stores[0].description);
    expect(stores.map((s) => [s.description, s.connectionParameters])).toEqual(Array(3).fill([stores[0].description, stores[0].connectionParameters]));
    for (const node of nodes) {
      expect(await workspaces(node)).toEqual(['base', 'dup', 'mix']);
      expect(await namespaces(node)).toEqual(['base', 'dup', 'mix']);
      expect(await listNames(node, '/workspaces/base/datastores.json', 'dataStores', 'dataStore')).toEqual(['ds']);
      expect(((await workspaceView(node, 'mix')) as { isolated: boolean }).isolated).toBe(true);
      expect((await call(node, 'GET', '/namespaces/mix.json')).json().namespace.uri).toBe('http://mix/from-b');
    }
    for (const s of statuses) {
      const named = s.conflicts.map((c) => (c as { detail: { type: string; name: string } }).detail).map((d) => `${d.type}:${d.name}`);
      expect(named, `conflicts on ${s.instanceName}`).toEqual(expect.arrayContaining(['workspace:dup', 'dataStore:ds', 'workspace:mix', 'namespace:mix']));
    }
    await sameDataDirectories(nodes);
  });

  it('forged, unsigned, truncated and unknown-version envelopes are dead-lettered, and the stream goes on', async () => {
    const secret = new ClusterSecret(SECRET);
    const group = 'geoserver-cluster';
    const base = { v: 1, group, origin: 'fake', seq: 1, hlc: [Date.now(), 0] as [number, number], deps: {}, op: 'add' as const, type: 'workspace' };
    const valid = secret.sign({ ...base, id: 'WorkspaceInfoImpl-fake-1', name: 'fromfake', object: { id: 'WorkspaceInfoImpl-fake-1', name: 'fromfake' } });
    const forged = new ClusterSecret('not-the-cluster-secret-000').sign({ ...base, id: 'WorkspaceInfoImpl-forged', name: 'forged', object: { id: 'WorkspaceInfoImpl-forged', name: 'forged' } });
    const { sig: _sig, ...unsigned } = secret.sign({ ...base, id: 'WorkspaceInfoImpl-unsigned', name: 'unsigned', object: { id: 'WorkspaceInfoImpl-unsigned', name: 'unsigned' } });
    const newer = secret.sign({ ...base, v: 99, id: 'WorkspaceInfoImpl-v99', name: 'v99', object: { id: 'WorkspaceInfoImpl-v99', name: 'v99' } } as Envelope);
    const truncated = JSON.stringify(secret.sign({ ...base, id: 'WorkspaceInfoImpl-cut', name: 'cut', object: { id: 'WorkspaceInfoImpl-cut', name: 'cut' } })).slice(0, 80);
    const lines = [JSON.stringify(forged), JSON.stringify(unsigned), truncated, JSON.stringify(newer), JSON.stringify(valid)];

    // a peer that speaks the stream protocol: first a hello cut short (the node must subscribe
    // again, not crash), then a hello and the envelopes, once; later subscriptions get a hello only
    let subscriptions = 0;
    const open = new Set<http.ServerResponse>();
    const fake = http.createServer((req, res) => {
      if (!req.url?.startsWith('/geoserver/cluster/stream')) return void res.writeHead(404).end();
      subscriptions++;
      open.add(res);
      res.on('close', () => open.delete(res));
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      const hello = JSON.stringify({ hello: { instanceName: 'fake', group, cursors: {}, objects: 0 } });
      if (subscriptions === 1) return void res.write(hello.slice(0, 20) + '\n');
      res.write(hello + '\n');
      if (subscriptions === 2) res.write(lines.join('\n') + '\n');
    });
    const fakePort = await freePort();
    await new Promise<void>((resolve) => fake.listen(fakePort, '127.0.0.1', resolve));
    try {
      const node = await startNode({ env: { instanceName: 'real', 'discovery.peers': `http://127.0.0.1:${fakePort}/geoserver`, ...ENV } });
      running = [node];
      await until('the valid envelope to be applied', async () => (await call(node, 'GET', '/workspaces/fromfake.json')).status === 200);
      const s = (await clusterStatus(node)).node;
      expect(s.deadLetters).toBe(4);
      expect(s.counters).toMatchObject({ rejected: 4, applied: 1 });
      expect(s.cursors.fake).toBe(1);
      expect(s.lastError).toMatch(/unknown protocol version 99/);
      expect(await workspaces(node)).toEqual(['fromfake']);

      const dir = path.join(node.dataDir, 'cluster', 'dead-letters');
      const letters = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { reason: string; raw: string });
      const reasons = letters.map((l) => l.reason).sort();
      expect(reasons).toEqual([
        'not JSON',
        'signature does not match (forged or altered envelope)',
        'unknown protocol version 99 (this node speaks 1)',
        'unsigned envelope (this cluster has a secret)',
      ]);
      expect(letters.map((l) => l.raw).sort()).toEqual(lines.slice(0, 4).sort());
      expect(subscriptions).toBe(2);
      expect(node.output()).toMatch(/could not handle a line from the peer; subscribing again/);
    } finally {
      for (const res of open) res.destroy();
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  it('a new node with an empty data directory bootstraps from a snapshot and converges', async () => {
    const [pa, pb, pc] = await Promise.all([freePort(), freePort(), freePort()]);
    const nodes = await cluster(['a', 'b'], {
      ports: [pa, pb],
      dataDirOf: (i) => {
        const dir = tempDir();
        if (i === 0) fs.cpSync(path.join(ROOT, 'test/fixtures/datadir-full'), dir, { recursive: true });
        return dir;
      },
    });
    const [a, b] = nodes;
    await inSync(nodes);
    await ok(a, 'POST', '/workspaces', { workspace: { name: 'extra' } });
    const sld = (name: string) => `<?xml version="1.0"?><StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer><Name>${name}</Name><UserStyle><FeatureTypeStyle><Rule><PointSymbolizer/></Rule></FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>`;
    const SLD10 = 'application/vnd.ogc.sld+xml';
    expect((await call(a, 'POST', '/workspaces/extra/styles?name=a_style', { type: SLD10, body: sld('a_style') })).status).toBe(201);
    expect((await call(b, 'POST', '/styles?name=b_style', { type: SLD10, body: sld('b_style') })).status).toBe(201);
    await ok(b, 'PUT', '/workspaces/topp', { workspace: { isolated: true } });
    await ok(b, 'DELETE', '/layergroups/overview');
    expect((await call(a, 'PUT', '/resource/styles/icon.png', { type: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) })).status).toBe(201);
    await inSync(nodes);

    const c = await startNode({ port: pc, env: { instanceName: 'c', 'discovery.peers': [pa, pb].map(peerUrl).join(','), ...ENV } });
    nodes.push(Object.assign(c, { instanceName: 'c' }));
    const [sa, , sc] = await inSync(nodes);
    expect(sc.digest).toBe(sa.digest);
    expect(sc.objects).toBe(sa.objects);
    expect(await workspaces(c)).toEqual(['extra', 'sf', 'topp']);

    // every style's file is on c's disk, as on a's
    const styleFiles = [...snapshotConfig(a).keys()].filter((k) => /(^|\/)styles\//.test(k) && !k.endsWith('.xml'));
    expect(styleFiles.length).toBeGreaterThanOrEqual(11);
    for (const f of styleFiles) expect(readData(c, f), f).toBe(readData(a, f));
    expect(readData(c, 'workspaces/extra/styles/a_style.sld')).toContain('<Name>a_style</Name>');
    expect((await call(c, 'GET', '/styles/b_style.sld')).text).toContain('<Name>b_style</Name>');
    expect(readData(c, 'styles/icon.png')).toBe(readData(a, 'styles/icon.png'));

    // c's data directory holds all of it: alone, from its disk, c has the same configuration
    await c.stop();
    const alone = await startNode({ port: pc, dataDir: c.dataDir, env: { instanceName: 'c', 'discovery.peers': '', ...ENV } });
    nodes[2] = Object.assign(alone, { instanceName: 'c' });
    const again = (await clusterStatus(alone)).node;
    expect({ digest: again.digest, objects: again.objects }).toEqual({ digest: sa.digest, objects: sa.objects });
  });
});
