import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Info } from '../catalog/types.js';

/** Where the bridge has got to in the node's journal. */
export interface BridgePosition {
  /** The lsn of the last change handled (sent, refused or skipped); 0 before the first pass. */
  lsn: number;
  /** Per origin, the highest seq handled: compaction past it means changes were missed. */
  seqs: Record<string, number>;
  /** Snapshot installs seen (change-feed.ts): one more means the state was replaced. */
  installs: number;
  /** False until a full pass has put the whole state on the GeoServer once. */
  seeded: boolean;
}

/**
 * The bridge's own durable state, in the cluster folder (bridge.sqlite): its position in the
 * journal, and the mirror — each object as last sent to the GeoServer, by id or key — from which
 * the paths of renames and removals are found (a removal carries no object, and a rename must be
 * sent to the old name). Position and mirror change in one transaction per change, after the
 * GeoServer answered: a crash in between sends that change again, which every plan allows.
 */
export class CursorStore {
  private readonly db: Database.Database;
  private readonly mirror = new Map<string, { type: string; info: Info }>();
  private readonly stmt;
  private current: BridgePosition | undefined;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, type TEXT NOT NULL, object TEXT NOT NULL);`);
    this.stmt = {
      setMeta: this.db.prepare('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v'),
      getMeta: this.db.prepare('SELECT v FROM meta WHERE k = ?'),
      put: this.db.prepare('INSERT INTO objects (key, type, object) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET type = excluded.type, object = excluded.object'),
      del: this.db.prepare('DELETE FROM objects WHERE key = ?'),
    };
    for (const row of this.db.prepare('SELECT key, type, object FROM objects').all() as Array<{ key: string; type: string; object: string }>) {
      this.mirror.set(row.key, { type: row.type, info: JSON.parse(row.object) as Info });
    }
  }

  /** Read once at start, then kept in step with what record() writes. */
  position(): BridgePosition {
    if (!this.current) {
      const text = (this.stmt.getMeta.get('position') as { v: string } | undefined)?.v;
      this.current = text ? (JSON.parse(text) as BridgePosition) : { lsn: 0, seqs: {}, installs: 0, seeded: false };
    }
    return this.current;
  }

  /** What the GeoServer was last sent under this id or key. */
  sent(key: string): { type: string; info: Info } | undefined {
    return this.mirror.get(key);
  }

  keys(): IterableIterator<[string, { type: string; info: Info }]> {
    return this.mirror.entries();
  }

  /** Records a change handled: the mirror follows it (undefined: removed) and the position moves, durably together. */
  record(position: BridgePosition, key: string | undefined, object: { type: string; info: Info } | null | undefined): void {
    this.db.transaction(() => {
      if (key !== undefined && object === null) {
        this.mirror.delete(key);
        this.stmt.del.run(key);
      } else if (key !== undefined && object) {
        this.mirror.set(key, object);
        this.stmt.put.run(key, object.type, JSON.stringify(object.info));
      }
      this.stmt.setMeta.run('position', JSON.stringify(position));
    })();
    this.current = position;
  }

  close(): void {
    this.db.close();
  }
}
