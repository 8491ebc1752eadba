import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { ConfigDigest } from '../../src/cluster/digest.js';
import { loadDataDir } from '../../src/datadir/loader.js';
import { inParallel, listNames, nodeStatus } from '../helpers/cluster.js';
import { call, startNode, type NodeProcess } from '../helpers/node-process.js';

/*
 * The data directory files of a group commit are written after its journal commit, a file written
 * several times in one group only once. A kill -9 in the middle of a burst that rewrites the same
 * file (global.xml) and adds folders (workspaces) must lose nothing acknowledged, and after the
 * restart (the journal replayed onto the data directory) the files must hold what the node serves.
 */

let running: NodeProcess | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const JSON_TYPE = { type: 'application/json' };

it('kill -9 during a burst of batched data directory writes loses nothing acknowledged; the files equal the restarted node', async () => {
  const first = await startNode();
  running = first;
  let killing: Promise<void> | undefined;
  let contacts = 0;
  const acked: string[] = [];
  // four writers rewrite global.xml (several times in one group), four add workspaces (new folders)
  const contact = async (writer: number) => {
    for (let i = 0; i < 2000 && !killing; i++) {
      const body = JSON.stringify({ contact: { contactPerson: `person ${writer}-${i}` } });
      const r = await call(first, 'PUT', '/settings/contact', { ...JSON_TYPE, body }).catch((err: Error) => {
        if (!killing) throw err;
      });
      if (!r) return;
      if (r.status !== 200) throw new Error(`PUT contact: ${r.status} ${r.text}`);
      contacts++;
    }
  };
  const creates = Array.from({ length: 400 }, (_, i) => async () => {
    if (killing) return;
    const r = await call(first, 'POST', '/workspaces', { ...JSON_TYPE, body: JSON.stringify({ workspace: { name: `w${i}` } }) }).catch((err: Error) => {
      if (!killing) throw err;
    });
    if (!r) return;
    if (r.status !== 201) throw new Error(`POST workspace: ${r.status} ${r.text}`);
    acked.push(`w${i}`);
    if (acked.length >= 150 && !killing) killing = first.kill();
  });
  await Promise.all([...[0, 1, 2, 3].map(contact), inParallel(creates, 4)]);
  await killing;
  expect(acked.length).toBeGreaterThanOrEqual(150);
  expect(acked.length).toBeLessThan(400);
  expect(contacts).toBeGreaterThan(0);

  const again = await startNode({ dataDir: first.dataDir, port: first.port });
  running = again;
  const names = await listNames(again, '/workspaces.json', 'workspaces', 'workspace');
  expect(acked.filter((n) => !names.includes(n))).toEqual([]);
  const person = (await call(again, 'GET', '/settings/contact.json')).json().contact.contactPerson;
  const served = await nodeStatus(again);
  await again.stop();
  running = undefined;
  expect(person).toBe(lastContactInJournal(again.dataDir));

  // what the files hold, read as a node reads them at start
  const catalog = new Catalog();
  const report = await loadDataDir(again.dataDir, catalog);
  expect(report.failures).toEqual([]);
  const digest = new ConfigDigest();
  digest.reset(catalog);
  expect({ digest: digest.value, objects: digest.count }).toEqual({ digest: served.digest, objects: served.objects });
});

it('a file half-written when the node was killed is written again at restart, and its temporary file removed', async () => {
  const first = await startNode();
  running = first;
  const r = await call(first, 'POST', '/workspaces', { ...JSON_TYPE, body: JSON.stringify({ workspace: { name: 'crashed' } }) });
  expect(r.status).toBe(201);
  await first.kill();
  running = undefined;
  // as if the kill had come while namespace.xml was written: its temporary file there, not yet renamed
  const folder = path.join(first.dataDir, 'workspaces', 'crashed');
  fs.rmSync(path.join(folder, 'namespace.xml'));
  fs.writeFileSync(path.join(folder, '.namespace.xml.999999.41.tmp'), '<namespace><id>Name');
  // files of other forms are not the node's temporary files and stay
  fs.writeFileSync(path.join(folder, 'notes.txt'), 'kept');
  fs.writeFileSync(path.join(folder, '.draft.tmp'), 'kept');

  const again = await startNode({ dataDir: first.dataDir, port: first.port });
  running = again;
  expect((await call(again, 'GET', '/namespaces/crashed.json')).status).toBe(200);
  expect(again.output()).toMatch(/"leftovers":1/);
  await again.stop();
  running = undefined;
  expect(fs.readdirSync(folder).sort()).toEqual(['.draft.tmp', 'namespace.xml', 'notes.txt', 'workspace.xml']);
});

/** The contact person of the last settings change the journal holds. */
function lastContactInJournal(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'cluster', 'journal.sqlite'), { readonly: true });
  try {
    const row = db.prepare("SELECT envelope FROM events WHERE otype = 'global' AND applied = 1 ORDER BY lsn DESC LIMIT 1").get() as { envelope: string };
    return JSON.parse(row.envelope).object.settings.contact.contactPerson;
  } finally {
    db.close();
  }
}
