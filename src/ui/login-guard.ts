import { setTimeout as delay } from 'node:timers/promises';
import type { LoginGuard, LoginOutcome, Principal } from './ports.js';

export interface DelayedLoginsOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** Users whose failed logins may be delayed at once; beyond that, logins are refused outright. */
  maxBlocked: number;
  /** Client addresses (exact, or IPv4 CIDR such as 10.0.0.0/8) that are never delayed. */
  whitelist: string[];
  /** How to wait (tests pass their own); default a timer. */
  wait?: (ms: number) => Promise<void>;
  /** A number in [0, 1) (tests pass their own); default Math.random. */
  random?: () => number;
}

/** GeoServer's BruteForcePreventionConfig defaults: 1 to 5 s, 100 delayed users, 127.0.0.1 trusted. */
export const GEOSERVER_BRUTE_FORCE_DEFAULTS: DelayedLoginsOptions = { minDelayMs: 1000, maxDelayMs: 5000, maxBlocked: 100, whitelist: ['127.0.0.1'] };

/**
 * GeoServer's brute-force prevention (BruteForceListener): a failed login answers only after a
 * random delay, and while a user's failed login is being delayed every other login for that user
 * is refused at once, right password or not, so guesses cannot run in parallel.
 */
export class DelayedLogins implements LoginGuard {
  private readonly delayed = new Map<string, number>();

  constructor(private readonly opts: DelayedLoginsOptions = GEOSERVER_BRUTE_FORCE_DEFAULTS) {}

  async attempt(user: string, address: string, check: () => Promise<Principal | undefined>): Promise<LoginOutcome> {
    if (this.trusted(address)) {
      const principal = await check();
      return principal ? { kind: 'ok', principal } : { kind: 'failed' };
    }
    const concurrent = this.delayed.get(user);
    if (concurrent !== undefined) {
      this.delayed.set(user, concurrent + 1);
      return { kind: 'refused', message: `A failed login for user '${user}' is being delayed; wait a few seconds and try again` };
    }
    const principal = await check();
    if (principal) return { kind: 'ok', principal };
    if (this.delayed.size > this.opts.maxBlocked) return { kind: 'refused', message: 'Too many failed logins are being delayed; try again later' };
    this.delayed.set(user, 0);
    try {
      const { minDelayMs: min, maxDelayMs: max } = this.opts;
      await (this.opts.wait ?? delay)(min + Math.floor((max - min) * (this.opts.random ?? Math.random)()));
    } finally {
      this.delayed.delete(user);
    }
    return { kind: 'failed' };
  }

  private trusted(address: string): boolean {
    const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
    return this.opts.whitelist.some((mask) => matches(mask, ip));
  }
}

function matches(mask: string, ip: string): boolean {
  const slash = mask.indexOf('/');
  if (slash < 0) return mask === ip;
  const bits = Number(mask.slice(slash + 1));
  const net = ipv4(mask.slice(0, slash));
  const addr = ipv4(ip);
  if (net === undefined || addr === undefined || !(bits >= 0 && bits <= 32)) return false;
  const m = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((net & m) >>> 0) === ((addr & m) >>> 0);
}

function ipv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}
