import { setTimeout as delay } from 'node:timers/promises';

/**
 * GeoServer's BruteForcePreventionConfig defaults: a failed login waits 1 s at least and 5 s at
 * most, and at most 100 failed logins wait at once; beyond that a request is refused at once.
 */
export const BRUTE_FORCE_DEFAULTS = { minDelayMs: 1000, maxDelayMs: 5000, maxBlocked: 100 } as const;
/** A user+address pair not heard from for this long starts again from the shortest delay. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Pairs remembered at most: beyond that the oldest are forgotten (an attacker cannot fill memory). */
const MAX_TRACKED = 10_000;

export type LoginVerdict = 'ok' | 'refused' | 'too-many';

export interface BruteForceOptions {
  minDelayMs?: number;
  maxDelayMs?: number;
  maxBlocked?: number;
  /** Where refusals are reported: the user and the address, never the password. */
  log: { warn(obj: object, msg: string): void };
  sleep?: (ms: number) => Promise<unknown>;
  now?: () => number;
}

interface Failures {
  count: number;
  last: number;
}

/**
 * Brute-force prevention for every login of the node (REST Basic auth and the web UI share one
 * guard, so an attacker gains nothing by alternating), like GeoServer's BruteForceListener:
 * each failed login waits before its 401, a delay that doubles with each failure of the same user
 * from the same address (from minDelayMs up to maxDelayMs) and is forgotten on success. While a
 * failed login of a user waits, every other login of that user is refused at once without its
 * password being checked (GeoServer's ConcurrentAuthenticationException), so guesses cannot run in
 * parallel; while maxBlocked failed logins already wait, another failure is refused at once (429).
 * Loopback is not trusted: behind a reverse proxy on the same host every client comes from it.
 */
export class BruteForceGuard {
  private readonly failures = new Map<string, Failures>();
  /** Users with a failed login waiting now. */
  private readonly delayedUsers = new Set<string>();
  private blocked = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly maxBlocked: number;
  private readonly sleep: (ms: number) => Promise<unknown>;
  private readonly now: () => number;

  constructor(private readonly o: BruteForceOptions) {
    this.min = o.minDelayMs ?? BRUTE_FORCE_DEFAULTS.minDelayMs;
    this.max = o.maxDelayMs ?? BRUTE_FORCE_DEFAULTS.maxDelayMs;
    this.maxBlocked = o.maxBlocked ?? BRUTE_FORCE_DEFAULTS.maxBlocked;
    this.sleep = o.sleep ?? ((ms) => delay(ms));
    this.now = o.now ?? Date.now;
  }

  /** Checks the login of a Basic Authorization header with `verify`; a failure returns only after its delay. */
  async attempt(authorization: string | undefined, address: string, verify: () => boolean): Promise<LoginVerdict> {
    // as GeoServer, only bad credentials count: a request without any (a browser before the challenge) is answered at once
    if (!authorization?.startsWith('Basic ')) return verify() ? 'ok' : 'refused';
    return this.attemptLogin(basicUser(authorization), address, verify);
  }

  /** Checks a login of `user` from `address` with `verify`; a failure returns only after its delay. */
  async attemptLogin(user: string, address: string, verify: () => boolean | Promise<boolean>): Promise<LoginVerdict> {
    if (this.delayedUsers.has(user)) {
      this.o.log.warn({ user, address }, 'login refused at once: a failed login of this user is waiting on its delay');
      return 'too-many';
    }
    const key = `${user}\u0000${address}`;
    const verified = verify(); // a boolean stays synchronous: REST counts a waiting failure at once
    if (typeof verified === 'boolean' ? verified : await verified) {
      this.failures.delete(key);
      return 'ok';
    }
    const wait = this.fail(key);
    if (this.blocked >= this.maxBlocked) {
      this.o.log.warn({ user, address, blocked: this.blocked }, 'failed login refused at once: too many failed logins are waiting already (a brute force attack may be underway)');
      return 'too-many';
    }
    this.o.log.warn({ user, address, failures: this.failures.get(key)?.count, delayMs: wait }, 'failed login');
    this.blocked++;
    this.delayedUsers.add(user);
    try {
      await this.sleep(wait);
    } finally {
      this.blocked--;
      this.delayedUsers.delete(user);
    }
    return 'refused';
  }

  /** The wait the next failure of this user from this address would get. */
  nextDelay(user: string, address: string): number {
    const f = this.live(`${user}\u0000${address}`);
    return this.delayFor((f?.count ?? 0) + 1);
  }

  /** Failed logins waiting now. */
  get waiting(): number {
    return this.blocked;
  }

  private fail(key: string): number {
    const count = (this.live(key)?.count ?? 0) + 1;
    this.failures.delete(key); // re-inserted last: the map stays in order of last failure
    this.failures.set(key, { count, last: this.now() });
    if (this.failures.size > MAX_TRACKED) this.failures.delete(this.failures.keys().next().value as string);
    return this.delayFor(count);
  }

  private live(key: string): Failures | undefined {
    const f = this.failures.get(key);
    if (f && this.now() - f.last > FORGET_AFTER_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return f;
  }

  private delayFor(count: number): number {
    return Math.min(this.max, this.min * 2 ** Math.min(count - 1, 20));
  }
}

/** The user name of a Basic Authorization header ('' when there is none or it is malformed). */
export function basicUser(authorization: string | undefined): string {
  if (!authorization?.startsWith('Basic ')) return '';
  const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? '' : decoded.slice(0, colon);
}
