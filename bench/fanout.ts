import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNats, startRabbitMQ, type BrokerHandle } from '../test/helpers/brokers.js';
import { freePort, PASSWORD, removeAtExit, rest, stop, until, type BenchNode } from './cluster-harness.js';
import { numberOption, option } from './args.js';

/**
 * Fan-out of the embedded transport: how many times each node receives each event.
 * A loopback cluster (10 nodes by default), a few writers making changes concurrently; once every
 * node has applied every change, each node's counters give its receipts per event taken into its
 * journal: (applied + stale + duplicates + held) / (applied + stale), counted from the first change
 * on — `held` counts receipts that waited for an earlier event, so the figure errs high. Also the CPU time (user + sys) of all the
 * node processes from the first change until every node has all of them.
 *   node dist/bench/fanout.js [--nodes 10] [--writers 3] [--changes 600] [--concurrency 4]
 *        [--rounds 1] [--baseline /path/to/another/checkout] [--broker nats|rabbitmq]
 * With --baseline, each round runs that checkout's build (e.g. the main branch before this change)
 * and then this one, alternately, on the same machine state. With --broker, the nodes use that
 * broker (started privately) instead of the embedded transport.
 */
const NODES = numberOption('--nodes', 10);
const WRITERS = numberOption('--writers', 3);
const CHANGES = numberOption('--changes', 600);
const CONCURRENCY = numberOption('--concurrency', 4);
const ROUNDS = numberOption('--rounds', 1);
const BASELINE = option('--baseline') ?? '';
const BROKER = option('--broker') ?? '';
const BROKERS: Record<string, () => Promise<BrokerHandle>> = { nats: () => startNats(), rabbitmq: () => startRabbitMQ() };
const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TICKS_PER_SECOND = 100;

interface Counters {
  applied: number;
  stale: number;
  duplicates: number;
  held: number;
}

