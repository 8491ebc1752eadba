import { describe, expect, it } from 'vitest';
import { RETRY_FIRST_MS, retryDelay } from '../../src/transports/retry.js';

/** When a link retrying from the moment the other side went away makes its first attempt at or after `downMs`. */
function foundAgainAt(downMs: number, maxMs: number): number {
  let at = 0;
  for (let attempt = 0; at < downMs; attempt++) at += retryDelay(attempt, maxMs);
  return at;
}

describe('retry waits of peer links and broker connections', () => {
  it('a peer or broker back after an outage is found again within a quarter of the outage (and the first wait), up to connection.maxwait', () => {
    const maxMs = 10_000;
    for (let downMs = 100; downMs <= 600_000; downMs = Math.ceil(downMs * 1.1)) {
      const late = foundAgainAt(downMs, maxMs) - downMs;
      expect(late).toBeLessThanOrEqual(Math.min(maxMs, downMs / 4 + RETRY_FIRST_MS));
    }
  });

  it('stays finite for a link down for ever, and honours the growth and first wait a brokerURL gives', () => {
    expect(retryDelay(1e9, 10_000)).toBe(10_000);
    expect([0, 1, 2].map((a) => retryDelay(a, 1000, 10, 2))).toEqual([10, 20, 40]);
  });
});
