import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Envelope } from './envelope.js';
import type { Stamp } from './hlc.js';

/** The version an object has on this node: the stamp of the change that made it, or its removal. */
export interface ObjectVersion {
  type: string;
  stamp: Stamp;
  deleted: boolean;
}

/**
 * A version as the journal keeps it, with the row of the versions table that holds it (private:
 * never part of what a snapshot or a resync page sends).
 */
class StoredVersion implements ObjectVersion {
  readonly #row: number;
  constructor(
    readonly type: string,
    readonly stamp: Stamp,
    readonly deleted: boolean,
    row: number,
  ) {
    this.#row = row;
  }

  get row(): number {
    return this.#row;
  }
}

export interface JournalEntry {
  lsn: number;
  env: Envelope;
}

/**
 * The durable journal in the cluster folder (SQLite, WAL, synchronous=FULL): every event this
 * node made or applied, the last seq applied per origin (cursors), the version of every object
 * (stamps and tombstones), and the transactional outbox. Writes join an open transaction that
 * commit() closes: one fsync for every change accepted in the same turn (group commit). No table
 * is indexed by an object's id: a change then writes only pages that rows in order share.
 */
export class Journal {
  private readonly db: Database.Database;
  private readonly cursorCache = new Map<string, number>();
  private readonly versions = new Map<string, StoredVersion>();
  /** The highest row of the versions table: a new object's version goes after it. */
  private lastRow = 0;
  /**
   * Cursors and versions changed in the open transaction, written once each at its commit: a
   * catch-up group moves one cursor thousands of times and may change one object as often.
   */
  private readonly dirtyCursors = new Set<string>();
  private readonly dirtyVersions = new Map<string, number>();
  private inTx = false;
  /** Highest lsn written, and highest made durable: readers for peers never see past the latter. */
  private appended = 0;
  private committed = 0;
  private readonly stmt: ReturnType<Journal['prepare']>;
  private readonly horizonCache = new Map<string, number>();
  private events = 0;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        lsn INTEGER PRIMARY KEY AUTOINCREMENT,
        origin TEXT NOT NULL, seq INTEGER NOT NULL, applied INTEGER NOT NULL, envelope TEXT NOT NULL,
        UNIQUE (origin, seq));
      CREATE TABLE IF NOT EXISTS cursors (origin TEXT PRIMARY KEY, seq INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS versions (${VERSION_COLUMNS});
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS conflicts (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, key TEXT NOT NULL, detail TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS horizons (origin TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    `);
    addObjectColumns(this.db);
    versionsByRow(this.db);
    this.stmt = this.prepare();
    this.appended = this.committed = this.lastLsn();
    this.events = (this.stmt.count.get() as { n: number }).n;
    for (const row of this.db.prepare('SELECT origin, seq FROM horizons').all() as Array<{ origin: string; seq: number }>) this.horizonCache.set(row.origin, row.seq);
    for (const row of this.db.prepare('SELECT origin, seq FROM cursors').all() as Array<{ origin: string; seq: number }>) this.cursorCache.set(row.origin, row.seq);
    for (const row of this.db.prepare('SELECT id, key, type, l, c, o, deleted FROM versions ORDER BY id').all() as Array<{ id: number; key: string; type: string; l: number; c: number; o: string; deleted: number }>) {
      this.versions.set(row.key, new StoredVersion(row.type, { l: row.l, c: row.c, o: row.o }, row.deleted === 1, row.id));
      this.lastRow = row.id;
    }
  }

  private prepare() {
    return {
      insert: this.db.prepare('INSERT INTO events (origin, seq, applied, envelope, otype, oid, op, wall) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      cursor: this.db.prepare('INSERT INTO cursors (origin, seq) VALUES (?, ?) ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq'),
      version: this.db.prepare('INSERT INTO versions (id, key, type, l, c, o, deleted, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET key = excluded.key, type = excluded.type, l = excluded.l, c = excluded.c, o = excluded.o, deleted = excluded.deleted, at = excluded.at'),
      after: this.db.prepare('SELECT lsn, origin, seq, envelope FROM events WHERE origin = ? AND seq > ? AND lsn <= ? ORDER BY seq LIMIT ?'),
      sinceLsn: this.db.prepare('SELECT lsn, origin, seq, envelope FROM events WHERE lsn > ? AND lsn <= ? ORDER BY lsn LIMIT ?'),
      sinceApplied: this.db.prepare('SELECT lsn, applied, envelope FROM events WHERE lsn > ? AND lsn <= ? ORDER BY lsn LIMIT ?'),
      maxLsn: this.db.prepare('SELECT COALESCE(MAX(lsn), 0) AS lsn FROM events'),
      getMeta: this.db.prepare('SELECT v FROM meta WHERE k = ?'),
      setMeta: this.db.prepare('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v'),
      conflict: this.db.prepare('INSERT INTO conflicts (at, key, detail) VALUES (?, ?, ?)'),
      conflicts: this.db.prepare('SELECT at, key, detail FROM conflicts ORDER BY id DESC LIMIT ?'),
      count: this.db.prepare('SELECT COUNT(*) AS n FROM events'),
    };
  }

  private write(): void {
    if (!this.inTx) {
      this.db.exec('BEGIN IMMEDIATE');
      this.inTx = true;
    }
  }

  /** Makes every write since the last commit durable. */
  commit(): void {
    if (!this.inTx) return;
    this.writeDirty();
    this.inTx = false;
    this.db.exec('COMMIT');
    this.committed = this.appended;
  }

  /** The last position written, committed or not. */
  get appendedLsn(): number {
    return this.appended;
  }

  /** The last position made durable (lastLsn() without asking the database). */
  get committedLsn(): number {
    return this.committed;
  }

  get pending(): boolean {
    return this.inTx;
  }

  /** Records an event; `applied` is false for one that lost to a newer version. Returns its lsn. */
  append(env: Envelope, applied: boolean): number {
    this.write();
    const lsn = Number(this.stmt.insert.run(env.origin, env.seq, applied ? 1 : 0, JSON.stringify(env), env.type, env.id, env.op, env.hlc[0]).lastInsertRowid);
    this.appended = lsn;
    this.events++;
    this.setCursor(env.origin, env.seq);
    return lsn;
  }

  cursor(origin: string): number {
    return this.cursorCache.get(origin) ?? 0;
  }

  cursors(): Record<string, number> {
    return Object.fromEntries(this.cursorCache);
  }

  setCursor(origin: string, seq: number): void {
    if (this.cursor(origin) >= seq) return;
    this.write();
    this.cursorCache.set(origin, seq);
    this.dirtyCursors.add(origin);
  }

  version(key: string): ObjectVersion | undefined {
    return this.versions.get(key);
  }

  setVersion(key: string, v: ObjectVersion): void {
    this.write();
    this.versions.set(key, new StoredVersion(v.type, v.stamp, v.deleted, this.versions.get(key)?.row ?? ++this.lastRow));
    this.dirtyVersions.set(key, Date.now());
  }

  /** The cursors and versions of the open transaction, into it, just before it commits. */
  private writeDirty(): void {
    for (const origin of this.dirtyCursors) this.stmt.cursor.run(origin, this.cursor(origin));
    for (const [key, at] of this.dirtyVersions) {
      const v = this.versions.get(key);
      if (v) this.stmt.version.run(v.row, key, v.type, v.stamp.l, v.stamp.c, v.stamp.o, v.deleted ? 1 : 0, at);
    }
    this.dirtyCursors.clear();
    this.dirtyVersions.clear();
  }

  /**
   * Events of one origin after a seq, in order (for repair and catch-up). Like eventsSince, only
   * committed ones: this connection sees its own open transaction, and an event a peer has seen
   * must never be lost by a crash before the commit (its seq would be reused for another change).
   */
  eventsAfter(origin: string, seq: number, limit: number): JournalEntry[] {
    return this.eventTextsAfter(origin, seq, limit).map((r) => ({ lsn: r.lsn, env: JSON.parse(r.text) as Envelope }));
  }

  /** eventsAfter as stored, the envelopes as JSON text: what a peer's repair page sends. */
  eventTextsAfter(origin: string, seq: number, limit: number): Array<{ lsn: number; origin: string; seq: number; text: string }> {
    return (this.stmt.after.all(origin, seq, this.committed, limit) as Array<{ lsn: number; origin: string; seq: number; envelope: string }>).map((r) => ({ lsn: r.lsn, origin: r.origin, seq: r.seq, text: r.envelope }));
  }

  /** Every committed event after a local position, in journal order (for live streams and the outbox). */
  eventsSince(lsn: number, limit: number): Array<{ lsn: number; origin: string; seq: number; text: string }> {
    return (this.stmt.sinceLsn.all(lsn, this.committed, limit) as Array<{ lsn: number; origin: string; seq: number; envelope: string }>).map((r) => ({ lsn: r.lsn, origin: r.origin, seq: r.seq, text: r.envelope }));
  }

  /** eventsSince with whether each event was applied (false: it lost to a newer version). */
  appliedSince(lsn: number, limit: number): Array<{ lsn: number; applied: boolean; text: string }> {
    return (this.stmt.sinceApplied.all(lsn, this.committedLsn, limit) as Array<{ lsn: number; applied: number; envelope: string }>).map((r) => ({ lsn: r.lsn, applied: r.applied === 1, text: r.envelope }));
  }

  /** The highest lsn made durable: what readers may see. */
  committedHead(): number {
    return this.committedLsn;
  }

  lastLsn(): number {
    return (this.stmt.maxLsn.get() as { lsn: number }).lsn;
  }

  /** How many events the journal holds (kept as a count: COUNT(*) reads the whole table). */
  eventCount(): number {
    return this.events;
  }

  /** The last lsn of an event made before `wall` (ms): what compaction by age may reach. */
  lsnBefore(wall: number): number {
    return (this.db.prepare('SELECT COALESCE(MAX(lsn), 0) AS lsn FROM events WHERE wall < ?').get(wall) as { lsn: number }).lsn;
  }

  /**
   * Per origin, the highest seq compaction removed: a peer whose cursor is below it cannot be
   * caught up from this journal any more and must take a snapshot.
   */
  horizons(): Record<string, number> {
    return Object.fromEntries(this.horizonCache);
  }

  /**
   * Removes the events at or before `uptoLsn` that no longer carry the latest state of anything:
   * those superseded by a later applied event of the same object, and removals made before
   * `tombstonesBefore` (ms, the retention period). What stays is the latest state of every live
   * object and every removal within retention. Returns how many events went.
   */
  compact(uptoLsn: number, tombstonesBefore: number): number {
    if (uptoLsn <= 0) return 0;
    this.write();
    // Each object's last applied event, gathered here rather than kept in an index of the events
    // table: such an index takes a page of its own for nearly every change a commit holds.
    this.db.exec('CREATE TEMP TABLE latest_applied (otype TEXT, oid TEXT, lsn INTEGER NOT NULL, PRIMARY KEY (otype, oid)) WITHOUT ROWID');
    try {
      this.db.exec('INSERT INTO temp.latest_applied SELECT otype, oid, MAX(lsn) FROM events WHERE applied = 1 AND otype IS NOT NULL AND oid IS NOT NULL GROUP BY otype, oid');
      return this.compactAgainstLatest(uptoLsn, tombstonesBefore);
    } finally {
      this.db.exec('DROP TABLE temp.latest_applied');
    }
  }

  private compactAgainstLatest(uptoLsn: number, tombstonesBefore: number): number {
    const where = `lsn <= @upto AND (
      EXISTS (SELECT 1 FROM temp.latest_applied later WHERE later.otype = events.otype AND later.oid = events.oid AND later.lsn > events.lsn)
      OR (op IN ('remove', 'delete') AND wall < @before))`;
    const args = { upto: uptoLsn, before: tombstonesBefore };
    const tops = this.db.prepare(`SELECT origin, MAX(seq) AS seq FROM events WHERE ${where} GROUP BY origin`).all(args) as Array<{ origin: string; seq: number }>;
    for (const t of tops) {
      if ((this.horizonCache.get(t.origin) ?? 0) >= t.seq) continue;
      this.horizonCache.set(t.origin, t.seq);
      this.db.prepare('INSERT INTO horizons (origin, seq) VALUES (?, ?) ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq').run(t.origin, t.seq);
    }
    const removed = this.db.prepare(`DELETE FROM events WHERE ${where}`).run(args).changes;
    this.events -= removed;
    return removed;
  }

  meta(k: string): string | undefined {
    return (this.stmt.getMeta.get(k) as { v: string } | undefined)?.v;
  }

  setMeta(k: string, v: string): void {
    this.write();
    this.stmt.setMeta.run(k, v);
  }

  recordConflict(key: string, detail: object): void {
    this.write();
    this.stmt.conflict.run(Date.now(), key, JSON.stringify(detail));
  }

  conflicts(limit = 50): Array<{ at: number; key: string; detail: unknown }> {
    return (this.stmt.conflicts.all(limit) as Array<{ at: number; key: string; detail: string }>).map((r) => ({ ...r, detail: JSON.parse(r.detail) }));
  }

  /**
   * Forgets tombstones of removals made before `olderThan` (ms): the retention period of
   * journal.retentionDays. Until then a removed object cannot come back through an older change
   * that arrives late.
   */
  expireTombstones(olderThan: number): number {
    const rows: number[] = [];
    for (const [key, v] of this.versions) {
      if (v.deleted && v.stamp.l < olderThan) {
        this.versions.delete(key);
        this.dirtyVersions.delete(key);
        rows.push(v.row);
      }
    }
    if (rows.length > 0) {
      this.write();
      // by row: a tombstone made in the open transaction still has the row of what it replaced
      const drop = this.db.prepare('DELETE FROM versions WHERE id = ?');
      for (const row of rows) drop.run(row);
    }
    return rows.length;
  }

  /** Every object version, for a snapshot (read lazily: no copy of a million entries). */
  versionEntries(): IterableIterator<[string, ObjectVersion]> {
    return this.versions.entries();
  }

  /**
   * Gives the pages that compaction freed back to the file system once they are most of the file
   * and at least `minFreeBytes` (SQLite otherwise reuses them, but never shrinks the file):
   * VACUUM copies only what is live, so it is cheap just when it is worth it. Only between
   * transactions; returns the file's size before and after, or undefined if nothing was done.
   */
  reclaim(minFreeBytes = 16 << 20): { before: number; after: number } | undefined {
    if (this.inTx) return undefined;
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    if (free * 2 < pages || free * pageSize < minFreeBytes) return undefined;
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return { before: pages * pageSize, after: (this.db.pragma('page_count', { simple: true }) as number) * pageSize };
  }

  close(): void {
    this.commit();
    this.db.close();
  }
}

/**
 * Compaction finds events by the object they change: journals written before it existed get the
 * columns, filled from their envelopes, once.
 */
function addObjectColumns(db: Database.Database): void {
  const cols = new Set((db.prepare('PRAGMA table_info(events)').all() as Array<{ name: string }>).map((c) => c.name));
  if (!cols.has('otype')) {
    db.exec(`
      ALTER TABLE events ADD COLUMN otype TEXT;
      ALTER TABLE events ADD COLUMN oid TEXT;
      ALTER TABLE events ADD COLUMN op TEXT;
      ALTER TABLE events ADD COLUMN wall INTEGER;
      UPDATE events SET otype = json_extract(envelope, '$.type'), oid = json_extract(envelope, '$.id'),
        op = json_extract(envelope, '$.op'), wall = json_extract(envelope, '$.hlc[0]');`);
  }
  // Compaction gathers what this index held when it runs (see compact()).
  db.exec('DROP INDEX IF EXISTS events_object');
}

/**
 * The versions table's rows are found by their row number, which the journal keeps beside each
 * version in memory, not by key: a table keyed by the object's id (random) takes a page of its own
 * for nearly every object a commit creates; rows numbered in order are appended. Journals written
 * before keep their versions, renumbered, once.
 */
const VERSION_COLUMNS = 'id INTEGER PRIMARY KEY, key TEXT NOT NULL, type TEXT NOT NULL, l INTEGER NOT NULL, c INTEGER NOT NULL, o TEXT NOT NULL, deleted INTEGER NOT NULL, at INTEGER NOT NULL';

function versionsByRow(db: Database.Database): void {
  const cols = new Set((db.prepare('PRAGMA table_info(versions)').all() as Array<{ name: string }>).map((c) => c.name));
  if (cols.has('id')) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE versions_by_row (${VERSION_COLUMNS});
      INSERT INTO versions_by_row (key, type, l, c, o, deleted, at) SELECT key, type, l, c, o, deleted, at FROM versions;
      DROP TABLE versions;
      ALTER TABLE versions_by_row RENAME TO versions;`);
  })();
}
