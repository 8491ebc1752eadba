import { afterEach, describe, expect, it } from 'vitest';
import { ClusterSecret } from '../../src/cluster/envelope.js';
import { TOKEN_HEADER } from '../../src/transports/embedded/journal-server.js';
import {
  clusterStatus,
  freePort,
  inSync,
  listNames,
  peerUrl,
  restartMember,
  startCluster,
  stopAll,
  type ClusterMember,
} from '../helpers/cluster.js';
import { call, TEST_SECRET, until, type NodeProcess } from '../helpers/node-process.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

/*
 * Fan-out of the embedded transport with real node processes (docs/adr/0006): each node takes
 * each origin's events from the origin itself, so in steady state an event arrives about once;
 * an origin that is gone or cut off is relayed by the peers that have its events. Counts and
 * outcomes only: receipts per applied event from the counters of cluster status, cursors, digests.
 */

const ENV = { 'connection.maxwait': '500' };

let running: Array<NodeProcess | undefined> = [];
let proxies: TcpProxy[] = [];
afterEach(async () => {
  await stopAll(running);
  running = [];
  for (const p of proxies) await p.close();
  proxies = [];
});

type Counters = Record<'applied' | 'stale' | 'duplicates' | 'held', number>;

async function counters(node: NodeProcess): Promise<Counters> {
  return (await clusterStatus(node)).node.counters as Counters;
}

/** Receipts (applied, stale, duplicate, held back) per event taken into the journal, between two readings. */
function receiptsPerEvent(before: Counters, after: Counters): number {
  const d = (k: keyof Counters) => after[k] - before[k];
  return (d('applied') + d('stale') + d('duplicates') + d('held')) / Math.max(1, d('applied') + d('stale'));
}

async function linked(nodes: NodeProcess[]): Promise<void> {
  await until('every node to follow its peers', async () => {
    const all = await Promise.all(nodes.map(clusterStatus));
    return all.every((s) => (s.node.transport.detail?.links as Array<{ connected: boolean }>).every((l) => l.connected));
  }, 30_000);
}

async function createWorkspaces(node: NodeProcess, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await call(node, 'POST', '/workspaces', { type: 'application/json', body: JSON.stringify({ workspace: { name: `${prefix}${i}` } }) });
    if (r.status !== 201) throw new Error(`POST /workspaces on ${node.rest}: ${r.status} ${r.text}`);
  }
}

const cursorOf = async (node: NodeProcess, origin: string) => (await clusterStatus(node)).node.cursors[origin] ?? 0;

/**
 * Opens a node's journal stream as a peer named `instance` would, with the given query, and reads
 * it until the first heartbeat (the catch-up comes before it); returns the status and the lines.
 */
async function readStream(node: NodeProcess, query: Record<string, string>): Promise<{ status: number; origins: string[]; text: string }> {
  const q = new URLSearchParams({ instance: 'reader', cursors: '{}', ...query });
  const url = `http://127.0.0.1:${node.port}/geoserver/cluster/stream?${q}`;
  const controller = new AbortController();
  const res = await fetch(url, { headers: { [TOKEN_HEADER]: new ClusterSecret(TEST_SECRET).token('GET', new URL(url)) }, signal: controller.signal });
  if (res.status !== 200) return { status: res.status, origins: [], text: await res.text() };
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    if (text.includes('{"hb":')) break;
  }
  controller.abort();
  const events = text.split('\n').filter((l) => l.startsWith('{') && !l.startsWith('{"hello":') && !l.startsWith('{"hb":'));
  return { status: 200, origins: events.map((l) => (JSON.parse(l) as { origin: string }).origin), text };
}

