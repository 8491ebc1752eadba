import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsUnavailable } from '../helpers/netns.js';

/**
 * Multicast discovery on live sockets. Every case runs in a private network namespace
 * (`unshare -n`) that holds only its own `lo`, so no datagram can leave the machine whatever the
 * code does; the interface is pinned to 127.0.0.1 there (broker-lab.md §4b, A.15/A.16).
 * The script runs the COMPILED module (dist/), as the node does.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC_DIR = path.join(ROOT, 'src/transports/embedded/discovery');
const MODULE = path.join(ROOT, 'dist/src/transports/embedded/discovery/multicast.js');


const unavailable = netnsUnavailable();
if (unavailable) console.warn(`multicast netns tests skipped: ${unavailable}`);

/** Compiles when dist/ lacks the module or is older than its sources (other files' type errors are not ours). */
function ensureCompiled(): void {
  const newestSource = Math.max(...fs.readdirSync(SRC_DIR).map((f) => fs.statSync(path.join(SRC_DIR, f)).mtimeMs));
  const fresh = (): boolean => fs.existsSync(MODULE) && fs.statSync(MODULE).mtimeMs >= newestSource;
  if (fresh()) return;
  const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (!fresh()) throw new Error(`could not compile ${MODULE}:\n${tsc.stdout}${tsc.stderr}`);
}

/** The script run inside the namespace: one mode per case, the result as one JSON line. */
const SCRIPT = String.raw`
import { setTimeout as pause } from 'node:timers/promises';
import dgram from 'node:dgram';
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
const { MulticastDiscovery } = await import(process.env.MODULE_URL);
// announcements are signed with the cluster secret (here a key of the test's own), as the node's ClusterSecret does
const keyed = (key) => ({ announcementMac: (t) => createHmac('sha256', key).update(t).digest('base64url'), checkAnnouncement: (t, m) => createHmac('sha256', key).update(t).digest('base64url') === m });
const auth = keyed('multicast-netns-key');
const intruderAuth = keyed('not-the-cluster-key');
const signed = (fields, a = auth) => { const t = JSON.stringify({ v: 2, ...fields, at: Date.now() }); return t.slice(0, -1) + ',"mac":' + JSON.stringify(a.announcementMac(t)) + '}'; };
const cfg = JSON.parse(process.env.CASE);
const GROUP = '239.255.42.99';
const t0 = Date.now();
const logs = [];
const log = { warn: (o, m) => logs.push({ level: 'warn', who: o.who, msg: m }), info: (o, m) => logs.push({ level: 'info', who: o.who, msg: m }) };
async function until(what, check, ms = 10000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await pause(20);
  }
  return Date.now() - t0;
}
const events = {};
function node(name, group, port, extra = {}) {
  const d = new MulticastDiscovery({ group: GROUP, port: cfg.port, interface: cfg.iface ?? '127.0.0.1', intervalMs: 100, expiryMs: 1500, retryMs: 200,
    self: { instanceName: name, group, url: 'http://127.0.0.1:' + port + '/geoserver' },
    log: { warn: (o, m) => log.warn({ ...o, who: name }, m), info: (o, m) => log.info({ ...o, who: name }, m) }, auth, ...extra });
  events[name] = [];
  d.onPeer((p) => events[name].push(p.instanceName + '@' + p.url));
  return d;
}
const view = (d) => d.peers().map((p) => p.instanceName + '@' + p.url).sort();
const result = { mode: cfg.mode, timings: {} };
try {
  if (cfg.mode === 'missing-interface') {
    const d = node('lonely', 'g1', 18089);
    await d.start();
    result.timings.started = Date.now() - t0;
    result.timings.retried = await until('3 setup attempts', () => d.status().details.setupAttempts >= 3);
    result.status = d.status();
    await d.close();
  } else {
    const nodes = { n1: node('n1', 'g1', 18081), n2: node('n2', 'g1', 18082), n3: node('n3', 'g1', 18083), x4: node('x4', 'g2', 18084) };
    const all = Object.values(nodes);
    await Promise.all(all.map((d) => d.start()));
    result.timings.started = Date.now() - t0;
    const converged = () => ['n1', 'n2', 'n3'].every((n) => view(nodes[n]).length === 2);
    result.timings.converged = await until('each node sees two peers', converged);
    if (cfg.mode === 'garbage') await sendGarbage(nodes);
    if (cfg.mode === 'lo-down') await bounceLoopback(nodes, converged);
    result.views = Object.fromEntries(Object.entries(nodes).map(([n, d]) => [n, view(d)]));
    result.statuses = Object.fromEntries(Object.entries(nodes).map(([n, d]) => [n, d.status()]));
    result.events = events;
    await Promise.all(all.map((d) => d.close()));
  }
} catch (err) {
  result.error = String(err && err.stack || err);
}
result.logs = logs;
console.log('RESULT ' + JSON.stringify(result));
process.exit(0);

async function sendGarbage(nodes) {
  const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  s.setMulticastInterface('127.0.0.1');
  s.setMulticastTTL(0);
  const beacon = (o, a = auth) => signed({ instanceName: 'evil', group: 'g1', url: 'http://127.0.0.1:9/geoserver', ...o }, a);
  const invalid = [
    Buffer.alloc(0), 'not json', '{"v":1', 'null', '[1,2,3]', '42', Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    beacon({ v: 1 }), beacon({ instanceName: '' }), beacon({ instanceName: 7 }), beacon({ url: 'ftp://127.0.0.1/x' }),
    beacon({ url: 'no url at all' }), beacon({ group: undefined }),
  ];
  const tooLarge = [beacon({ pad: 'x'.repeat(2000) }), Buffer.alloc(60000, 0x41)];
  const foreign = [beacon({ group: 'g3' }), beacon({ instanceName: 'x4', group: 'g2', url: 'http://127.0.0.1:9/impostor' })];
  // a node without the secret: its announcements (and unsigned ones) are ignored and counted
  const unauthenticated = [beacon({}, intruderAuth), JSON.stringify({ v: 2, instanceName: 'evil', group: 'g1', url: 'http://127.0.0.1:9/geoserver', at: Date.now() })];
  const before = Object.fromEntries(Object.entries(nodes).map(([n, d]) => [n, { ...d.status().details }]));
  for (const m of [...invalid, ...tooLarge, ...foreign, ...unauthenticated]) await new Promise((r, j) => s.send(m, cfg.port, GROUP, (e) => (e ? j(e) : r())));
  s.close();
  result.sent = { invalid: invalid.length, tooLarge: tooLarge.length, foreign: foreign.length, unauthenticated: unauthenticated.length };
  const delta = (n, k) => nodes[n].status().details[k] - before[n][k];
  result.timings.garbageSeen = await until('every node to count the garbage', () =>
    Object.keys(nodes).every((n) => delta(n, 'invalid') >= invalid.length && delta(n, 'tooLarge') >= tooLarge.length && delta(n, 'unauthenticated') >= unauthenticated.length));
  // Beacons keep flowing after the garbage: the nodes still hear each other.
  const received = Object.fromEntries(Object.keys(nodes).map((n) => [n, nodes[n].status().details.beaconsReceived]));
  await until('fresh beacons after the garbage', () => ['n1', 'n2', 'n3'].every((n) => nodes[n].status().details.beaconsReceived >= received[n] + 4));
  result.deltas = Object.fromEntries(Object.keys(nodes).map((n) => [n, { invalid: delta(n, 'invalid'), tooLarge: delta(n, 'tooLarge'), foreignGroup: delta(n, 'foreignGroup'), own: delta(n, 'own'), unauthenticated: delta(n, 'unauthenticated') }]));
}

async function bounceLoopback(nodes, converged) {
  const g1 = ['n1', 'n2', 'n3'].map((n) => nodes[n]);
  execFileSync('ip', ['link', 'set', 'lo', 'down']);
  result.timings.loDown = await until('all nodes to notice lo is down', () => g1.every((d) => !d.status().working));
  result.down = g1.map((d) => d.status());
  // Let the peers heard before expire, so that finding them again proves multicast works again.
  result.timings.expired = await until('peers to expire while lo is down', () => g1.every((d) => d.peers().length === 0));
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  result.timings.recovered = await until('peers found again after lo is up', () => g1.every((d) => d.status().working) && converged());
}
`;

