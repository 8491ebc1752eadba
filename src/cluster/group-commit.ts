import type { Journal } from './journal.js';

/** The last journal position whose changes are in the data directory (see JournalReplay). */
export const DATADIR_LSN = 'datadir_lsn';

export interface GroupCommitOptions {
  journal: Journal;
  /** Writes the data directory changes queued so far (the persister, in manual flush mode). */
  dataDir: { flush(): void };
  /** Told after each commit that new events may be in the journal: the outbox publishes them. */
  committed: () => void;
}

/**
 * A group of changes from peers that has reached STREAMING changes is a backlog arriving (a
 * catch-up): its commit waits while each turn of the event loop brings more, up to MAX_GROUP
 * changes or MAX_WAIT_MS, so that one transaction and one data directory flush serve many
 * changes. Nothing waits on those commits but the peer's stream (and a broker's acknowledgement).
 */
const STREAMING = 64;
const MAX_GROUP = 5000;
const MAX_WAIT_MS = 50;

/**
 * Changes are made durable in groups: every change accepted in one turn of the event loop shares
 * one journal commit (one fsync). The journal is the durability point, so the transport is told
 * at once (peers get the group while this node writes its files), then the data directory is
 * written; a REST request is answered only after that, so a client that reads a file back finds
 * what it wrote. A crash before the files are written is repaired from the journal at the next
 * start (recovery.ts), from the checkpoint recorded here.
 */
export class GroupCommit {
  private scheduled: Promise<void> | undefined;
  /** A caller waits for this group (a REST answer): it commits at the next turn, without batching. */
  private urgent = false;
  /** Journal position the data directory has reached; recorded with the next commit. */
  private checkpoint = 0;

  constructor(private readonly o: GroupCommitOptions) {}

  /**
   * Makes everything accepted so far durable, writes the data directory, tells the transport.
   * `batch`: the caller (a delivery from a peer) lets a backlog's group grow first.
   */
  commit(options: { batch?: boolean } = {}): Promise<void> {
    if (!options.batch) this.urgent = true;
    this.scheduled ??= new Promise<void>((resolve, reject) => {
      const opened = performance.now();
      let seen = this.o.journal.committedLsn;
      const turn = () => {
        const appended = this.o.journal.appendedLsn;
        const group = appended - this.o.journal.committedLsn;
        const growing = appended > seen && group >= STREAMING && group < MAX_GROUP && performance.now() - opened < MAX_WAIT_MS;
        seen = appended;
        if (growing && !this.urgent) return void setImmediate(turn);
        this.scheduled = undefined;
        this.urgent = false;
        try {
          this.flushNow();
          resolve();
        } catch (err) {
          reject(err);
        }
      };
      setImmediate(turn);
    });
    return this.scheduled;
  }

  /** The same, at once: for a reader that must see only durable state (a snapshot). */
  flushNow(): void {
    const { journal } = this.o;
    if (journal.pending && this.checkpoint > 0) journal.setMeta(DATADIR_LSN, String(this.checkpoint));
    journal.commit();
    const reached = journal.committedLsn;
    try {
      this.o.committed();
    } finally {
      this.o.dataDir.flush();
      this.checkpoint = reached;
    }
  }

  /** The last group, then where the data directory has got to, before the journal closes. */
  async close(): Promise<void> {
    await this.commit();
    if (this.checkpoint > 0) this.o.journal.setMeta(DATADIR_LSN, String(this.checkpoint));
  }
}
