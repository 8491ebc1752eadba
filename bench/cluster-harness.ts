import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { request, type BenchResponse } from './http-client.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/geocluster.js');
export const PASSWORD = 'bench-admin-password';
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;

export interface BenchNode {
  name: string;
  port: number;
  dataDir: string;
  rest: string;
  child: ChildProcess;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `n` nodes on loopback that list each other as static peers. */
export async function startCluster(n: number, extraEnv: Record<string, string> = {}): Promise<BenchNode[]> {
  const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
  const nodes = ports.map((port, i) => ({ name: `bench${i + 1}`, port, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-bench-node-')) }));
  return Promise.all(nodes.map((nd) => launch(nd, nodes.filter((o) => o !== nd).map((o) => `http://127.0.0.1:${o.port}/geoserver`), extraEnv)));
}

export async function launch(nd: { name: string; port: number; dataDir: string }, peers: string[], extraEnv: Record<string, string> = {}, readyTimeoutMs = 30_000): Promise<BenchNode> {
  // BENCH_NODE_ARGS passes node flags to the nodes, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'start', '--data-dir', nd.dataDir, '--port', String(nd.port), '--host', '127.0.0.1'], {
    env: { ...process.env, GEOSERVER_ADMIN_PASSWORD: PASSWORD, GEOCLUSTER_LOG_LEVEL: 'warn', instanceName: nd.name, discovery: 'static', 'discovery.peers': peers.join(','), secret: 'bench-cluster-secret-0123456789', ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const node: BenchNode = { ...nd, rest: `http://127.0.0.1:${nd.port}/geoserver/rest`, child };
  await until(async () => (await fetch(`http://127.0.0.1:${nd.port}/geoserver/cluster/ready`).catch(() => undefined))?.status === 200, readyTimeoutMs);
  return node;
}

export async function stop(node: BenchNode, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (node.child.exitCode !== null) return;
  const exited = new Promise((r) => node.child.once('exit', r));
  node.child.kill(signal);
  await exited;
}

/** A REST call as admin; `signal` bounds it (a stopped node never answers). */
export async function rest(node: BenchNode, method: string, p: string, body?: unknown, signal?: AbortSignal): Promise<BenchResponse> {
  if (body === undefined) return request(`${node.rest}${p}`, method, { Authorization: AUTH }, undefined, signal);
  return request(`${node.rest}${p}`, method, { Authorization: AUTH, 'Content-Type': 'application/json' }, JSON.stringify(body), signal);
}

export async function status(node: BenchNode, signal?: AbortSignal): Promise<{ node: { cursors: Record<string, number>; digest: string; objects: number } }> {
  const r = await rest(node, 'GET', '/cluster/status.json', undefined, signal);
  return ((await r.json()) as { cluster: { node: { cursors: Record<string, number>; digest: string; objects: number } } }).cluster;
}

export async function until(probe: () => Promise<boolean>, timeoutMs: number, pollMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await delay(pollMs);
  }
  throw new Error('timed out');
}

/**
 * CPU seconds (user + system) a node process has used so far, from /proc: under a shared
 * machine's load, CPU per change varies much less than wall-clock rates. Undefined off Linux.
 */
export function cpuSeconds(node: BenchNode): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${node.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds per operation of the given nodes while `work` runs. */
export async function cpuPerOp<T>(nodes: BenchNode[], ops: number, work: () => Promise<T>): Promise<{ result: T; cpuMsPerOp: number | undefined }> {
  const before = nodes.map(cpuSeconds);
  const result = await work();
  const after = nodes.map(cpuSeconds);
  if (before.some((b) => b === undefined) || after.some((a) => a === undefined)) return { result, cpuMsPerOp: undefined };
  const used = after.reduce((sum, a, i) => sum! + a! - before[i]!, 0)!;
  return { result, cpuMsPerOp: Math.round((used * 1000 * 100) / ops) / 100 };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const leftovers: string[] = [];

/**
 * Node folders go when the benchmark exits, not between its parts: on an ext4 without a journal,
 * each file made in the minutes after many deletions costs a scan past the inodes they freed
 * (BENCHMARKS.md, "The file system under the benchmarks"), so removing one transport's folders
 * would slow the data directory writes of the next.
 */
export function removeAtExit(dirs: string[]): void {
  if (leftovers.length === 0) process.once('exit', () => leftovers.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  leftovers.push(...dirs);
}