interface ScriptResult {
  mode: string;
  error?: string;
  timings: Record<string, number>;
  views?: Record<string, string[]>;
  statuses?: Record<string, { working: boolean; problem?: string; details: Record<string, number> }>;
  status?: { working: boolean; problem?: string; details: Record<string, number> };
  down?: { working: boolean; problem?: string; details: Record<string, unknown> }[];
  events?: Record<string, string[]>;
  sent?: { invalid: number; tooLarge: number; foreign: number; unauthenticated: number };
  deltas?: Record<string, { invalid: number; tooLarge: number; foreignGroup: number; own: number; unauthenticated: number }>;
  logs: { level: string; who: string; msg: string }[];
}

let dir: string;
let script: string;
let nextPort = 45000 + Math.floor(Math.random() * 1000);

/** Runs the script in a fresh namespace; `lo` is brought up, with the MULTICAST flag when asked. */
function runInNetns(mode: string, opts: { multicastFlag: boolean; iface?: string }): Promise<ScriptResult> {
  const setup = ['ip link set lo up', ...(opts.multicastFlag ? ['ip link set lo multicast on'] : [])].join(' && ');
  const env = {
    ...process.env,
    MODULE_URL: pathToFileURL(MODULE).href,
    CASE: JSON.stringify({ mode, port: nextPort++, iface: opts.iface }),
  };
  const child = spawn('unshare', ['-n', 'sh', '-c', `${setup} && exec "$NODE" "$SCRIPT"`], {
    env: { ...env, NODE: process.execPath, SCRIPT: script },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b));
  child.stderr.on('data', (b: Buffer) => (out += b));
  const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return reject(new Error(`netns script (${mode}) exited with ${code}:\n${out}`));
      const result = JSON.parse(line.slice('RESULT '.length)) as ScriptResult;
      if (result.error) return reject(new Error(`netns script (${mode}) failed: ${result.error}\nlogs: ${JSON.stringify(result.logs)}`));
      resolve(result);
    });
  });
}

