import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BIN } from '../helpers/node-process.js';
import { netnsUnavailable } from '../helpers/netns.js';

/**
 * Three real node processes that find each other by multicast (discovery=multicast, the default
 * group and port, interface 127.0.0.1) and replicate a change. They run inside one private network
 * namespace (`unshare -n`) holding only its own `lo`, so no datagram can leave it
 * (see test/transports/multicast-netns.test.ts). A script written here starts them there, drives them over REST on
 * 127.0.0.1 inside the namespace, stops them and prints one JSON line.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEADLINE_MS = 40_000;


const unavailable = netnsUnavailable();
if (unavailable) console.warn(`multicast cluster test skipped: ${unavailable}`);

const SCRIPT = String.raw`
import { setTimeout as pause } from 'node:timers/promises';
import { spawn } from 'node:child_process';
const cfg = JSON.parse(process.env.CASE);
const t0 = Date.now();
const auth = 'Basic ' + Buffer.from(cfg.user + ':' + cfg.password).toString('base64');
const result = { nodes: {} };
const nodes = [];

async function until(what, check, ms) {
  const deadline = Math.min(Date.now() + ms, t0 + cfg.deadlineMs);
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch {}
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await pause(50);
  }
}

function rest(node, method, p, body) {
  return fetch('http://127.0.0.1:' + node.port + '/geoserver/rest' + p, {
    method, body, headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
  });
}

function start(name, port, dataDir) {
  const child = spawn(process.execPath, [cfg.bin, 'start', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, GEOSERVER_ADMIN_PASSWORD: cfg.password, instanceName: name, discovery: 'multicast',
      'discovery.multicast.interface': '127.0.0.1', secret: cfg.secret, 'connection.maxwait': '500' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const node = { name, port, child, out: '', exited: new Promise((r) => child.once('exit', r)) };
  child.stdout.on('data', (d) => (node.out += d));
  child.stderr.on('data', (d) => (node.out += d));
  nodes.push(node);
  return node;
}

async function stopAll() {
  for (const n of nodes) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGTERM');
  const killer = setTimeout(() => nodes.forEach((n) => n.child.kill('SIGKILL')), 5000);
  await Promise.all(nodes.map((n) => n.exited));
  clearTimeout(killer);
}

try {
  cfg.ports.forEach((port, i) => start('m' + (i + 1), port, cfg.dataDirs[i]));
  await Promise.all(nodes.map((n) => until(n.name + ' to listen', () => /"msg":"listening"/.test(n.out), 20000)));
  // each node follows the two others once their beacons are heard
  await until('every node to subscribe to two peers', async () => {
    const all = await Promise.all(nodes.map(async (n) => (await (await rest(n, 'GET', '/cluster/status.json')).json()).cluster));
    return all.every((s) => s.node.transport.detail.links.filter((l) => l.connected).length === 2);
  }, 20000);
  const created = await rest(nodes[0], 'POST', '/workspaces', JSON.stringify({ workspace: { name: 'mcast' } }));
  result.created = created.status;
  await until('the workspace on every node', async () => {
    const codes = await Promise.all(nodes.map(async (n) => (await rest(n, 'GET', '/workspaces/mcast.json')).status));
    return codes.every((c) => c === 200);
  }, 15000);
  // and heartbeats from both peers in every node's status
  await until('every node to hear both peers', async () => {
    for (const n of nodes) result.nodes[n.name] = (await (await rest(n, 'GET', '/cluster/status.json')).json()).cluster;
    return Object.values(result.nodes).every((s) => s.peers.length === 2 && s.node.digest === result.nodes.m1.node.digest);
  }, 10000);
} catch (err) {
  result.error = String((err && err.stack) || err);
  result.outputs = Object.fromEntries(nodes.map((n) => [n.name, n.out.slice(-3000)]));
}
await stopAll();
result.exitCodes = nodes.map((n) => n.child.exitCode);
console.log('RESULT ' + JSON.stringify(result));
process.exit(0);
`;

interface NodeView {
  node: { instanceName: string; digest: string; cursors: Record<string, number>; transport: { detail: { discovery: { kind: string; working: boolean } } } };
  peers: Array<{ instanceName: string; url: string; digest: string }>;
}

interface ScriptResult {
  error?: string;
  outputs?: Record<string, string>;
  created?: number;
  nodes: Record<string, NodeView>;
  exitCodes: Array<number | null>;
}

let dir: string;

/** Runs the script in a fresh namespace; the whole process group is killed if it overruns. */
function runInNetns(ports: number[]): Promise<ScriptResult> {
  const script = path.join(dir, 'mcast-cluster.mjs');
  fs.writeFileSync(script, SCRIPT);
  const dataDirs = ports.map((_p, i) => fs.mkdtempSync(path.join(dir, `m${i + 1}-`)));
  const env = {
    ...process.env,
    NODE: process.execPath,
    SCRIPT: script,
    CASE: JSON.stringify({ bin: BIN, ports, dataDirs, user: ADMIN.user, password: ADMIN.password, secret: 'multicast-test-secret-0123', deadlineMs: DEADLINE_MS }),
  };
  const child = spawn('unshare', ['-n', 'sh', '-c', 'ip link set lo up && ip link set lo multicast on && exec "$NODE" "$SCRIPT"'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: a kill on overrun takes the nodes along
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b));
  child.stderr.on('data', (b: Buffer) => (out += b));
  const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), DEADLINE_MS + 10_000);
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return reject(new Error(`netns script exited with ${code}:\n${out}`));
      const result = JSON.parse(line.slice('RESULT '.length)) as ScriptResult;
      if (result.error) return reject(new Error(`netns script failed: ${result.error}\n${JSON.stringify(result.outputs, null, 1)}`));
      resolve(result);
    });
  });
}

describe.skipIf(unavailable !== null)('a cluster found by multicast, in a private network namespace', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/main.js'))) throw new Error('dist/ is missing: run npm run build first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-mcast-cluster-'));
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('three nodes find each other by multicast and replicate a change', async () => {
    // fixed ports: the namespace is private, nothing else listens there
    const ports = [18181, 18182, 18183];
    const r = await runInNetns(ports);
    expect(r.created).toBe(201);
    const names = ['m1', 'm2', 'm3'];
    for (const [i, name] of names.entries()) {
      const s = r.nodes[name];
      expect(s.node.instanceName).toBe(name);
      expect(s.node.transport.detail.discovery).toMatchObject({ kind: 'multicast', working: true });
      const others = names.filter((n) => n !== name);
      expect(s.peers.map((p) => p.instanceName).sort()).toEqual(others);
      expect(s.peers.map((p) => p.url).sort()).toEqual(ports.filter((_p, j) => j !== i).map((p) => `http://127.0.0.1:${p}/geoserver`));
      expect(s.node.digest).toBe(r.nodes.m1.node.digest);
      expect(s.node.cursors.m1).toBe(r.nodes.m1.node.cursors.m1);
    }
    expect(r.nodes.m1.node.cursors.m1).toBeGreaterThan(0);
    expect(r.exitCodes).toEqual([0, 0, 0]);
  });
});
