import type { Logger } from '../../logger.js';
import type { TransportPorts } from '../ports.js';
import type { BrokerClient } from './broker-client.js';

/** Journal rows handed to the broker and not confirmed yet, at most; more wait for confirmations. */
const MAX_IN_FLIGHT = 2000;
/** Journal rows read at a time. */
const READ_ROWS = 500;
/** How long a new published_lsn may wait for the node's next group commit before it commits alone. */
const RECORD_WITHIN_MS = 1000;

export interface OutboxOptions {
  journal: TransportPorts['journal'];
  /** The broker connection in use, if any: read at each send. */
  client: () => BrokerClient | undefined;
  /** This node's instanceName: only its own events are published. */
  self: () => string;
  log: Logger;
}

type Sent = { lsn: number; confirmed: Promise<void> };

/**
 * This node's own events on their way to the broker, in journal order. A commit's events go out at
 * once, also while earlier ones still wait for the broker's confirmation (up to MAX_IN_FLIGHT rows),
 * as the embedded transport streams them: a change is never held back behind the previous one's
 * receipt, which a broker gives only once it has stored the message (on ActiveMQ, after its copy
 * has already gone to the peers). published_lsn advances past an event only once it and all before
 * it are confirmed; when a publish fails (the connection is lost), everything after published_lsn is
 * sent again on the next connection, and the peers ignore what they already have.
 */
export class Outbox {
  private publishedLsn: number;
  /** Rows up to here were handed to `to`: confirmed, or in `inFlight`. */
  private sentLsn: number;
  private to: BrokerClient | undefined;
  private readonly inFlight: Sent[] = [];
  private full = false;
  private confirming = false;
  /** The client a publish last failed on: not tried again until the next commit or connection. */
  private failedOn: BrokerClient | undefined;
  private recordTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: OutboxOptions) {
    this.publishedLsn = o.journal.publishedLsn();
    this.sentLsn = this.publishedLsn;
  }

  /** The last journal position whose own events the broker has confirmed. */
  get published(): number {
    return this.publishedLsn;
  }

  /** Hands the connection what the journal has after what it was given (a new one: after published_lsn). */
  send(): void {
    const client = this.o.client();
    if (!client) return;
    if (client !== this.to) {
      // the previous connection's publishes settle first (a lost one rejects them all); then again
      if (this.inFlight.length > 0) return;
      this.to = client;
      this.sentLsn = this.publishedLsn;
    }
    const me = this.o.self();
    while (this.inFlight.length < MAX_IN_FLIGHT) {
      const rows = this.o.journal.eventsSince(this.sentLsn, Math.min(READ_ROWS, MAX_IN_FLIGHT - this.inFlight.length));
      if (rows.length === 0) break;
      for (const r of rows) {
        const confirmed = r.origin === me ? client.publish(r.text) : Promise.resolve();
        confirmed.catch(() => undefined); // awaited in order by confirm(), maybe never if an earlier one fails
        this.inFlight.push({ lsn: r.lsn, confirmed });
      }
      this.sentLsn = rows[rows.length - 1].lsn;
    }
    this.full = this.inFlight.length >= MAX_IN_FLIGHT;
    if (!this.confirming && this.inFlight.length > 0) void this.confirm();
  }

  /** Moves published_lsn along the confirmations, in order; sends more as room frees up. */
  private async confirm(): Promise<void> {
    this.confirming = true;
    const { journal } = this.o;
    let unrecorded = 0;
    try {
      while (this.inFlight.length > 0) {
        const head = this.inFlight[0];
        try {
          await head.confirmed;
        } catch (err) {
          // connection lost mid-publish (or the broker refused it): published_lsn stays before it
          this.o.log.warn({ lsn: head.lsn, err: (err as Error).message }, 'publish not confirmed; it will be sent again');
          this.failedOn = this.to;
          this.inFlight.length = 0;
          this.to = undefined;
          journal.setPublishedLsn(this.publishedLsn);
          break;
        }
        this.inFlight.shift();
        this.publishedLsn = head.lsn;
        if (++unrecorded >= READ_ROWS || this.inFlight.length === 0) {
          unrecorded = 0;
          this.record();
        }
        if (this.full && this.inFlight.length <= MAX_IN_FLIGHT / 2) this.send();
      }
    } finally {
      this.confirming = false;
    }
    this.resume();
  }

  /**
   * Writes published_lsn into the journal's open transaction, which the node's next group commit
   * makes durable; within RECORD_WITHIN_MS anyway. Not a commit of its own at each confirmation: that
   * was a second fsync per change on the publishing node, and it blocks the event loop. A crash
   * before it loses nothing: the events after the last durable published_lsn are sent again.
   */
  private record(): void {
    this.o.journal.setPublishedLsn(this.publishedLsn);
    this.recordTimer ??= setTimeout(() => {
      this.recordTimer = undefined;
      this.o.journal.commit().catch((err: Error) => this.o.log.warn({ err: err.message }, 'recording the outbox position failed'));
    }, RECORD_WITHIN_MS);
    this.recordTimer.unref();
  }

  /** What came meanwhile, or a new connection waiting for the old one's publishes to settle. */
  private resume(): void {
    const client = this.o.client();
    if (client && client === this.failedOn) return;
    this.failedOn = undefined;
    this.send();
  }

  /** Stops the timer of record(); the node's last group commit, at its close, takes published_lsn along. */
  close(): void {
    clearTimeout(this.recordTimer);
    this.recordTimer = undefined;
  }

  /** A new commit: sent at once, also on a connection where a publish failed before. */
  notify(): void {
    this.failedOn = undefined;
    this.send();
  }
}
