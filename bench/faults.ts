import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { BrokerHandle } from '../test/helpers/brokers.js';
import { TcpProxy } from '../test/helpers/tcp-proxy.js';
import { numberOption, option } from './args.js';
import { startBroker } from './brokers.js';
import { cpuSeconds, freePort, launch, removeAtExit, rest, status, stop, until, type BenchNode } from './cluster-harness.js';
import { PeerProxy } from './peer-proxy.js';

/**
 * Recovery after a fault under load (DESIGN §5): three loopback nodes, each master and slave, six
 * REST writers (two per node) creating workspaces and changing or deleting some of them. For each
 * fault kind and round, one node (in turn) is faulted for `--fault-ms` while every node keeps
 * taking writes; at the fault's end the writers stop (those waiting for an answer get it or time
 * out), the fault is undone, and the clock runs until every node has the same digest and every
 * acknowledged change is there on every node (every acknowledged delete absent).
 *   node dist/bench/faults.js [--transports embedded,activemq,rabbitmq,nats,mqtt]
 *        [--faults kill,stop,partition,broker] [--rounds 3] [--fault-ms 3000] [--load-ms 2000] [--trace]
 * Faults: kill = kill -9 of the node, restarted at the fault's end; stop = SIGSTOP, then SIGCONT;
 * partition = the node's links to its peers and to the broker cut (every link goes through a
 * loopback TCP proxy; through a broker, the nodes reach each other at the address they advertise,
 * a proxy in front of each node that refuses the cut-off node's requests), then healed; broker = kill -9 of the broker, restarted (brokers only).
 * A write whose answer did not come (refused, timed out) may or may not have been applied: its
 * object is left alone afterwards and only has to be the same on every node.
 */
const TRANSPORTS = (option('--transports') ?? 'embedded').split(',');
const FAULTS = (option('--faults') ?? 'kill,stop,partition,broker').split(',');
const ROUNDS = numberOption('--rounds', 3);
const FAULT_MS = numberOption('--fault-ms', 3000);
const LOAD_MS = numberOption('--load-ms', 2000);
/** How long a write may wait for its answer (a stopped node gives none). */
const WRITE_TIMEOUT_MS = 2000;
/** A round that has not recovered by then is reported as not recovered. */
const RECOVERY_BOUND_MS = 60_000;
const NODES = 3;
/** `--trace`: each poll of the recovery, each node's broker/link state, unpublished events and cursors, on stderr. */
const TRACE = process.argv.includes('--trace');

for (const f of FAULTS) if (!['kill', 'stop', 'partition', 'broker'].includes(f)) throw new Error(`unknown fault '${f}' (kill, stop, partition, broker)`);

/** One node of the cluster: where it lives, how it is started again, and the proxies its links go through. */
interface Member {
  spec: { name: string; port: number; dataDir: string };
  peers: string[];
  env: Record<string, string>;
  node: BenchNode;
  /** This node's links: to each peer and, for a broker transport, to the broker. */
  outbound: TcpProxy[];
  /** The other nodes' links to this node. */
  inbound: TcpProxy[];
  /** Through a broker: the address this node advertises to its peers (advertisedURL). */
  advertised?: PeerProxy;
}

/** A change the cluster must keep: an object's last acknowledged state, as a writer knows it. */
interface Known {
  exists: boolean;
  uri?: string;
}

/** Each transport in turn, each fault kind in turn, on one cluster per transport. */
async function main(): Promise<void> {
  for (const transport of TRANSPORTS) {
    const broker = await startBroker(transport);
    const proxies: Array<TcpProxy | PeerProxy> = [];
    const members = await startMembers(broker, proxies);
    try {
      await converged(members, 30_000);
      for (const fault of FAULTS) {
        if (fault === 'broker' && !broker) continue;
        const rounds: RoundResult[] = [];
        for (let r = 0; r < ROUNDS; r++) rounds.push(await round(members, broker, fault, r));
        process.stdout.write(JSON.stringify(summary(transport, fault, rounds)) + '\n');
      }
    } finally {
      for (const m of members) if (m.node.child.exitCode === null) m.node.child.kill('SIGCONT');
      await Promise.all(members.map((m) => stop(m.node)));
      removeAtExit(members.map((m) => m.node.dataDir));
      for (const p of proxies) await p.close();
      await broker?.stop();
    }
  }
}

