import type { Logger } from '../logger.js';
import { DATADIR_LSN } from './group-commit.js';
import type { Journal } from './journal.js';

export interface CompactionOptions {
  journal: Journal;
  /** journal.maxEvents and journal.retentionDays as they are now (they change live). */
  limits: () => { maxEvents: number; retentionDays: number };
  /** The last lsn the transport holds durably (own events after it must stay: the outbox). */
  outboxLsn: () => number;
  commit: () => Promise<void>;
  log: Logger;
  /** How often old events are looked for (default hourly); size is checked after each commit. */
  intervalMs?: number;
}

/** What status shows about the journal's size and its last compaction. */
export interface CompactionState {
  events: number;
  maxEvents: number;
  retentionDays: number;
  horizons: Record<string, number>;
  lastCompaction?: { at: string; removed: number; millis: number };
}

/**
 * Keeps the journal bounded (by age and by size) without losing what a peer needs to catch up or
 * bootstrap: every live object's latest state and every removal within retention stay. Only
 * events already in the data directory and held by the transport are touched. A peer behind the
 * horizon this leaves takes a snapshot (Bootstrap).
 */
export class Compaction {
  private timer: NodeJS.Timeout | undefined;
  private last: CompactionState['lastCompaction'];
  /** Event count at which a size compaction last found nothing more to remove. */
  private floor = 0;

  constructor(private readonly o: CompactionOptions) {}

  start(): void {
    this.byAge();
    this.timer = setInterval(() => this.byAge(), this.o.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** After a commit: compacts when the journal has outgrown journal.maxEvents (cheap otherwise). */
  afterCommit(): void {
    const { maxEvents } = this.o.limits();
    const n = this.o.journal.eventCount();
    if (n <= maxEvents || n <= this.floor + Math.ceil(maxEvents / 10)) return;
    // the newest half stays whole: a peer reading a little behind never meets a hole
    this.run(Math.min(this.safeLsn(), this.o.journal.lastLsn() - Math.floor(maxEvents / 2)), 'size');
    this.floor = this.o.journal.eventCount();
  }

  state(): CompactionState {
    const { maxEvents, retentionDays } = this.o.limits();
    return { events: this.o.journal.eventCount(), maxEvents, retentionDays, horizons: this.o.journal.horizons(), lastCompaction: this.last };
  }

  private byAge(): void {
    const before = Date.now() - this.o.limits().retentionDays * 86_400_000;
    this.run(Math.min(this.safeLsn(), this.o.journal.lsnBefore(before)), 'age');
  }

  /** Events up to here are in the data directory and held by the transport. */
  private safeLsn(): number {
    return Math.min(Number(this.o.journal.meta(DATADIR_LSN) ?? 0), this.o.outboxLsn());
  }

  private run(uptoLsn: number, why: 'age' | 'size'): void {
    const started = performance.now();
    const before = Date.now() - this.o.limits().retentionDays * 86_400_000;
    const removed = this.o.journal.compact(uptoLsn, before);
    if (removed === 0) return;
    const millis = Math.round(performance.now() - started);
    this.last = { at: new Date().toISOString(), removed, millis };
    this.o.log.info({ why, removed, events: this.o.journal.eventCount(), horizons: this.o.journal.horizons(), ms: millis }, 'journal compacted');
    this.o.commit().then(() => this.reclaim(), (err: Error) => this.o.log.warn({ err: err.message }, 'journal compaction not committed'));
  }

  /** Once committed, a compaction that freed most of the file shrinks it (between transactions only). */
  private reclaim(): void {
    const started = performance.now();
    const sizes = this.o.journal.reclaim();
    if (sizes) this.o.log.info({ ...sizes, ms: Math.round(performance.now() - started) }, 'journal file shrunk after compaction');
  }
}
