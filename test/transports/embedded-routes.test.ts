import { describe, expect, it } from 'vitest';
import { OriginRoutes, type PeerView } from '../../src/transports/embedded/origin-routes.js';

/*
 * The relay plan of the embedded transport (docs/adr/0006) on a clock the test moves: which peer
 * relays which origin as links drop and come back and as cursors move.
 */

const GRACE = 1000;

function routes(): { r: OriginRoutes; tick: (ms: number) => void } {
  let now = 0;
  return { r: new OriginRoutes({ graceMs: GRACE, now: () => now }), tick: (ms) => (now += ms) };
}

const peer = (name: string, connected: boolean, cursors: Record<string, number>): PeerView => ({ url: `http://127.0.0.1/${name}`, instanceName: name, connected, cursors });

describe('OriginRoutes', () => {
  it('relays nothing while every origin is followed directly and this node keeps up', () => {
    const { r, tick } = routes();
    const peers = [peer('a', true, { a: 5, b: 3 }), peer('b', true, { a: 5, b: 3 })];
    for (let i = 0; i < 5; i++) {
      expect(r.plan('me', { a: 5, b: 3 }, peers).size).toBe(0);
      tick(GRACE);
    }
  });

  it('a lost origin is relayed, after the grace, by the peer that has the most of it; dropped again once it is back', () => {
    const { r, tick } = routes();
    const up = [peer('a', true, { a: 9 }), peer('b', true, { a: 7 }), peer('c', true, { a: 9 })];
    expect(r.plan('me', { a: 7 }, up).size).toBe(0);
    const down = [peer('a', false, { a: 9 }), up[1], up[2]];
    tick(100);
    expect(r.plan('me', { a: 7 }, down).size).toBe(0);
    tick(GRACE);
    expect(r.plan('me', { a: 7 }, down)).toEqual(new Map([['http://127.0.0.1/c', ['a']]]));
    expect(r.relayed()).toEqual({ a: 'http://127.0.0.1/c' });
    // the relay is kept while the origin is down, whatever the others report
    tick(GRACE);
    const later = [down[0], peer('b', true, { a: 9 }), up[2]];
    expect(r.plan('me', { a: 9 }, later)).toEqual(new Map([['http://127.0.0.1/c', ['a']]]));
    // back: the relay stays for the grace, then ends
    tick(100);
    expect(r.plan('me', { a: 9 }, up).size).toBe(1);
    tick(GRACE);
    expect(r.plan('me', { a: 9 }, up).size).toBe(0);
  });

  it('an origin known only from peers (not reachable from here) is relayed', () => {
    const { r, tick } = routes();
    const peers = [peer('b', true, { b: 2, x: 4 })];
    r.plan('me', { b: 2 }, peers);
    tick(GRACE);
    expect(r.plan('me', { b: 2 }, peers)).toEqual(new Map([['http://127.0.0.1/b', ['x']]]));
  });

  it('an origin followed directly but stalled behind what a peer reports is relayed until this node moves again', () => {
    const { r, tick } = routes();
    const peers = [peer('a', true, { a: 5 }), peer('b', true, { a: 8 })];
    expect(r.plan('me', { a: 5 }, peers).size).toBe(0);
    tick(GRACE / 2);
    expect(r.plan('me', { a: 5 }, peers).size).toBe(0);
    tick(GRACE / 2);
    expect(r.plan('me', { a: 5 }, peers)).toEqual(new Map([['http://127.0.0.1/b', ['a']]]));
    tick(200);
    expect(r.plan('me', { a: 8 }, peers).size).toBe(1);
    tick(GRACE);
    expect(r.plan('me', { a: 8 }, peers).size).toBe(0);
  });

  it('keeps its relay while it has more to give, and moves when it is gone', () => {
    const { r, tick } = routes();
    const a = peer('a', false, {});
    r.plan('me', { a: 1 }, [a, peer('b', true, { a: 6 }), peer('c', true, { a: 5 })]);
    tick(GRACE);
    expect(r.relayed()).toEqual({});
    r.plan('me', { a: 1 }, [a, peer('b', true, { a: 6 }), peer('c', true, { a: 5 })]);
    expect(r.relayed()).toEqual({ a: 'http://127.0.0.1/b' });
    tick(100);
    r.plan('me', { a: 3 }, [a, peer('b', true, { a: 6 }), peer('c', true, { a: 7 })]);
    expect(r.relayed()).toEqual({ a: 'http://127.0.0.1/b' });
    tick(100);
    r.plan('me', { a: 6 }, [a, peer('b', false, { a: 6 }), peer('c', true, { a: 7 })]);
    expect(r.relayed()).toEqual({ a: 'http://127.0.0.1/c' });
  });
});
