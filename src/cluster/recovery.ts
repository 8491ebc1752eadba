import { removeCascade } from '../catalog/cascade.js';
import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import type { Info, InfoType } from '../catalog/types.js';
import type { ResourceStore } from '../datadir/resources.js';
import type { Logger } from '../logger.js';
import type { XValue } from '../xml/tree.js';
import type { Envelope } from './envelope.js';
import { DATADIR_LSN } from './group-commit.js';
import type { Journal } from './journal.js';

export interface RecoveryOptions {
  journal: Journal;
  catalog: Catalog;
  resources: ResourceStore;
  /** Writes what the replay queued for the data directory; then clears what the crash left half-written there. */
  dataDir: { flush(): void; removeTempFiles(): number };
  /** Opens the sealed (encrypted) fields of an object as it travelled. */
  unseal: (obj: XValue) => Info;
  log: Logger;
}

/**
 * After a crash between the journal commit and the data directory write, the journal is ahead:
 * re-apply the events after the last checkpoint (idempotent: whole-object states).
 */
export function recoverDataDir(o: RecoveryOptions): void {
  const from = Number(o.journal.meta(DATADIR_LSN) ?? 0);
  const rows = o.journal.eventsSince(from, Number.MAX_SAFE_INTEGER);
  if (rows.length === 0) return;
  let replayed = 0;
  for (const row of rows) {
    if (reapply(o, row.text)) replayed++;
  }
  o.dataDir.flush();
  // the files being written when the node stopped were for these events, now written again
  const leftovers = o.dataDir.removeTempFiles();
  o.log.info({ from, events: rows.length, replayed, leftovers }, 'journal replayed onto the data directory after restart');
}

function reapply(o: RecoveryOptions, text: string): boolean {
  const env = JSON.parse(text) as Envelope;
  const ctx: ChangeContext = { source: 'replica', meta: { recovery: true } };
  const version = o.journal.version(env.type === 'resource' ? `resource:${env.id}` : env.id);
  // only the event that made the object's current version is replayed: never an older state
  if (!version || version.stamp.l !== env.hlc[0] || version.stamp.c !== env.hlc[1] || version.stamp.o !== env.origin) return false;
  try {
    if (env.type === 'resource') {
      if (env.op === 'delete') o.resources.delete(env.id, ctx);
      else o.resources.put(env.id, Buffer.from(env.files![0].data, 'base64'), ctx);
      return true;
    }
    const type = env.type as InfoType;
    if (version.deleted) {
      if (o.catalog.get(type, env.id)) removeCascade(o.catalog, type, env.id, ctx);
    } else {
      o.catalog.put(type, o.unseal(env.object!), ctx, env.id);
    }
    return true;
  } catch (err) {
    o.log.warn({ id: env.id, err: (err as Error).message }, 'could not replay a journal event');
    return false;
  }
}
