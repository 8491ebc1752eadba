import * as fs from 'node:fs';
import { cpuPerOp, cpuSeconds, launch, percentile, removeAtExit, rest, startCluster, status, stop, until, type BenchNode } from './cluster-harness.js';
import { numberOption, option } from './args.js';
import { startBroker } from './brokers.js';

/**
 * Replication benchmark on three loopback nodes (embedded transport unless BROKER_URL is set):
 *  - latency: a change on the master until it is visible over REST on both slaves (p50, p99), after
 *    `--warmup` changes that compile the nodes' code paths (their slowest is reported apart);
 *  - throughput: a burst of changes from many clients until both slaves have applied all of them;
 *  - catch-up: a slave stopped while N changes are made, restarted, until it is in sync.
 * Each transport runs in turn in the same process, on the same machine state:
 *   node dist/bench/replication.js [--transports embedded,activemq,rabbitmq,nats,mqtt]
 *        [--latency 300] [--warmup 30] [--burst 3000] [--catchup 20000] [--concurrency 32] [--max-events N]
 * `--max-events` sets the nodes' journal.maxEvents: above the default (100,000) a slave that missed
 * 100,000 changes catches up from the events; at or below it, the master compacts the changes to
 * one object away and the slave takes a snapshot instead.
 */
const LATENCY = numberOption('--latency', 300);
const WARMUP = numberOption('--warmup', 30);
const BURST = numberOption('--burst', 3000);
const CATCHUP = numberOption('--catchup', 20000);
const CONCURRENCY = numberOption('--concurrency', 32);
const MAX_EVENTS = numberOption('--max-events', 0);
const transportsArg = option('--transports') ?? 'embedded';

let nodes: BenchNode[] = [];
let env: Record<string, string> = {};
for (const name of transportsArg.split(',')) {
  const broker = await startBroker(name);
  env = broker ? { brokerURL: broker.url, topicName: 'VirtualTopic.bench' } : {};
  if (MAX_EVENTS > 0) env['journal.maxEvents'] = String(MAX_EVENTS);
  nodes = await startCluster(3, env);
  const [a, b, c] = nodes;
  const result: Record<string, unknown> = { transport: name };
  try {
    result.latency = await latency(a, [b, c]);
    const brokerBefore = pidCpuSeconds(broker?.pid);
    const burst = await cpuPerOp(nodes, BURST, () => throughput(a, [b, c]));
    result.throughput = { ...burst.result, cpuMsPerChangeAllNodes: burst.cpuMsPerOp, ...brokerCpuMsPerChange(brokerBefore, broker?.pid, BURST) };
    if (CATCHUP > 0) result.catchUp = await catchUp(a, c, broker?.pid);
  } finally {
    await Promise.all(nodes.map((n) => stop(n)));
    removeAtExit(nodes.map((n) => n.dataDir));
    await broker?.stop();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

async function latency(master: BenchNode, slaves: BenchNode[]): Promise<Record<string, number>> {
  const acks: number[] = [];
  const once = async (name: string) => {
    const t0 = performance.now();
    const r = await rest(master, 'POST', '/workspaces', { workspace: { name } });
    if (r.status !== 201) throw new Error(`create failed: ${r.status} ${await r.text()}`);
    acks.push(performance.now() - t0);
    await Promise.all(slaves.map((s) => until(async () => (await rest(s, 'GET', `/workspaces/${name}.json`)).status === 200, 10_000, 0)));
    return performance.now() - t0;
  };
  // the first changes of freshly started nodes compile their code paths: timed, reported apart
  const first: number[] = [];
  for (let i = 0; i < WARMUP; i++) first.push(await once(`warm${i}`));
  const samples: number[] = [];
  acks.length = 0;
  for (let i = 0; i < LATENCY; i++) samples.push(await once(`lat${i}`));
  samples.sort((x, y) => x - y);
  acks.sort((x, y) => x - y);
  // the master's own answer (201) is part of every sample: the rest is replication
  const result: Record<string, number> = { changes: LATENCY, p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), maxMs: round(samples[samples.length - 1]), masterAckP50Ms: round(percentile(acks, 50)) };
  if (WARMUP > 0) Object.assign(result, { warmup: WARMUP, warmupMaxMs: round(Math.max(...first)) });
  return result;
}

async function throughput(master: BenchNode, slaves: BenchNode[]): Promise<Record<string, number>> {
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < BURST; i = next++) {
      const r = await rest(master, 'POST', '/workspaces', { workspace: { name: `tp${i}` } });
      if (r.status !== 201) throw new Error(`create failed: ${r.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const accepted = performance.now() - t0;
  const target = (await status(master)).node.cursors[master.name];
  await until(async () => (await Promise.all(slaves.map((n) => status(n)))).every((s) => (s.node.cursors[master.name] ?? 0) >= target), 120_000, 20);
  const total = performance.now() - t0;
  return { changes: BURST, concurrency: CONCURRENCY, acceptedPerSec: round((BURST * 1000) / accepted), replicatedPerSec: round((BURST * 1000) / total) };
}

async function catchUp(master: BenchNode, slave: BenchNode, brokerPid: number | undefined): Promise<Record<string, number>> {
  await stop(slave);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < CATCHUP; i = next++) {
      const r = await rest(master, 'PUT', '/settings/contact', { contact: { contactPerson: `person ${i}` } });
      if (r.status !== 200) throw new Error(`change failed: ${r.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const target = await status(master);
  const brokerBefore = pidCpuSeconds(brokerPid);
  const t0 = performance.now();
  const peers = [master, ...nodes.filter((n) => n !== master && n !== slave)].map((n) => `http://127.0.0.1:${n.port}/geoserver`);
  const restarted = await launch(slave, peers, env);
  nodes[nodes.indexOf(slave)] = restarted;
  await until(async () => {
    const s = await status(restarted);
    return (s.node.cursors[master.name] ?? 0) >= target.node.cursors[master.name] && s.node.digest === target.node.digest;
  }, 300_000, 20);
  // the restarted slave's whole CPU time: start, load, catch-up
  const seconds = round((performance.now() - t0) / 1000);
  return { missed: CATCHUP, seconds, slaveCpuSeconds: cpuSeconds(restarted) ?? -1, ...brokerCpuMsPerChange(brokerBefore, brokerPid, CATCHUP) };
}

/** CPU seconds (user + system) of a process so far, from /proc; undefined off Linux or without a PID. */
function pidCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The broker's CPU per change since `before`: its own share, which the nodes' CPU leaves out. */
function brokerCpuMsPerChange(before: number | undefined, pid: number | undefined, changes: number): { brokerCpuMsPerChange?: number } {
  const after = pidCpuSeconds(pid);
  if (before === undefined || after === undefined) return {};
  return { brokerCpuMsPerChange: round(((after - before) * 1000) / changes) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
