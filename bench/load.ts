import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataDir } from './generate-datadir.js';
import { option } from './args.js';

/**
 * Load benchmark. For each size, on a synthetic data directory (generated once under BENCH_DIR
 * and kept), in this order, each in a fresh process:
 *   read    one thread reading every file of the directory (the floor the target is set against;
 *           below 500,000 layers the second of two reads, `firstReadMs` the first)
 *   load    the loader alone (wall and CPU time, peak RSS)
 *   launch  a node started on the directory: seconds until REST answers (then GET
 *           /rest/layers.json must list every layer) and until /cluster/ready, its peak RSS, and
 *           from its log the seconds before the load, of the load and after it until listening
 *   node dist/bench/load.js [--layers 10000,100000,1000000] [--threads N] [--pairs N] [--no-launch] [--drop]
 * BENCH_NODE_ARGS gives node flags to the load and launch processes (not to the read).
 * --pairs repeats read, load and launch N times (alternating, same run); --drop deletes a directory
 * of 500,000 layers or more afterwards. Peak RSS is the process's VmHWM.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '../../bin/geocluster.js');
const PASSWORD = 'bench-admin-password';
const args = process.argv.slice(2);
const sizes = (option('--layers') ?? '10000,100000').split(',').map(Number);
const threads = option('--threads');
const pairs = Number(option('--pairs') ?? 1);
const benchDir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'geocluster-bench');
// node flags for the loader and the node, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

for (const layers of sizes) {
  const dir = path.join(benchDir, `datadir-${layers}`);
  if (!fs.existsSync(path.join(dir, 'global.xml'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    await generateDataDir(dir, { layers, seed: 1 });
    process.stderr.write(`generated ${layers} layers in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  // a million layers need more than the default heap limit
  const heap = [...(layers >= 500_000 ? ['--max-old-space-size=16384'] : []), ...nodeArgs];
  for (let i = 0; i < pairs; i++) {
    // nothing is dropped from the page cache: warm-cache figures, as on a restart. Below 500,000
    // layers the directory is read twice and the second read is the floor: a machine may have paged
    // out files untouched for a minute (BENCHMARKS.md, "The page cache under the benchmarks")
    const firstRead = layers < 500_000 ? once(['--read', dir]).ms : undefined;
    const read = once(['--read', dir]);
    const load = once([dir, ...(threads ? [threads] : [])], heap);
    const launched = args.includes('--no-launch') ? undefined : await launch(dir, layers, heap);
    const out = { layers, firstReadMs: firstRead, read, load, launch: launched, loadVsRead: round(load.ms / read.ms), launchVsRead: launched && round((launched.restSeconds * 1000) / read.ms) };
    process.stdout.write(JSON.stringify(out) + '\n');
  }
  if (args.includes('--drop') && layers >= 500_000) fs.rmSync(dir, { recursive: true, force: true });
}

function once(onceArgs: string[], nodeFlags: string[] = []): Record<string, number> {
  const run = spawnSync(process.execPath, [...nodeFlags, path.join(here, 'load-once.js'), ...onceArgs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`load-once ${onceArgs.join(' ')} failed`);
  return JSON.parse(run.stdout) as Record<string, number>;
}

/** Starts a node on the directory (its cluster/ and security/ folders removed before and after). */
async function launch(dir: string, layers: number, nodeFlags: string[]): Promise<{ restSeconds: number; readySeconds: number; peakRssMB: number; cpuSeconds: number; mainThreadCpuSeconds: number; phases: Phases }> {
  const clean = () => ['cluster', 'security'].forEach((f) => fs.rmSync(path.join(dir, f), { recursive: true, force: true }));
  clean();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const t0 = performance.now();
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [...nodeFlags, BIN, 'start', '--data-dir', dir, '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, GEOSERVER_ADMIN_PASSWORD: PASSWORD, GEOCLUSTER_LOG_LEVEL: 'info', instanceName: 'load1', discovery: 'static', 'discovery.peers': '', secret: 'bench-cluster-secret-0123456789' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log = phasesFromLog(child.stdout!, spawnedAt);
  try {
    const base = `http://127.0.0.1:${port}/geoserver`;
    const answers = async (p: string) => (await fetch(base + p).catch(() => undefined))?.status === 200;
    const deadline = t0 + 600_000;
    while (!(await answers('/cluster/live'))) await pause(deadline, child.exitCode);
    const restSeconds = (performance.now() - t0) / 1000;
    const cpuSeconds = cpuOf(`/proc/${child.pid}/stat`);
    const mainThreadCpuSeconds = cpuOf(`/proc/${child.pid}/task/${child.pid}/stat`);
    while (!(await answers('/cluster/ready'))) await pause(deadline, child.exitCode);
    const readySeconds = (performance.now() - t0) / 1000;
    const r = await fetch(`${base}/rest/layers.json`, { headers: { Authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` } });
    const listed = ((await r.json()) as { layers: { layer: unknown[] } }).layers.layer.length;
    if (listed !== layers) throw new Error(`the node lists ${listed} layers, expected ${layers}`);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return { restSeconds: round(restSeconds), readySeconds: round(readySeconds), cpuSeconds, mainThreadCpuSeconds, peakRssMB: hwm ? Math.round(Number(hwm[1]) / 1024) : -1, phases: log.phases };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    clean();
  }
}

/** Where a launch's seconds went, from the node's own log: before the load, the load, after it until listening. */
interface Phases {
  beforeLoad?: number;
  load?: number;
  afterLoad?: number;
}

/** Reads the node's log lines (JSON on stdout) for the times of 'data directory loaded' and 'listening'. */
function phasesFromLog(stdout: NodeJS.ReadableStream, spawnedAt: number): { phases: Phases } {
  const phases: Phases = {};
  let loadedAt: number | undefined;
  let rest = '';
  stdout.setEncoding('utf8');
  stdout.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      let entry: { msg?: string; time?: number; ms?: number };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue; // not a log line (a generated password notice, say)
      }
      if (entry.msg === 'data directory loaded' && entry.time !== undefined && entry.ms !== undefined) {
        loadedAt = entry.time;
        phases.load = round(entry.ms / 1000);
        phases.beforeLoad = round((entry.time - entry.ms - spawnedAt) / 1000);
      } else if (entry.msg === 'listening' && entry.time !== undefined && loadedAt !== undefined) {
        phases.afterLoad = round((entry.time - loadedAt) / 1000);
      }
    }
  });
  return { phases };
}

/** CPU seconds a process (all threads) or one thread has used so far (Linux, 100 clock ticks a second). */
function cpuOf(stat: string): number {
  const fields = fs.readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return round((Number(fields[11]) + Number(fields[12])) / 100);
}

async function pause(deadline: number, exitCode: number | null): Promise<void> {
  if (exitCode !== null) throw new Error(`the node exited (${exitCode}) before answering`);
  if (performance.now() > deadline) throw new Error('the node did not answer in 10 minutes');
  await new Promise((r) => setTimeout(r, 50));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
