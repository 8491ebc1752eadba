import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'geocluster.js');
export const ADMIN = { user: 'admin', password: 'test-admin-password' };
/**
 * The cluster secret every node started here shares unless a test gives its own (`secret` or
 * `GEOCLUSTER_SECRET`; `secret: ''` lets the node generate one, as a new user's first start does).
 */
export const TEST_SECRET = 'geocluster-test-cluster-secret-0123456789';

export interface NodeProcess {
  pid: number;
  port: number;
  dataDir: string;
  /** http://127.0.0.1:<port>/geoserver/rest */
  rest: string;
  output(): string;
  /** SIGTERM, then wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL, then wait for exit. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

/** The folders tempDir made for the current test file; removed after it (test/setup/temp-dirs.ts). */
const madeTempDirs: string[] = [];

export function tempDir(prefix = 'geocluster-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeTempDirs.push(dir);
  return dir;
}

/** Removes every folder tempDir made so far (after a test file, once its nodes are stopped). */
export function removeTempDirs(): void {
  for (const dir of madeTempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

function defaultSecret(env: Record<string, string> | undefined): Record<string, string> {
  return env && ('secret' in env || 'GEOCLUSTER_SECRET' in env) ? {} : { secret: TEST_SECRET };
}

/**
 * Starts a real node process (the built CLI) on a free loopback port and waits until it listens.
 * The data directory is a fresh temporary one unless given; `port` picks the port (for static peer lists).
 */
export async function startNode(opts: { dataDir?: string; env?: Record<string, string>; timeoutMs?: number; port?: number } = {}): Promise<NodeProcess> {
  const dataDir = opts.dataDir ?? tempDir();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start', '--data-dir', dataDir, '--port', String(opts.port ?? 0), '--host', '127.0.0.1'], {
    // static discovery unless a test asks otherwise: multicast is only ever tested inside a private network namespace
    env: { ...process.env, GEOSERVER_ADMIN_PASSWORD: ADMIN.password, GEOCLUSTER_LOG_LEVEL: 'info', discovery: 'static', ...defaultSecret(opts.env), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`node did not start within ${opts.timeoutMs ?? 20000} ms:\n${out}`)), opts.timeoutMs ?? 20000);
    const check = () => {
      const m = /"port":(\d+),[^\n]*"msg":"listening"/.exec(out);
      if (m) {
        clearTimeout(deadline);
        child.stdout!.off('data', check);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    exited.then((code) => {
      clearTimeout(deadline);
      reject(new Error(`node exited with ${code} before listening:\n${out}`));
    });
  });
  const wait = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    pid: child.pid!,
    port,
    dataDir,
    rest: `http://127.0.0.1:${port}/geoserver/rest`,
    output: () => out,
    stop: () => wait('SIGTERM'),
    kill: () => wait('SIGKILL'),
    exited,
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A REST call with the admin's credentials (unless `auth: false`). */
export async function call(
  node: NodeProcess,
  method: string,
  pathAndQuery: string,
  opts: { body?: string | Buffer; type?: string; accept?: string; auth?: boolean | string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (opts.auth !== false) {
    const cred = typeof opts.auth === 'string' ? opts.auth : `${ADMIN.user}:${ADMIN.password}`;
    headers.Authorization = `Basic ${Buffer.from(cred).toString('base64')}`;
  }
  if (opts.type) headers['Content-Type'] = opts.type;
  if (opts.accept) headers.Accept = opts.accept;
  const res = await fetch(`${node.rest}${pathAndQuery}`, { method, headers, body: opts.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** Polls until the condition holds or the deadline passes. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await delay(20);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Every file under a folder with its content, for "nothing changed on disk" checks. */
export function snapshotDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'base64'));
    }
  };
  walk(dir);
  return out;
}