const EXPECTED_VIEWS = {
  n1: ['n2@http://127.0.0.1:18082/geoserver', 'n3@http://127.0.0.1:18083/geoserver'],
  n2: ['n1@http://127.0.0.1:18081/geoserver', 'n3@http://127.0.0.1:18083/geoserver'],
  n3: ['n1@http://127.0.0.1:18081/geoserver', 'n2@http://127.0.0.1:18082/geoserver'],
  x4: [],
};

describe.skipIf(unavailable !== null)('multicast discovery in a private network namespace', () => {
  beforeAll(() => {
    ensureCompiled();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-mcast-'));
    script = path.join(dir, 'mcast-case.mjs');
    fs.writeFileSync(script, SCRIPT);
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('three nodes of a group find each other and not the node of another group (lo multicast on)', async () => {
    const r = await runInNetns('group', { multicastFlag: true });
    expect(r.views).toEqual(EXPECTED_VIEWS);
    for (const n of ['n1', 'n2', 'n3', 'x4']) {
      expect(r.statuses?.[n].working).toBe(true);
      expect(r.statuses?.[n].details.ttl).toBe(0);
    }
    // Each peer was announced once, and the foreign-group node heard the others but took none.
    expect(r.events?.n1.sort()).toEqual(EXPECTED_VIEWS.n1);
    expect(r.events?.x4).toEqual([]);
    expect(r.statuses?.x4.details.foreignGroup).toBeGreaterThan(0);
    expect(r.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('works without the MULTICAST flag on lo, because the interface is pinned (broker-lab §4b)', async () => {
    const r = await runInNetns('group', { multicastFlag: false });
    expect(r.views).toEqual(EXPECTED_VIEWS);
    expect(r.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('ignores bad datagrams (not JSON, wrong shape, too large, other group) and keeps working', async () => {
    const r = await runInNetns('garbage', { multicastFlag: true });
    expect(r.views).toEqual(EXPECTED_VIEWS);
    for (const n of ['n1', 'n2', 'n3']) {
      expect(r.deltas?.[n].invalid).toBe(r.sent?.invalid);
      expect(r.deltas?.[n].tooLarge).toBe(r.sent?.tooLarge);
      expect(r.deltas?.[n].unauthenticated, 'announcements without the secret are ignored and counted').toBe(r.sent?.unauthenticated);
      expect(r.deltas?.[n].foreignGroup).toBeGreaterThanOrEqual(r.sent?.foreign ?? 0);
      expect(r.statuses?.[n].working).toBe(true);
      expect(r.events?.[n].some((e) => e.startsWith('evil@'))).toBe(false);
    }
    // A beacon carrying x4's own name with another URL is a misconfiguration, pointed out once.
    const duplicate = r.logs.filter((l) => l.who === 'x4' && l.level === 'warn');
    expect(duplicate).toHaveLength(1);
    expect(duplicate[0].msg).toMatch(/announces instanceName 'x4' with a different URL/);
  });

  it('reports a pinned interface address that is not on this host, once, and keeps retrying', async () => {
    const r = await runInNetns('missing-interface', { multicastFlag: true, iface: '10.255.255.1' });
    expect(r.status?.working).toBe(false);
    expect(r.status?.problem).toMatch(/interface address 10\.255\.255\.1 is not on any interface that is up/);
    expect(r.status?.problem).toMatch(/127\.0\.0\.1 \(lo\)/);
    expect(r.status?.details.setupAttempts).toBeGreaterThanOrEqual(3);
    expect(r.status?.details.beaconsSent).toBe(0);
    expect(r.status?.details.ttl).toBe(1); // not a loopback address: one hop, never more by default
    const warnings = r.logs.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/multicast discovery cannot work/);
    expect(warnings[0].msg).toMatch(/discovery=static with discovery\.peers/);
    expect(warnings[0].msg).toMatch(/discovery=dns/);
  });

  it('notices the interface going down (send fails), warns once, and finds its peers again when it is back', async () => {
    const r = await runInNetns('lo-down', { multicastFlag: true });
    for (const s of r.down ?? []) {
      expect(s.working).toBe(false);
      expect(s.problem).toBeTruthy();
    }
    expect(r.views).toEqual(EXPECTED_VIEWS);
    // Peers that expired and came back are announced again.
    expect(r.events?.n1.sort()).toEqual([EXPECTED_VIEWS.n1[0], EXPECTED_VIEWS.n1[0], EXPECTED_VIEWS.n1[1], EXPECTED_VIEWS.n1[1]]);
    for (const n of ['n1', 'n2', 'n3']) {
      const mine = r.logs.filter((l) => l.who === n);
      expect(mine.filter((l) => l.level === 'warn')).toHaveLength(1);
      expect(mine.filter((l) => l.level === 'info').map((l) => l.msg)).toEqual(['multicast discovery works again on 127.0.0.1']);
    }
    expect(r.logs.find((l) => l.who === 'n1' && l.level === 'warn')?.msg).toMatch(/\(ENETUNREACH\)|not on any interface that is up/);
  });
});
