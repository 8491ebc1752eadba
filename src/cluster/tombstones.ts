import type { Logger } from '../logger.js';
import type { Journal } from './journal.js';

export interface TombstoneExpiryOptions {
  journal: Journal;
  /** journal.retentionDays as it is now (it changes live). */
  retentionDays: () => number;
  commit: () => Promise<void>;
  log: Logger;
  /** How often expired tombstones are looked for (default hourly). */
  intervalMs?: number;
}

/**
 * Forgets tombstones of removals older than journal.retentionDays, at start and then hourly.
 * Until then a removed object cannot come back through an older change that arrives late.
 */
export class TombstoneExpiry {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: TombstoneExpiryOptions) {}

  start(): void {
    this.expire();
    this.timer = setInterval(() => this.expire(), this.o.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private expire(): void {
    const retentionDays = this.o.retentionDays();
    const n = this.o.journal.expireTombstones(Date.now() - retentionDays * 86_400_000);
    if (n > 0) {
      this.o.log.info({ tombstones: n, retentionDays }, 'expired old tombstones');
      void this.o.commit();
    }
  }
}
