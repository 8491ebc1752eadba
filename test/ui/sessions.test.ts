import { describe, expect, it } from 'vitest';
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
