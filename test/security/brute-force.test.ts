import { describe, expect, it } from 'vitest';
import { BRUTE_FORCE_DEFAULTS, BruteForceGuard } from '../../src/security/brute-force.js';

/*
 * GeoServer's brute force prevention (BruteForceListener, BruteForcePreventionConfig: min delay
 * 1 s, max 5 s, maxBlockedThreads 100, MaxBlockedThreadsException "Too many failed logins waiting
 * on delay already"): a failed login waits before its 401. Here the delay doubles per failure of
 * one user from one address and is forgotten on success. The clock and the wait are injected:
 * no test measures time.
 */

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function guard(opts: { maxBlocked?: number; hold?: boolean } = {}) {
  const waits: number[] = [];
  const logs: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  const releases: Array<() => void> = [];
  const g = new BruteForceGuard({
    maxBlocked: opts.maxBlocked,
    log: { warn: (obj, msg) => logs.push({ obj: obj as Record<string, unknown>, msg }) },
    sleep: (ms) => {
      waits.push(ms);
      return opts.hold ? new Promise<void>((r) => releases.push(r)) : Promise.resolve();
    },
  });
  return { g, waits, logs, releases };
}

describe('BruteForceGuard', () => {
  it("has GeoServer's defaults", () => {
    expect(BRUTE_FORCE_DEFAULTS).toEqual({ minDelayMs: 1000, maxDelayMs: 5000, maxBlocked: 100 });
  });

  it('delays each failure longer, per user and address, up to the maximum, and resets on success', async () => {
    const { g, waits } = guard();
    const wrong = basic('admin', 'nope');
    for (let i = 0; i < 5; i++) expect(await g.attempt(wrong, '10.0.0.1', () => false)).toBe('refused');
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(g.nextDelay('admin', '10.0.0.2'), 'another address starts from the minimum').toBe(1000);
    expect(g.nextDelay('someone', '10.0.0.1'), 'another user too').toBe(1000);
    expect(await g.attempt(basic('admin', 'right'), '10.0.0.1', () => true)).toBe('ok');
    expect(g.nextDelay('admin', '10.0.0.1'), 'a success forgets the failures').toBe(1000);
    expect(waits).toHaveLength(5);
  });

  it('refuses at once (too-many) while maxBlocked failed logins are waiting', async () => {
    const { g, releases } = guard({ maxBlocked: 2, hold: true });
    const pending = [g.attempt(basic('a', 'x'), '10.0.0.1', () => false), g.attempt(basic('b', 'x'), '10.0.0.2', () => false)];
    expect(g.waiting).toBe(2);
    expect(await g.attempt(basic('c', 'x'), '10.0.0.3', () => false)).toBe('too-many');
    for (const r of releases) r();
    expect(await Promise.all(pending)).toEqual(['refused', 'refused']);
    expect(g.waiting).toBe(0);
  });

  it('logs the user and the address of a failed login, never the password', async () => {
    const { g, logs } = guard();
    await g.attempt(basic('admin', 'S3cret-Guess!'), '192.0.2.7', () => false);
    expect(logs).toHaveLength(1);
    expect(logs[0].obj).toMatchObject({ user: 'admin', address: '192.0.2.7', failures: 1, delayMs: 1000 });
    expect(JSON.stringify(logs)).not.toContain('S3cret-Guess!');
  });

  it('a correct password is never delayed; a request without credentials is answered at once and not counted', async () => {
    const { g, waits } = guard();
    expect(await g.attempt(undefined, '10.0.0.1', () => false)).toBe('refused');
    expect(await g.attempt('Bearer abc', '10.0.0.1', () => false)).toBe('refused');
    expect(await g.attempt(basic('admin', 'ok'), '10.0.0.1', () => true)).toBe('ok');
    expect(waits).toEqual([]);
    expect(await g.attempt(basic('', 'x'), '10.0.0.1', () => false)).toBe('refused');
    expect(waits, 'an empty user name with a password is a failed login').toEqual([1000]);
  });

  it('while a failed login of a user waits, every other login of that user is refused at once, its password unchecked', async () => {
    // GeoServer's BruteForceListener throws ConcurrentAuthenticationException for a user already delayed
    const { g, releases } = guard({ hold: true });
    const first = g.attempt(basic('admin', 'guess-1'), '10.0.0.1', () => false);
    await Promise.resolve();
    let checked = false;
    expect(await g.attemptLogin('admin', '10.9.9.9', async () => ((checked = true), true)), 'the UI, from another address, right password').toBe('too-many');
    expect(await g.attempt(basic('admin', 'guess-2'), '10.0.0.1', () => ((checked = true), false))).toBe('too-many');
    expect(checked).toBe(false);
    expect(await g.attemptLogin('other', '10.0.0.1', async () => true), 'another user is not held up').toBe('ok');
    releases[0]();
    expect(await first).toBe('refused');
    expect(await g.attemptLogin('admin', '10.0.0.1', async () => true), 'once the delay is over').toBe('ok');
  });

  it('counts the failures of REST and UI logins together (one guard for the node)', async () => {
    const { g, waits } = guard();
    await g.attempt(basic('admin', 'x'), '10.0.0.1', () => false);
    expect(await g.attemptLogin('admin', '10.0.0.1', async () => false)).toBe('refused');
    expect(waits, 'the UI failure is the second of this user and address').toEqual([1000, 2000]);
  });

  it('delays loopback too: behind a reverse proxy on the same host every client comes from 127.0.0.1', async () => {
    const { g, waits } = guard();
    expect(await g.attemptLogin('admin', '127.0.0.1', async () => false)).toBe('refused');
    expect(await g.attemptLogin('admin', '::ffff:127.0.0.1', async () => false)).toBe('refused');
    expect(waits).toEqual([1000, 1000]);
  });
});