/** Three nodes whose every link (to each peer, to the broker) goes through a proxy of its own. */
async function startMembers(broker: BrokerHandle | undefined, proxies: Array<TcpProxy | PeerProxy>): Promise<Member[]> {
  const ports = await Promise.all(Array.from({ length: NODES }, () => freePort()));
  const specs = ports.map((port, i) => ({ name: `bench${i + 1}`, port, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-bench-node-')) }));
  const links = await Promise.all(specs.map((_s, i) => Promise.all(specs.map((t, j) => (i === j ? undefined : TcpProxy.start(t.port))))));
  const brokerLinks = broker ? await Promise.all(specs.map(() => TcpProxy.start(Number(new URL(broker.url).port)))) : [];
  const advertised = broker ? await Promise.all(specs.map((s) => PeerProxy.start(s.port))) : [];
  proxies.push(...links.flat().filter((p): p is TcpProxy => p !== undefined), ...brokerLinks, ...advertised);
  return Promise.all(
    specs.map(async (spec, i) => {
      const outbound = links[i].filter((p): p is TcpProxy => p !== undefined);
      const peers = outbound.map((p) => `http://127.0.0.1:${p.port}/geoserver`);
      const env: Record<string, string> = broker ? { brokerURL: throughProxy(broker.url, brokerLinks[i]), topicName: 'VirtualTopic.bench', advertisedURL: `http://127.0.0.1:${advertised[i].port}/geoserver` } : {};
      const node = await launch(spec, peers, env);
      const inbound = links.map((l) => l[i]).filter((p): p is TcpProxy => p !== undefined);
      return { spec, peers, env, node, outbound: broker ? [...outbound, brokerLinks[i]] : outbound, inbound, advertised: advertised[i] };
    }),
  );
}

function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.port = String(proxy.port);
  return u.toString().replace(/\/$/, '');
}

interface RoundResult {
  /** From the fault's end until every node is equal and holds every acknowledged change; undefined if not within the bound. */
  recoveryS: number | undefined;
  /** How long undoing the fault took (a node's or the broker's restart until ready). */
  undoS: number;
  /** From the fault undone (the node or broker back and ready) until recovered. */
  afterUndoS: number | undefined;
  /** CPU seconds (user + sys) the three nodes used meanwhile. */
  nodesCpuS: number;
  acknowledged: number;
  unanswered: number;
  lost: number;
  resurrected: number;
}

async function round(members: Member[], broker: BrokerHandle | undefined, fault: string, r: number): Promise<RoundResult> {
  const victim = members[r % members.length];
  const writing = { on: true };
  const writers = members.flatMap((m) => [0, 1].map((k) => new Writer(`${fault}${r}_${m.spec.name}_${k}`, m)));
  const runs = writers.map((w) => w.run(writing));
  await delay(LOAD_MS);
  const undo = await inject(fault, victim, members, broker);
  await delay(FAULT_MS);
  writing.on = false;
  const t0 = performance.now();
  const cpuAtEnd = members.map((m) => ({ child: m.node.child, seconds: cpuSeconds(m.node) ?? 0 }));
  const [undoMs] = await Promise.all([undo().then(() => performance.now() - t0), ...runs]);
  const outcome = await recovery(members, writers, t0);
  // CPU of the nodes from the fault's end until recovered (a restarted node: its whole new process)
  const cpu = members.map((m, i) => (cpuSeconds(m.node) ?? 0) - (m.node.child === cpuAtEnd[i].child ? cpuAtEnd[i].seconds : 0));
  const result = {
    recoveryS: outcome.ms === undefined ? undefined : round2(outcome.ms / 1000),
    undoS: round2(undoMs / 1000),
    afterUndoS: outcome.ms === undefined ? undefined : round2((outcome.ms - undoMs) / 1000),
    nodesCpuS: round2(sum(cpu)),
    acknowledged: sum(writers.map((w) => w.acknowledged)),
    unanswered: sum(writers.map((w) => w.unanswered)),
    lost: outcome.lost,
    resurrected: outcome.resurrected,
  };
  process.stderr.write(`${fault} round ${r + 1} (${victim.spec.name}): ${JSON.stringify(result)} load ${os.loadavg()[0].toFixed(2)}\n`);
  return result;
}

/** Starts the fault and returns what undoes it. */
async function inject(fault: string, victim: Member, members: Member[], broker: BrokerHandle | undefined): Promise<() => Promise<void>> {
  const others = members.filter((m) => m !== victim);
  switch (fault) {
    case 'kill':
      await stop(victim.node, 'SIGKILL');
      return async () => void (victim.node = await launch(victim.spec, victim.peers, victim.env));
    case 'stop':
      victim.node.child.kill('SIGSTOP');
      return async () => void victim.node.child.kill('SIGCONT');
    case 'partition':
      for (const p of [...victim.outbound, ...victim.inbound]) p.cut();
      victim.advertised?.cut();
      for (const m of others) m.advertised?.refuse(victim.spec.name);
      return async () => {
        for (const p of [...victim.outbound, ...victim.inbound]) p.heal();
        victim.advertised?.heal();
        for (const m of others) m.advertised?.admit(victim.spec.name);
      };
    default:
      await broker!.kill('SIGKILL');
      return () => broker!.restart();
  }
}

/**
 * Polls until every node has the same digest and holds what the writers know; the time is that of
 * the first poll where both hold. On timeout, what was still missing counts as lost.
 */
async function recovery(members: Member[], writers: Writer[], t0: number): Promise<{ ms: number | undefined; lost: number; resurrected: number }> {
  const deadline = t0 + RECOVERY_BOUND_MS;
  let check = { lost: -1, resurrected: -1 };
  while (performance.now() < deadline) {
    const polled = performance.now();
    const statuses = await Promise.all(members.map((m) => status(m.node, AbortSignal.timeout(1000)).catch(() => undefined)));
    if (TRACE) trace(polled - t0, statuses);
    const digests = statuses.map((s) => s?.node.digest);
    if (digests[0] !== undefined && digests.every((d) => d === digests[0])) {
      check = await compare(members, writers);
      if (check.lost === 0 && check.resurrected === 0) return { ms: polled - t0, ...check };
    }
    await delay(20);
  }
  return { ms: undefined, ...(check.lost < 0 ? await compare(members, writers) : check) };
}

function trace(ms: number, statuses: Array<Awaited<ReturnType<typeof status>> | undefined>): void {
  const line = statuses.map((s) => {
    if (!s) return 'down';
    const n = s.node as typeof s.node & { transport: { connected: boolean }; unpublished?: number };
    return `${n.transport.connected ? 'up' : 'off'} unpub=${n.unpublished ?? '?'} ${JSON.stringify(n.cursors)} ${n.digest.slice(0, 6)}`;
  });
  process.stderr.write(`  +${(ms / 1000).toFixed(2)}s ${line.join(' | ')}\n`);
}

/** Acknowledged changes missing on some node (lost) and acknowledged deletes undone on some node (resurrected). */
async function compare(members: Member[], writers: Writer[]): Promise<{ lost: number; resurrected: number }> {
  let lost = 0;
  let resurrected = 0;
  for (const m of members) {
    const names = await workspaceNames(m.node);
    for (const w of writers) {
      for (const [name, known] of w.known) {
        if (known.exists && !names.has(name)) lost++;
        else if (!known.exists && names.has(name)) resurrected++;
        else if (known.exists && known.uri !== undefined && (await namespaceUri(m.node, name)) !== known.uri) lost++;
      }
    }
  }
  return { lost, resurrected };
}

async function workspaceNames(node: BenchNode): Promise<Set<string>> {
  const body = (await (await rest(node, 'GET', '/workspaces.json')).json()) as { workspaces: '' | { workspace: Array<{ name: string }> } };
  return new Set(body.workspaces === '' ? [] : body.workspaces.workspace.map((w) => w.name));
}

async function namespaceUri(node: BenchNode, prefix: string): Promise<string | undefined> {
  const r = await rest(node, 'GET', `/namespaces/${prefix}.json`);
  return r.status === 200 ? ((await r.json()) as { namespace: { uri: string } }).namespace.uri : undefined;
}

/**
 * A REST client writing to one node as fast as it answers: creates workspaces (a workspace and its
 * namespace), changes the namespace URI of some and deletes others. It remembers the last
 * acknowledged state of each object; an object whose write went unanswered is forgotten.
 */
class Writer {
  readonly known = new Map<string, Known>();
  private readonly live: string[] = [];
  private created = 0;
  acknowledged = 0;
  unanswered = 0;

  constructor(
    private readonly id: string,
    private readonly member: Member,
  ) {}

  async run(writing: { on: boolean }): Promise<void> {
    while (writing.on) {
      const dice = Math.random();
      const ok = dice < 0.2 && this.live.length > 0 ? await this.change() : dice < 0.3 && this.live.length > 0 ? await this.remove() : await this.create();
      // a node that refuses connections (killed) answers at once: do not spin
      if (!ok) await delay(50);
    }
  }

  private async create(): Promise<boolean> {
    const name = `${this.id}_${this.created++}`;
    const ok = await this.write(name, 'POST', '/workspaces', { workspace: { name } }, 201);
    if (ok) this.remember(name, { exists: true });
    return ok;
  }

  private async change(): Promise<boolean> {
    const name = this.pick();
    const uri = `http://bench.example/${name}/${this.acknowledged}`;
    const ok = await this.write(name, 'PUT', `/namespaces/${name}`, { namespace: { prefix: name, uri } }, 200);
    if (ok) this.remember(name, { exists: true, uri });
    return ok;
  }

  private async remove(): Promise<boolean> {
    const name = this.pick();
    const ok = await this.write(name, 'DELETE', `/workspaces/${name}?recurse=true`, undefined, 200);
    if (ok) this.remember(name, { exists: false });
    return ok;
  }

  private pick(): string {
    return this.live[Math.floor(Math.random() * this.live.length)];
  }

  private remember(name: string, known: Known): void {
    this.known.set(name, known);
    const i = this.live.indexOf(name);
    if (known.exists && i < 0) this.live.push(name);
    if (!known.exists && i >= 0) this.live.splice(i, 1);
  }

  /** True if the node acknowledged the write; otherwise the object's state is unknown from now on. */
  private async write(name: string, method: string, p: string, body: unknown, expected: number): Promise<boolean> {
    const answer = await rest(this.member.node, method, p, body, AbortSignal.timeout(WRITE_TIMEOUT_MS)).then(
      async (r) => ({ status: r.status, text: await r.text() }),
      () => undefined,
    );
    if (answer?.status === expected) {
      this.acknowledged++;
      return true;
    }
    // a node's refusal (4xx) of a write the writer believed valid is the benchmark's error, not a fault's effect
    if (answer && answer.status < 500) throw new Error(`${method} ${p}: ${answer.status} ${answer.text}`);
    this.unanswered++;
    this.known.delete(name);
    const i = this.live.indexOf(name);
    if (i >= 0) this.live.splice(i, 1);
    return false;
  }
}

async function converged(members: Member[], timeoutMs: number): Promise<void> {
  await until(async () => {
    const all = await Promise.all(members.map((m) => status(m.node)));
    return all.every((s) => s.node.digest === all[0].node.digest);
  }, timeoutMs, 50);
}

function summary(transport: string, fault: string, rounds: RoundResult[]): Record<string, unknown> {
  const recovered = rounds.filter((r) => r.recoveryS !== undefined);
  return {
    transport,
    fault,
    rounds: rounds.length,
    faultMs: FAULT_MS,
    recoveryS: spread(recovered.map((r) => r.recoveryS!)),
    undoS: spread(rounds.map((r) => r.undoS)),
    afterUndoS: spread(recovered.map((r) => r.afterUndoS!)),
    nodesCpuS: spread(rounds.map((r) => r.nodesCpuS)),
    notRecovered: rounds.length - recovered.length,
    acknowledged: sum(rounds.map((r) => r.acknowledged)),
    unanswered: sum(rounds.map((r) => r.unanswered)),
    lost: sum(rounds.map((r) => r.lost)),
    resurrected: sum(rounds.map((r) => r.resurrected)),
    loadAverage: round2(os.loadavg()[0]),
  };
}

function spread(xs: number[]): { min: number; median: number; max: number } | undefined {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] } : undefined;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round2 = (n: number) => Math.round(n * 100) / 100;

await main();
