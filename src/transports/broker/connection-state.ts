/**
 * The life of one broker connection, as every adapter's client keeps it: it ends once; publishes
 * still waiting for the broker's confirmation are rejected then; close listeners hear about it only
 * if the connection had been established (a failed connect is reported by connect() itself).
 */
export class ConnectionState {
  closed = false;
  established = false;
  /** Rejections of the publishes waiting for a confirmation. */
  readonly pending = new Set<(err: Error) => void>();
  private readonly listeners: Array<(err?: Error) => void> = [];

  constructor(private readonly broker: string) {}

  onClose(listener: (err?: Error) => void): void {
    this.listeners.push(listener);
  }

  /** Ends the connection's life; false when it had ended already (the caller then does nothing). */
  end(err: Error | undefined): boolean {
    if (this.closed) return false;
    this.closed = true;
    const reason = err ?? new Error(`${this.broker} client closed`);
    for (const reject of this.pending) reject(reason);
    this.pending.clear();
    if (this.established) for (const listener of this.listeners) listener(err);
    return true;
  }
}
