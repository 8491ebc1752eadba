import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Compaction } from '../src/cluster/compaction.js';
import { DATADIR_LSN } from '../src/cluster/group-commit.js';
import { Journal } from '../src/cluster/journal.js';
import { createLogger } from '../src/logger.js';
import { freePort, launch, PASSWORD, rest, status, stop, until, type BenchNode } from './cluster-harness.js';
import { generateDataDir } from './generate-datadir.js';
import { numberOption } from './args.js';

/**
 * Operating a cluster: an empty node joining a cluster of N layers (time until its digest equals
 * the peer's, and its peak RSS), resync of a node where a few objects differ, and the journal's
 * size after many changes to a few objects (compaction).
 *
 *   npm run bench:operations -- --layers 100000 --differ 10 --changes 1000000 --objects 1000
 *
 * `--joins N --compare DIR` joins N times with this build and N times with the build in DIR (a
 * checkout with bin/ and dist/), alternately, against the same source node: before/after figures
 * taken under the same load.
 */
const args = process.argv.slice(2);
const layers = numberOption('--layers', 100_000);
const differ = numberOption('--differ', 10);
const changes = numberOption('--changes', 1_000_000);
const objects = numberOption('--objects', 1000);
const joins = numberOption('--joins', 1);
const compare = args.includes('--compare') ? args[args.indexOf('--compare') + 1] : undefined;
const only = args.includes('--journal-only') ? 'journal' : args.includes('--cluster-only') ? 'cluster' : 'all';
const benchDir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'geocluster-bench');

/** CPU time (user + system) a process has used so far, in seconds. */
function cpuSeconds(pid: number | undefined): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMb(pid: number | undefined): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? 0) / 1024);
}

async function clusterBench(): Promise<void> {
  const dir = path.join(benchDir, `datadir-${layers}`);
  if (!fs.existsSync(path.join(dir, 'global.xml'))) await generateDataDir(dir, { layers, seed: 1 });
  // the source's journal goes to a folder of its own, and the security folder its start writes is
  // removed after: the generated directory stays as it was, for other runs
  const sourceCluster = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-bench-source-'));
  const security = path.join(dir, 'security');
  const leftBehind = fs.existsSync(security) ? [sourceCluster] : [sourceCluster, security];
  const [pa, pb] = await Promise.all([freePort(), freePort()]);
  const url = (p: number) => `http://127.0.0.1:${p}/geoserver`;
  const heap = { NODE_OPTIONS: layers >= 500_000 ? '--max-old-space-size=16384' : '' };
  // the source lists no peer: it is ready on its own, and serves its journal to the joiner
  const a = await launch({ name: 'source', port: pa, dataDir: dir }, [], { ...heap, CLUSTER_CONFIG_DIR: sourceCluster }, 600_000);
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-bench-join-'));
  const nodes: BenchNode[] = [a];
  const joinDirs = [emptyDir];
  try {
    const target = (await status(a)).node;
    // the other build first, so that the two alternate and the last join is this build's
    const builds = compare ? [compare, undefined] : [undefined];
    for (let i = 0; i < joins * builds.length - 1; i++) {
      // removed at the end: removing 200,000 files would weigh on the next join
      const joinDir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-bench-join-'));
      joinDirs.push(joinDir);
      await joinOnce(builds[i % builds.length], { name: 'joiner', port: pb, dataDir: joinDir }, a, target.digest, heap);
    }
    // the last join (this build) stays for the resync
    const b = await joinOnce(undefined, { name: 'joiner', port: pb, dataDir: emptyDir }, a, target.digest, heap, false);
    nodes.push(b);
    await stop(b);
    const wsDir = path.join(emptyDir, 'workspaces');
    const edited = fs.readdirSync(wsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).slice(0, differ);
    for (const ws of edited) {
      const f = path.join(wsDir, ws, 'namespace.xml');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/<uri>[^<]*<\/uri>/, `<uri>http://edited.example.org/${ws}</uri>`));
    }
    const b2 = await launch({ name: 'joiner', port: pb, dataDir: emptyDir }, [url(pa)], heap, 1_800_000);
    nodes[1] = b2;
    await until(async () => ((await (await rest(b2, 'GET', '/cluster/status.json')).json()) as { cluster: { peers: unknown[] } }).cluster.peers.length > 0, 60_000, 50);
    const t1 = performance.now();
    const r = await rest(b2, 'POST', '/cluster/resync');
    const report = ((await r.json()) as { resync: { changed: unknown[]; bucketsDiffering: string[] } }).resync;
    out({ bench: 'resync', layers, differing: edited.length, changed: report.changed.length, buckets: report.bucketsDiffering.length, seconds: round((performance.now() - t1) / 1000) });
  } finally {
    for (const n of nodes) await stop(n);
    for (const d of [...joinDirs, ...leftBehind]) fs.rmSync(d, { recursive: true, force: true });
  }
}

