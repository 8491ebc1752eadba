import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clusterStatus,
  dataFile,
  exists,
  inSync,
  readData,
  restartMember,
  startCluster,
  stopAll,
  type ClusterMember,
} from '../helpers/cluster.js';
import { ADMIN, BIN, call, until, type NodeProcess } from '../helpers/node-process.js';

/*
 * Operating a cluster with real node processes: a bounded journal and the snapshot a node behind
 * the compaction horizon takes, resync of a node whose data directory was edited while it was
 * stopped, `geocluster status` and `geocluster resync`, liveness, readiness and metrics.
 */

const ENV = { secret: 'operations-test-secret-0123456789', 'connection.maxwait': '500' };
const JSON_TYPE = 'application/json';
const run = promisify(execFile);

let running: Array<NodeProcess | undefined> = [];
afterEach(async () => {
  await stopAll(running);
  running = [];
});

async function cluster(names: string[], env: Record<string, string> = {}): Promise<ClusterMember[]> {
  const nodes = await startCluster(names.length, { names, env: { ...ENV, ...env } });
  running = nodes;
  await until('every node to follow its peers', async () => {
    const all = await Promise.all(nodes.map(clusterStatus));
    return all.every((s) => (s.node.transport.detail?.links as Array<{ connected: boolean }>).every((l) => l.connected));
  }, 20_000);
  return nodes;
}

async function ok(node: NodeProcess, method: string, p: string, body?: object): Promise<void> {
  const r = await call(node, method, p, body ? { type: JSON_TYPE, body: JSON.stringify(body) } : {});
  if (r.status >= 300) throw new Error(`${method} ${p} on ${node.rest}: ${r.status} ${r.text}`);
}

/** Runs the built CLI against a node, with the admin's credentials from the environment. */
async function cli(node: NodeProcess, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, ...args, '--url', `http://127.0.0.1:${node.port}/geoserver`], {
    env: { ...process.env, GEOSERVER_ADMIN_USER: ADMIN.user, GEOSERVER_ADMIN_PASSWORD: ADMIN.password },
  });
  return stdout;
}