describe('embedded fan-out', () => {
  it('a stream serves the origins asked for, only; a malformed choice is refused and says why', async () => {
    const nodes = (running = await startCluster(3, { names: ['s1', 's2', 's3'], env: ENV }));
    await linked(nodes);
    await Promise.all([createWorkspaces(nodes[0], 'one', 2), createWorkspaces(nodes[1], 'two', 3)]);
    const [s] = await inSync(nodes, 20_000);
    const own = await readStream(nodes[0], { scope: 'own' });
    expect(own.origins).toEqual(Array(s.cursors.s1).fill('s1'));
    const chosen = await readStream(nodes[2], { origins: JSON.stringify(['s2']) });
    expect(chosen.origins).toEqual(Array(s.cursors.s2).fill('s2'));
    const all = await readStream(nodes[2], {});
    expect(all.origins.sort()).toEqual([...Array(s.cursors.s1).fill('s1'), ...Array(s.cursors.s2).fill('s2')]);
    const bad = await readStream(nodes[0], { origins: 's2' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("'origins' must be a JSON list of instance names");
    const badScope = await readStream(nodes[0], { scope: 'everything' });
    expect(badScope.status).toBe(400);
    expect(badScope.text).toContain("'scope' must be 'own'");
  }, 90_000);

  it('in steady state each node receives each event about once (5 nodes, 2 writers)', async () => {
    const nodes = (running = await startCluster(5, { names: ['f1', 'f2', 'f3', 'f4', 'f5'], env: ENV }));
    await linked(nodes);
    await inSync(nodes, 20_000);
    const before = await Promise.all(nodes.map(counters));
    await Promise.all([createWorkspaces(nodes[0], 'a', 25), createWorkspaces(nodes[1], 'b', 25)]);
    const statuses = await inSync(nodes, 30_000);
    expect(statuses.every((s) => s.cursors.f1 === statuses[0].cursors.f1 && s.cursors.f2 === statuses[0].cursors.f2)).toBe(true);
    const after = await Promise.all(nodes.map(counters));
    const ratios = nodes.map((_n, i) => receiptsPerEvent(before[i], after[i]));
    // before ADR 0006 every node received each event 4 times here
    for (const r of ratios) expect(r).toBeLessThanOrEqual(1.5);
    for (const n of nodes) expect(await listNames(n, '/workspaces.json', 'workspaces', 'workspace')).toEqual(expect.arrayContaining(['a24', 'b24']));
  }, 120_000);

  it('an origin killed after only some nodes got its changes: the others get them from those peers', async () => {
    const nodes: ClusterMember[] = await startCluster(5, { names: ['k1', 'k2', 'k3', 'k4', 'k5'], env: ENV });
    running = nodes;
    await linked(nodes);
    // k4 and k5 follow k1 for a while (so they come back as members, not as new nodes taking a snapshot)
    await createWorkspaces(nodes[0], 'early', 3);
    await inSync(nodes, 20_000);
    await Promise.all([nodes[3].stop(), nodes[4].stop()]);
    await createWorkspaces(nodes[0], 'gone', 15);
    const made = await cursorOf(nodes[0], 'k1');
    await until('k2 and k3 to have every change of k1', async () => (await cursorOf(nodes[1], 'k1')) === made && (await cursorOf(nodes[2], 'k1')) === made, 20_000);
    await nodes[0].kill();
    // k4 and k5 come back to a cluster where k1 is gone for good
    await restartMember(nodes, 3, ENV);
    await restartMember(nodes, 4, ENV);
    const rest = nodes.slice(1);
    const statuses = await inSync(rest, 30_000);
    for (const s of statuses) expect(s.cursors.k1).toBe(made);
    for (const n of rest) expect(await listNames(n, '/workspaces.json', 'workspaces', 'workspace')).toEqual(expect.arrayContaining(['gone0', 'gone14']));
  }, 150_000);

  it('a partition healed: both sides wrote, every node converges', async () => {
    const ports = await Promise.all(Array.from({ length: 4 }, () => freePort()));
    // the other side's nodes are reached through a proxy each, which the test can cut
    proxies = await Promise.all(ports.map((p) => TcpProxy.start(p)));
    const side = (i: number) => (i < 2 ? 0 : 1);
    const peersOf = (i: number) => ports.map((p, j) => (j === i ? undefined : side(j) === side(i) ? peerUrl(p) : peerUrl(proxies[j].port))).filter(Boolean);
    const nodes = (running = await startCluster(4, { names: ['p1', 'p2', 'p3', 'p4'], ports, env: ENV, envOf: (i) => ({ 'discovery.peers': peersOf(i).join(',') }) }));
    await linked(nodes);
    await inSync(nodes, 20_000);
    for (const p of proxies) p.cut();
    await until('the sides to lose each other', async () => {
      const all = await Promise.all(nodes.map(clusterStatus));
      return all.every((s) => (s.node.transport.detail?.links as Array<{ connected: boolean }>).filter((l) => l.connected).length === 1);
    }, 20_000);
    await Promise.all([createWorkspaces(nodes[0], 'left', 10), createWorkspaces(nodes[2], 'right', 10)]);
    await until('each side to have its own changes', async () => (await cursorOf(nodes[1], 'p1')) === (await cursorOf(nodes[0], 'p1')) && (await cursorOf(nodes[3], 'p3')) === (await cursorOf(nodes[2], 'p3')), 20_000);
    expect(await cursorOf(nodes[1], 'p3')).toBeLessThan(await cursorOf(nodes[2], 'p3'));
    for (const p of proxies) p.heal();
    await inSync(nodes, 30_000);
    for (const n of nodes) expect(await listNames(n, '/workspaces.json', 'workspaces', 'workspace')).toEqual(expect.arrayContaining(['left9', 'right9']));
  }, 150_000);

  it('a link cut and healed again and again comes back each time: its back-off starts over once a stream got through', async () => {
    const ports = await Promise.all([freePort(), freePort()]);
    proxies = await Promise.all(ports.map((p) => TcpProxy.start(p)));
    // a back-off that kept growing over the link's whole life would reach this wait within a few cuts
    const env = { ...ENV, 'connection.maxwait': '600000' };
    const nodes = (running = await startCluster(2, { names: ['c1', 'c2'], ports, env, envOf: (i) => ({ 'discovery.peers': peerUrl(proxies[1 - i].port) }) }));
    await linked(nodes);
    const connected = async () => (await Promise.all(nodes.map(clusterStatus))).map((s) => (s.node.transport.detail?.links as Array<{ connected: boolean }>)[0].connected);
    for (let cut = 1; cut <= 12; cut++) {
      for (const p of proxies) p.cut();
      await until(`both links to drop (cut ${cut})`, async () => (await connected()).every((c) => !c), 20_000);
      for (const p of proxies) p.heal();
      await until(`both links to come back (cut ${cut})`, async () => (await connected()).every((c) => c), 30_000);
    }
    await createWorkspaces(nodes[0], 'after', 1);
    await inSync(nodes, 20_000);
    expect(await listNames(nodes[1], '/workspaces.json', 'workspaces', 'workspace')).toContain('after0');
  }, 600_000);
});
