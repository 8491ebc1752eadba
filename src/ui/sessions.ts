import { randomBytes } from 'node:crypto';
import type { Principal } from './ports.js';

export interface Session {
  readonly id: string;
  readonly principal: Principal;
  /** Sent back by the UI in X-CSRF-Token on every change: a cross-site page cannot read it. */
  readonly csrfToken: string;
  lastSeen: number;
}

export interface SessionStoreOptions {
  /** A session unused for this long is gone (GeoServer's web sessions: 30 minutes). */
  idleMs: number;
  /** Most sessions kept at once; the least recently used goes first. */
  max: number;
  now?: () => number;
}

export const DEFAULT_SESSIONS: SessionStoreOptions = { idleMs: 30 * 60_000, max: 10_000 };

/**
 * Web UI sessions, in memory only: a node restart logs everybody out, which is fine for an admin
 * UI and keeps session secrets off the disk. The map is kept in least-recently-used order.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly opts: SessionStoreOptions = DEFAULT_SESSIONS) {}

  create(principal: Principal): Session {
    this.sweep();
    while (this.sessions.size >= this.opts.max) this.sessions.delete(this.sessions.keys().next().value!);
    const session: Session = { id: token(), principal, csrfToken: token(), lastSeen: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session of that id, marked as used now; undefined when unknown or idle too long. */
  get(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    this.sessions.delete(id);
    if (this.now() - session.lastSeen > this.opts.idleMs) return undefined;
    session.lastSeen = this.now();
    this.sessions.set(id, session);
    return session;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Drops idle sessions from the least recently used end. */
  private sweep(): void {
    for (const [id, s] of this.sessions) {
      if (this.now() - s.lastSeen <= this.opts.idleMs) break;
      this.sessions.delete(id);
    }
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

function token(): string {
  return randomBytes(32).toString('base64url');
}