describe('operating a cluster', () => {
  it('a journal compacted on every peer while a node is down: the node takes a snapshot on restart and converges', async () => {
    const nodes = await cluster(['a', 'b', 'c'], { 'journal.maxEvents': '10' });
    const [a, b, c] = nodes;
    await ok(a, 'POST', '/workspaces', { workspace: { name: 'kept' } });
    await inSync(nodes, 20_000);
    await c.stop();
    const cursorOfC = (await clusterStatus(a)).node.cursors.a;
    for (const name of ['w1', 'w2', 'w3']) await ok(a, 'POST', '/workspaces', { workspace: { name } });
    for (let i = 0; i < 30; i++) await ok(a, 'PUT', `/workspaces/w${(i % 3) + 1}`, { workspace: { isolated: i % 2 === 0 } });
    await ok(a, 'DELETE', '/workspaces/w3');
    // a and b both compact: superseded events go, the latest state of every live object stays
    const states = await until('a and b to compact their journals', async () => {
      const all = await Promise.all([a, b].map(clusterStatus));
      const done = all.every((s) => (s.node as unknown as { journal: { horizons: Record<string, number> } }).journal.horizons.a > cursorOfC);
      return done ? all : undefined;
    }, 20_000);
    for (const s of states) {
      const journal = (s.node as unknown as { journal: { events: number; maxEvents: number } }).journal;
      expect(journal.maxEvents).toBe(10);
      expect(journal.events).toBeLessThan(20);
    }

    const back = await restartMember(nodes, 2, ENV);
    running = nodes;
    await inSync(nodes, 30_000);
    expect(back.output()).toMatch(/behind the peer's compaction horizon for a/);
    expect((await call(back, 'GET', '/workspaces/w3.json')).status).toBe(404);
    expect((await call(back, 'GET', '/workspaces/w1.json')).json().workspace.isolated).toBe(false);
    // and it follows the stream again afterwards
    await ok(b, 'POST', '/workspaces', { workspace: { name: 'after' } });
    await inSync(nodes, 20_000);
    // the data directory is written just after the commit that status already reflects
    await until('the new workspace on the restarted node\'s disk', () => exists(back, 'workspaces/after/workspace.xml'));
    expect(c.pid).not.toBe(back.pid);
  });

  it('a node whose data directory was edited while stopped is reported diverged, and resync repairs exactly what differs', async () => {
    const nodes = await cluster(['a', 'b']);
    const [a, b] = nodes;
    for (const name of ['w1', 'w2']) await ok(a, 'POST', '/workspaces', { workspace: { name } });
    for (const name of ['s1', 's2']) await ok(a, 'POST', '/styles', { style: { name, filename: `${name}.sld` } });
    await inSync(nodes, 20_000);
    await b.stop();
    const nsFile = dataFile(b, 'workspaces/w1/namespace.xml');
    const original = fs.readFileSync(nsFile, 'utf8');
    fs.writeFileSync(nsFile, original.replace(/<uri>[^<]*<\/uri>/, '<uri>http://edited.example.org</uri>'));
    fs.rmSync(dataFile(b, 'styles/s2.xml'));

    const back = await restartMember(nodes, 1, ENV);
    running = nodes;
    const seen = await until('a to report b diverged', async () => (await clusterStatus(a)).peers.find((p) => p.instanceName === 'b' && p.diverged), 20_000);
    expect(seen.diverged).toBe(true);
    expect(await cli(a, 'status')).toMatch(/^b\s.*DIVERGED/m);

    const report = JSON.parse(await cli(back, 'resync', '--json')).resync as { peer: string; changed: Array<{ type: string; name: string; action: string }>; bucketsDiffering: string[] };
    expect(report.peer).toBe('a');
    expect(report.changed.map((c) => `${c.action} ${c.type} ${c.name}`).sort()).toEqual(['added style s2', 'updated namespace w1']);
    // the digest tree goes down by type and workspace: only w1's namespace leaf and a global style leaf differed
    const w1 = `w${createHash('sha1').update('w1').digest('hex').slice(0, 8)}`;
    expect(report.bucketsDiffering).toHaveLength(2);
    expect(report.bucketsDiffering[0]).toMatch(new RegExp(`^namespace/${w1}/[0-9a-f]{2}$`));
    expect(report.bucketsDiffering[1]).toMatch(/^style\/g\/[0-9a-f]{2}$/);
    const [sa, sb] = await inSync(nodes, 20_000);
    expect(sb.digest).toBe(sa.digest);
    expect(readData(back, 'workspaces/w1/namespace.xml')).toBe(original);
    expect(exists(back, 'styles/s2.xml')).toBe(true);
    // a second resync finds nothing to repair
    const again = JSON.parse(await cli(back, 'resync', '--json')).resync as { changed: unknown[]; bucketsDiffering: string[] };
    expect(again).toMatchObject({ changed: [], bucketsDiffering: [] });
  });

  it('geocluster status prints every node of a three-node cluster; live, ready and metrics answer as documented', async () => {
    const nodes = await cluster(['a', 'b', 'c']);
    const [a, b] = nodes;
    await ok(a, 'POST', '/workspaces', { workspace: { name: 'metered' } });
    await inSync(nodes, 20_000);

    // peers' digests come with their heartbeats, once a second
    const table = await until('b to see both peers match', async () => {
      const t = await cli(b, 'status');
      return /^a\s.*\smatch\s/m.test(t) && /^c\s.*\smatch\s/m.test(t) ? t : undefined;
    }, 20_000);
    expect(table).toMatch(/^NODE\s+ROLES\s+CONNECTED\s+LAG\s+DIGEST\s+UNPUBLISHED\s+DEAD LETTERS\s+CONFLICTS\s+LAST ERROR$/m);
    expect(table).toMatch(/^b \(this\)\s+master\+slave\s+yes/m);
    expect(table).toMatch(/^a\s+master\+slave\s+yes\s+0\s+match/m);
    expect(table).toMatch(/^c\s+master\+slave\s+yes\s+0\s+match/m);
    const json = JSON.parse(await cli(b, 'status', '--json'));
    expect(json.cluster.peers.map((p: { instanceName: string }) => p.instanceName)).toEqual(['a', 'c']);

    const base = `http://127.0.0.1:${b.port}/geoserver`;
    const live = await fetch(`${base}/cluster/live`);
    expect([live.status, await live.text()]).toEqual([200, 'OK\n']);
    const ready = await fetch(`${base}/cluster/ready`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const auth = { Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` };
    const metrics = await (await fetch(`${base}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(/^geocluster_events_applied_total\{origin="a"\} [1-9]/m);
    expect(metrics).toMatch(/^geocluster_rest_request_seconds_count\{route="\/cluster\/status",method="GET",status="200"\} [1-9]/m);
    expect(metrics).toMatch(/^geocluster_peer_digest_mismatch 0$/m);
    expect(metrics).toMatch(/^geocluster_objects [1-9]/m);
  });
});