async function run(checkout: string): Promise<Record<string, unknown>> {
  const broker = BROKER ? await BROKERS[BROKER]?.() : undefined;
  if (BROKER && !broker) throw new Error(`unknown broker '${BROKER}' (${Object.keys(BROKERS).join(', ')})`);
  const env: Record<string, string> = broker ? { brokerURL: broker.url, topicName: 'VirtualTopic.fanout' } : {};
  const nodes = await startNodes(path.join(checkout, 'bin', 'geocluster.js'), env);
  try {
    await until(async () => (await Promise.all(nodes.map((n) => linkedToAll(n, !broker)))).every(Boolean), 60_000, 200);
    const before = await Promise.all(nodes.map(counters));
    const cpu0 = cpuTicks(nodes);
    const t0 = performance.now();
    const writers = nodes.slice(0, WRITERS);
    await Promise.all(writers.map((w, i) => write(w, i)));
    const writeSeconds = (performance.now() - t0) / 1000;
    const want = Math.floor(CHANGES / WRITERS);
    const all = async () => (await Promise.all(nodes.map(cursors))).every((c) => writers.every((w) => (c[w.name] ?? 0) >= want));
    await until(all, 300_000, 100).catch(async (err: Error) => {
      throw new Error(`${err.message} waiting for every node to apply ${want} changes of each writer; cursors: ${JSON.stringify(await Promise.all(nodes.map(cursors)))}`);
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = (cpuTicks(nodes) - cpu0) / TICKS_PER_SECOND;
    const perNode = (await Promise.all(nodes.map(counters))).map((c, i) => minus(c, before[i]));
    const ratios = perNode.map((c) => (c.applied + c.stale + c.duplicates + c.held) / Math.max(1, c.applied + c.stale));
    const sum = (f: (c: Counters) => number) => perNode.reduce((n, c) => n + f(c), 0);
    return {
      transport: BROKER || 'embedded',
      nodes: NODES,
      writers: WRITERS,
      changes: want * WRITERS,
      seconds: round2(seconds),
      writeSeconds: round2(writeSeconds),
      cpuSeconds: round2(cpuSeconds),
      receiptsPerEvent: round2(ratios.reduce((a, b) => a + b, 0) / ratios.length),
      maxReceiptsPerEvent: round2(Math.max(...ratios)),
      receiptsPerEventByNode: Object.fromEntries(nodes.map((n, i) => [n.name, round2(ratios[i])])),
      applied: sum((c) => c.applied + c.stale),
      duplicates: sum((c) => c.duplicates),
      held: sum((c) => c.held),
    };
  } finally {
    await Promise.all(nodes.map((n) => stop(n)));
    removeAtExit(nodes.map((n) => n.dataDir));
    await broker?.stop();
  }
}

/** Each writer makes its share of workspaces, CONCURRENCY at a time. */
async function write(node: BenchNode, w: number): Promise<void> {
  const share = Math.floor(CHANGES / WRITERS);
  let next = 0;
  const client = async () => {
    while (next < share) {
      const i = next++;
      const r = await rest(node, 'POST', '/workspaces', { workspace: { name: `fan${w}x${i}` } });
      if (r.status !== 201) throw new Error(`POST /workspaces on ${node.name}: ${r.status} ${await r.text()}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
}

async function startNodes(bin: string, env: Record<string, string>): Promise<BenchNode[]> {
  const ports = await Promise.all(Array.from({ length: NODES }, () => freePort()));
  const all = ports.map((port, i) => ({ name: `fan${i + 1}`, port, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-fanout-')) }));
  return Promise.all(all.map((nd) => launch(bin, nd, all.filter((o) => o !== nd).map((o) => `http://127.0.0.1:${o.port}/geoserver`), env)));
}

async function launch(bin: string, nd: { name: string; port: number; dataDir: string }, peers: string[], env: Record<string, string>): Promise<BenchNode> {
  const child = spawn(process.execPath, [bin, 'start', '--data-dir', nd.dataDir, '--port', String(nd.port), '--host', '127.0.0.1'], {
    env: { ...process.env, GEOSERVER_ADMIN_PASSWORD: PASSWORD, GEOCLUSTER_LOG_LEVEL: 'warn', instanceName: nd.name, discovery: 'static', 'discovery.peers': peers.join(','), secret: 'bench-cluster-secret-0123456789', 'connection.maxwait': '1000', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const node: BenchNode = { ...nd, rest: `http://127.0.0.1:${nd.port}/geoserver/rest`, child };
  await until(async () => (await fetch(`http://127.0.0.1:${nd.port}/geoserver/cluster/ready`).catch(() => undefined))?.status === 200, 60_000, 100);
  return node;
}

async function clusterOf(node: BenchNode): Promise<{ node: { counters: Counters; cursors: Record<string, number>; transport: { connected: boolean; detail?: { links?: Array<{ connected: boolean }> } } }; peers: unknown[] }> {
  const r = await rest(node, 'GET', '/cluster/status.json');
  return ((await r.json()) as { cluster: Awaited<ReturnType<typeof clusterOf>> }).cluster;
}

/** Embedded: every link to a peer is up; broker: connected, and every peer heard from. */
async function linkedToAll(node: BenchNode, embedded: boolean): Promise<boolean> {
  const c = await clusterOf(node);
  if (!embedded) return c.node.transport.connected && c.peers.length === NODES - 1;
  const links = c.node.transport.detail?.links ?? [];
  return links.length === NODES - 1 && links.every((l) => l.connected);
}

async function cursors(node: BenchNode): Promise<Record<string, number>> {
  return (await clusterOf(node)).node.cursors;
}

async function counters(node: BenchNode): Promise<Counters> {
  return (await clusterOf(node)).node.counters;
}

/** user + sys clock ticks of the node processes so far (Linux /proc). */
function cpuTicks(nodes: BenchNode[]): number {
  let ticks = 0;
  for (const n of nodes) {
    const fields = fs.readFileSync(`/proc/${n.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

function minus(a: Counters, b: Counters): Counters {
  return { applied: a.applied - b.applied, stale: a.stale - b.stale, duplicates: a.duplicates - b.duplicates, held: a.held - b.held };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

for (let round = 1; round <= ROUNDS; round++) {
  for (const checkout of BASELINE ? [BASELINE, HERE] : [HERE]) {
    const result = await run(checkout);
    process.stdout.write(JSON.stringify({ round, build: checkout === HERE ? 'this' : 'baseline', checkout, ...result }) + '\n');
  }
}
