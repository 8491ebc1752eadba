import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/cluster/envelope.js';
import { Journal } from '../../src/cluster/journal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function journalFile(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-journal-'));
  dirs.push(d);
  return path.join(d, 'journal.sqlite');
}

const env = (seq: number, op: 'put' | 'remove' = 'put'): Envelope => ({ v: 1, group: 'g', origin: 'a', seq, hlc: [seq, 0], deps: {}, op, type: 'global', id: 'global' });

/** The cursors and versions tables as committed, read by another connection (as after a crash). */
function committedRows(file: string): { cursors: unknown[]; versions: unknown[] } {
  const db = new Database(file, { readonly: true });
  try {
    return { cursors: db.prepare('SELECT origin, seq FROM cursors').all(), versions: db.prepare('SELECT key, l, deleted FROM versions ORDER BY key').all() };
  } finally {
    db.close();
  }
}

describe('the journal writes cursors and versions once per group, at its commit', () => {
  it('a group that moves a cursor and changes an object many times commits their last values, and nothing before', () => {
    const file = journalFile();
    const journal = new Journal(file);
    try {
      for (let seq = 1; seq <= 500; seq++) {
        journal.append(env(seq), true);
        journal.setVersion('global', { type: 'global', stamp: { l: seq, c: 0, o: 'a' }, deleted: false });
      }
      expect(journal.cursor('a')).toBe(500);
      expect(committedRows(file)).toEqual({ cursors: [], versions: [] });
      journal.commit();
      expect(committedRows(file)).toEqual({ cursors: [{ origin: 'a', seq: 500 }], versions: [{ key: 'global', l: 500, deleted: 0 }] });
    } finally {
      journal.close();
    }
    const reopened = new Journal(file);
    try {
      expect(reopened.cursor('a')).toBe(500);
      expect(reopened.version('global')?.stamp.l).toBe(500);
    } finally {
      reopened.close();
    }
  });

  it('a tombstone expired in the group it was made in does not come back at the commit', () => {
    const file = journalFile();
    const journal = new Journal(file);
    try {
      journal.append(env(1, 'remove'), true);
      journal.setVersion('ws-1', { type: 'workspace', stamp: { l: 1, c: 0, o: 'a' }, deleted: true });
      expect(journal.expireTombstones(10)).toBe(1);
      journal.commit();
      expect(committedRows(file).versions).toEqual([]);
    } finally {
      journal.close();
    }
  });
});
