import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { clusterStatus, freePort, inSync, peerUrl, stopAll } from '../helpers/cluster.js';
import { startNode, tempDir, until, type NodeProcess } from '../helpers/node-process.js';

/*
 * kill -9 of a new node while it takes a streamed snapshot (real processes): it is not ready
 * meanwhile, the kill leaves its old (empty) state, and the next start takes the snapshot again.
 * A kill while the installed snapshot's files are being written: the next start finishes the
 * install, and the data directory then holds all of it (a second restart loads the same digest).
 */

const ENV = { secret: 'snapshot-kill-secret-0123456789', 'connection.maxwait': '500' };
let running: Array<NodeProcess | undefined> = [];
afterEach(async () => {
  await stopAll(running);
  running = [];
});

/** Node a on a generated 10,000-layer directory, and node c, empty, joining it (c's env kept for its restart). */
async function sourceAndJoiner() {
  const [pa, pc] = await Promise.all([freePort(), freePort()]);
  const sourceDir = tempDir();
  await generateDataDir(sourceDir, { layers: 10_000 });
  const a = await startNode({ port: pa, dataDir: sourceDir, timeoutMs: 120_000, env: { instanceName: 'a', 'discovery.peers': peerUrl(pc), ...ENV } });
  running = [a];
  const objects = (await clusterStatus(a)).node.objects;
  const env = { instanceName: 'c', 'discovery.peers': peerUrl(pa), ...ENV };
  const c = await startNode({ port: pc, env });
  running.push(c);
  return { a, c, pc, env, objects };
}

it('kill -9 during a snapshot leaves the old state; readiness is false meanwhile; the next start succeeds', async () => {
  const { a, c, pc, env, objects } = await sourceAndJoiner();
  const ready = `http://127.0.0.1:${pc}/geoserver/cluster/ready`;
  const reason = await until('c to be taking the snapshot', async () => {
    const r = await fetch(ready);
    const body = (await r.json()) as { reason?: string };
    return r.status === 503 && body.reason === 'taking a snapshot from a peer' ? body.reason : undefined;
  }, 60_000);
  expect(reason).toBe('taking a snapshot from a peer');
  await c.kill();

  // the old state: no object of a's on disk, nothing installed, the half download dropped at next start
  const ws = path.join(c.dataDir, 'workspaces');
  expect(fs.existsSync(ws) ? fs.readdirSync(ws) : []).toEqual([]);

  const again = await startNode({ port: pc, dataDir: c.dataDir, env });
  running[1] = again;
  const [sa, sc] = await inSync([a, again], 120_000);
  expect(sc.objects).toBe(objects);
  expect(sc.digest).toBe(sa.digest);
  expect(fs.readdirSync(path.join(again.dataDir, 'cluster')).filter((f) => f.startsWith('snapshot.'))).toEqual([]);
}, 300_000);

it('kill -9 while the files of an installed snapshot are written: the next start finishes the install', async () => {
  const { a, c, pc, env, objects } = await sourceAndJoiner();
  // workspace.xml files go through the persister, written before the first file of an object new to c
  const ws0 = path.join(c.dataDir, 'workspaces', 'ws_0000', 'workspace.xml');
  await until('c to be writing the snapshot\'s files', async () => fs.existsSync(ws0) || undefined, 120_000);
  await c.kill();
  const installing = fs.readdirSync(path.join(c.dataDir, 'cluster')).filter((f) => f.startsWith('snapshot.'));
  expect(installing).toEqual(['snapshot.ready.ndjson']);

  const again = await startNode({ port: pc, dataDir: c.dataDir, timeoutMs: 120_000, env });
  running[1] = again;
  const [sa, sc] = await inSync([a, again], 120_000);
  expect(sc.objects).toBe(objects);
  expect(sc.digest).toBe(sa.digest);
  expect(fs.readdirSync(path.join(again.dataDir, 'cluster')).filter((f) => f.startsWith('snapshot.'))).toEqual([]);

  // what is on disk is the whole snapshot: a restart loads the same state
  await again.stop();
  const third = await startNode({ port: pc, dataDir: c.dataDir, timeoutMs: 120_000, env });
  running[1] = third;
  const [, s3] = await inSync([a, third], 120_000);
  expect(s3.digest).toBe(sa.digest);
}, 400_000);
