import { describe, expect, it } from 'vitest';
import { DelayedLogins, GEOSERVER_BRUTE_FORCE_DEFAULTS } from '../../src/ui/login-guard.js';
import type { Principal } from '../../src/ui/ports.js';
import { SessionStore } from '../../src/ui/sessions.js';

const ADMIN: Principal = { name: 'admin', roles: ['ADMIN'] };

describe('SessionStore', () => {
  it('forgets a session idle for longer than the idle time, and keeps one in use', () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 1000, max: 10, now: () => now });
    const s = store.create(ADMIN);
    expect(s.id).not.toBe(s.csrfToken);
    now = 900;
    expect(store.get(s.id)?.principal).toEqual(ADMIN);
    now = 1800; // 900 ms after its last use
    expect(store.get(s.id)).toBeDefined();
    now = 2801;
    expect(store.get(s.id)).toBeUndefined();
    expect(store.get('unknown')).toBeUndefined();
  });

  it('keeps at most `max` sessions, dropping the least recently used', () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 60_000, max: 2, now: () => now });
    const a = store.create(ADMIN);
    now = 1;
    const b = store.create(ADMIN);
    now = 2;
    store.get(a.id);
    store.create(ADMIN);
    expect([store.get(a.id) !== undefined, store.get(b.id) !== undefined, store.size]).toEqual([true, false, 2]);
  });
});

// GeoServer's BruteForceListener: a failed login answers after a random 1-5 s delay; while one is
// delayed, other logins for that user are refused at once; 127.0.0.1 is whitelisted by default.
describe('DelayedLogins (GeoServer brute-force prevention)', () => {
  const failing = async () => undefined;
  const succeeding = async () => ADMIN;

  function guard(waits: number[], opts: Partial<typeof GEOSERVER_BRUTE_FORCE_DEFAULTS> = {}, release?: Promise<void>) {
    return new DelayedLogins({ ...GEOSERVER_BRUTE_FORCE_DEFAULTS, ...opts, random: () => 0.5, wait: async (ms) => (waits.push(ms), release) });
  }

  it('delays a failed login from an untrusted address by a random time between the minimum and the maximum', async () => {
    const waits: number[] = [];
    expect(await guard(waits).attempt('admin', '10.1.2.3', failing)).toEqual({ kind: 'failed' });
    expect(waits).toEqual([3000]);
    expect(await guard(waits).attempt('admin', '10.1.2.3', succeeding)).toEqual({ kind: 'ok', principal: ADMIN });
    expect(waits).toEqual([3000]);
  });

  it('never delays the whitelisted addresses (127.0.0.1 by default, also as ::ffff:127.0.0.1; CIDR masks)', async () => {
    const waits: number[] = [];
    expect(await guard(waits).attempt('admin', '127.0.0.1', failing)).toEqual({ kind: 'failed' });
    expect(await guard(waits).attempt('admin', '::ffff:127.0.0.1', failing)).toEqual({ kind: 'failed' });
    expect(await guard(waits, { whitelist: ['10.0.0.0/8'] }).attempt('admin', '10.200.0.1', failing)).toEqual({ kind: 'failed' });
    expect(waits).toEqual([]);
    await guard(waits, { whitelist: ['10.0.0.0/8'] }).attempt('admin', '11.0.0.1', failing);
    expect(waits).toEqual([3000]);
  });

  it('refuses every other login for a user while a failed one is delayed, without checking its password', async () => {
    let release!: () => void;
    const waits: number[] = [];
    const g = guard(waits, {}, new Promise<void>((r) => (release = r)));
    const first = g.attempt('admin', '10.1.2.3', failing);
    await Promise.resolve();
    let checked = false;
    const second = await g.attempt('admin', '10.9.9.9', async () => ((checked = true), ADMIN));
    expect(second.kind).toBe('refused');
    expect(checked).toBe(false);
    expect((await g.attempt('other', '10.1.2.3', succeeding)).kind).toBe('ok');
    release();
    expect(await first).toEqual({ kind: 'failed' });
    expect((await g.attempt('admin', '10.1.2.3', succeeding)).kind).toBe('ok');
  });

  it('refuses outright once more than maxBlocked users are being delayed', async () => {
    const never = new Promise<void>(() => undefined);
    const g = guard([], { maxBlocked: 1 }, never);
    void g.attempt('u1', '10.0.0.1', failing);
    void g.attempt('u2', '10.0.0.1', failing);
    await Promise.resolve();
    await Promise.resolve();
    expect((await g.attempt('u3', '10.0.0.1', failing)).kind).toBe('refused');
  });
});