/** Starts an empty node (of this build, or of the build in `root`) until its digest is the source's. */
async function joinOnce(root: string | undefined, nd: { name: string; port: number; dataDir: string }, source: BenchNode, digest: string, env: Record<string, string>, stopAfter = true): Promise<BenchNode> {
  const peers = [`http://127.0.0.1:${source.port}/geoserver`];
  const t0 = performance.now();
  const b = root ? spawnOther(root, nd, peers, env) : await launch(nd, peers, env, 1_800_000);
  try {
    await until(async () => (await status(b)).node.digest === digest, 1_800_000, 50);
    const seconds = (performance.now() - t0) / 1000;
    out({ bench: 'join', build: root ?? 'this', layers, seconds: round(seconds), joinerCpuSeconds: cpuSeconds(b.child.pid), joinerPeakRssMb: peakRssMb(b.child.pid), sourcePeakRssMb: peakRssMb(source.child.pid), load: os.loadavg().map(round) });
  } finally {
    if (stopAfter) await stop(b);
  }
  return b;
}

/** A node of another build, started as the harness starts one. */
function spawnOther(root: string, nd: { name: string; port: number; dataDir: string }, peers: string[], env: Record<string, string>): BenchNode {
  const child = spawn(process.execPath, [path.join(root, 'bin/geocluster.js'), 'start', '--data-dir', nd.dataDir, '--port', String(nd.port), '--host', '127.0.0.1'], {
    env: { ...process.env, GEOSERVER_ADMIN_PASSWORD: PASSWORD, GEOCLUSTER_LOG_LEVEL: 'warn', instanceName: nd.name, discovery: 'static', 'discovery.peers': peers.join(','), secret: 'bench-cluster-secret-0123456789', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { ...nd, rest: `http://127.0.0.1:${nd.port}/geoserver/rest`, child };
}

/** The journal alone: `changes` modifications spread over `objects` objects, committed in groups of 100. */
async function journalBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-bench-journal-'));
  const journal = new Journal(path.join(dir, 'journal.sqlite'));
  const compaction = new Compaction({ journal, limits: () => ({ maxEvents: 100_000, retentionDays: 7 }), outboxLsn: () => Number.MAX_SAFE_INTEGER, commit: async () => journal.commit(), log: createLogger('warn') });
  const t0 = performance.now();
  for (let seq = 1; seq <= changes; seq++) {
    const id = `WorkspaceInfoImpl-${seq % objects}`;
    journal.append({ v: 1, group: 'bench', origin: 'bench', seq, hlc: [Date.now(), 0], deps: {}, op: 'modify', type: 'workspace', id, object: { name: `ws${seq % objects}`, isolated: String(seq % 2 === 0) } }, true);
    if (seq % 100 === 0) {
      journal.setMeta(DATADIR_LSN, String(journal.lastLsn()));
      journal.commit();
      compaction.afterCommit();
      journal.commit();
    }
  }
  journal.commit();
  const size = () => fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const beforeReclaim = size();
  // compaction shrinks the file once its commit is done, on a later turn
  await new Promise((resolve) => setImmediate(resolve));
  out({ bench: 'journal', changes, objects, events: journal.eventCount(), megabytesBeforeReclaim: round(beforeReclaim / 1e6), megabytes: round(size() / 1e6), seconds: round((performance.now() - t0) / 1000) });
  journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

function out(o: object): void {
  process.stdout.write(JSON.stringify(o) + '\n');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (only !== 'cluster') await journalBench();
if (only !== 'journal') await clusterBench();
