import type { JournalPort } from '../transports/ports.js';
import type { Journal } from './journal.js';

/** Where the outbox has got to, kept in the journal's meta table (survives restarts). */
export const PUBLISHED_LSN = 'published_lsn';

/**
 * The journal as transports use it: committed events to publish, stream and repair from, the
 * outbox position, and `commit` (the node's group commit, which also writes the data directory).
 */
export function journalPort(journal: Journal, commit: () => Promise<void>): JournalPort {
  return {
    eventsSince: (lsn, limit) => journal.eventsSince(lsn, limit),
    eventsAfter: (origin, seq, limit) => journal.eventTextsAfter(origin, seq, limit),
    cursors: () => journal.cursors(),
    publishedLsn: () => Number(journal.meta(PUBLISHED_LSN) ?? 0),
    setPublishedLsn: (lsn) => journal.setMeta(PUBLISHED_LSN, String(lsn)),
    commit,
  };
}
