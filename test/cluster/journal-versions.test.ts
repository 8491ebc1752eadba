import Database from 'better-sqlite3';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { Journal } from '../../src/cluster/journal.js';
import { tempDir } from '../helpers/node-process.js';

/*
 * The journal's tables take, per change, only pages that rows written in order share: no index on
 * the object an event changes or on a version's key, both random ids (a node taking workspace
 * creates wrote 6.5 WAL pages a create with them, 0.8 without; BENCHMARKS.md, REST). Versions are
 * found again by the row the journal keeps for each in memory, and journals written before keep
 * every version.
 */

const stamp = (l: number) => ({ l, c: 0, o: 'node-a' });

it('keeps versions across a reopen, each key in one row, and no index beside the rows', () => {
  const file = path.join(tempDir('geocluster-versions-'), 'journal.sqlite');
  const j = new Journal(file);
  j.setVersion('WorkspaceInfoImpl-1', { type: 'workspace', stamp: stamp(1), deleted: false });
  j.setVersion('NamespaceInfoImpl-1', { type: 'namespace', stamp: stamp(2), deleted: false });
  j.commit();
  j.setVersion('WorkspaceInfoImpl-1', { type: 'workspace', stamp: stamp(3), deleted: true });
  j.setVersion('resource:styles/a.sld', { type: 'resource', stamp: stamp(4), deleted: false });
  j.commit();
  // what peers are sent (snapshot lines, resync pages) is the version alone
  expect(JSON.parse(JSON.stringify(j.version('WorkspaceInfoImpl-1')))).toEqual({ type: 'workspace', stamp: stamp(3), deleted: true });
  j.close();

  const db = new Database(file, { readonly: true });
  expect(db.prepare('SELECT id, key FROM versions ORDER BY id').all()).toEqual([
    { id: 1, key: 'WorkspaceInfoImpl-1' },
    { id: 2, key: 'NamespaceInfoImpl-1' },
    { id: 3, key: 'resource:styles/a.sld' },
  ]);
  expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('versions', 'events')").all()).toEqual([{ name: 'sqlite_autoindex_events_1' }]);
  db.close();

  const again = new Journal(file);
  expect(again.version('WorkspaceInfoImpl-1')).toMatchObject({ stamp: stamp(3), deleted: true });
  again.setVersion('StyleInfoImpl-9', { type: 'style', stamp: stamp(5), deleted: false });
  again.setVersion('NamespaceInfoImpl-1', { type: 'namespace', stamp: stamp(6), deleted: false });
  again.commit();
  again.close();
  const after = new Database(file, { readonly: true });
  expect(after.prepare('SELECT id, key, l FROM versions ORDER BY id').all()).toEqual([
    { id: 1, key: 'WorkspaceInfoImpl-1', l: 3 },
    { id: 2, key: 'NamespaceInfoImpl-1', l: 6 },
    { id: 3, key: 'resource:styles/a.sld', l: 4 },
    { id: 4, key: 'StyleInfoImpl-9', l: 5 },
  ]);
  after.close();
});

it('opens a journal whose versions were keyed by id and whose events had an object index, keeping everything', () => {
  const file = path.join(tempDir('geocluster-versions-'), 'journal.sqlite');
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  old.exec(`
    CREATE TABLE events (lsn INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT NOT NULL, seq INTEGER NOT NULL, applied INTEGER NOT NULL, envelope TEXT NOT NULL, otype TEXT, oid TEXT, op TEXT, wall INTEGER, UNIQUE (origin, seq));
    CREATE INDEX events_object ON events (otype, oid, lsn);
    CREATE TABLE cursors (origin TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    CREATE TABLE versions (key TEXT PRIMARY KEY, type TEXT NOT NULL, l INTEGER NOT NULL, c INTEGER NOT NULL, o TEXT NOT NULL, deleted INTEGER NOT NULL, at INTEGER NOT NULL);
    INSERT INTO versions VALUES ('WorkspaceInfoImpl-1', 'workspace', 10, 1, 'node-b', 0, 0), ('LayerInfoImpl-2', 'layer', 11, 0, 'node-a', 1, 0);
    INSERT INTO cursors VALUES ('node-b', 7);`);
  old.close();

  const j = new Journal(file);
  expect(j.version('WorkspaceInfoImpl-1')).toMatchObject({ type: 'workspace', stamp: { l: 10, c: 1, o: 'node-b' }, deleted: false });
  expect(j.version('LayerInfoImpl-2')).toMatchObject({ type: 'layer', deleted: true });
  expect(j.cursor('node-b')).toBe(7);
  j.setVersion('LayerInfoImpl-2', { type: 'layer', stamp: stamp(12), deleted: false });
  j.setVersion('StyleInfoImpl-3', { type: 'style', stamp: stamp(13), deleted: false });
  j.commit();
  j.close();

  const db = new Database(file, { readonly: true });
  expect(db.prepare('SELECT key, l, deleted FROM versions ORDER BY id').all()).toEqual([
    { key: 'WorkspaceInfoImpl-1', l: 10, deleted: 0 },
    { key: 'LayerInfoImpl-2', l: 12, deleted: 0 },
    { key: 'StyleInfoImpl-3', l: 13, deleted: 0 },
  ]);
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'events_object'").all()).toEqual([]);
  db.close();
});
