import type { Info } from '../catalog/types.js';
import type { XValue } from '../xml/tree.js';
import { SNAPSHOT_INSTALLS } from './bootstrap.js';
import { mapSensitive, type Envelope } from './envelope.js';
import type { Journal } from './journal.js';

/** One change this node applied, local or replicated, as a follower of the journal reads it. */
export interface FedChange {
  lsn: number;
  origin: string;
  seq: number;
  /** False when the change lost to a newer version of its object: the node's state is not it. */
  applied: boolean;
  op: Envelope['op'];
  type: string;
  id: string;
  /** The whole new state, its sealed fields (passwords) opened. */
  object?: Info;
  /** The content of a file change. */
  data?: Buffer;
}

/**
 * The journal as a follower outside the cluster reads it (the GeoServer bridge): every committed
 * change in journal (lsn) order, where the journal's head is, what compaction removed (per origin,
 * the highest seq gone) and how many snapshots replaced the state without events. Read only.
 */
export function changeFeed(journal: Journal, unseal: (obj: XValue) => Info) {
  return {
    after(lsn: number, limit: number): FedChange[] {
      if (lsn >= journal.committedHead()) return []; // a follower at the head asks often: no query
      return journal.appliedSince(lsn, limit).map((row) => {
        const env = JSON.parse(row.text) as Envelope;
        const change: FedChange = { lsn: row.lsn, origin: env.origin, seq: env.seq, applied: row.applied, op: env.op, type: env.type, id: env.id };
        if (env.object !== undefined) change.object = unseal(env.object);
        if (env.files?.length) change.data = Buffer.from(env.files[0].data, 'base64');
        return change;
      });
    },
    head: (): number => journal.committedHead(),
    cursors: (): Record<string, number> => journal.cursors(),
    horizons: (): Record<string, number> => journal.horizons(),
    installs: (): number => Number(journal.meta(SNAPSHOT_INSTALLS) ?? 0),
    /** A copy with the fields the cluster seals (passwords, keys, tokens) masked: for dead letters. */
    redact: (obj: Info): Info => mapSensitive(obj, () => '***') as Info,
  };
}
