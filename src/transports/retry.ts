/**
 * How long a link to a peer or to a broker waits before its next attempt while the other side is
 * gone: the first wait, then each one RETRY_GROWTH times the last, up to connection.maxwait.
 *
 * Waits that grow by 1.25 are each about a quarter of the time the other side has been gone so far,
 * so one that comes back after an outage of T is found again within about T/4 (doubling made it up
 * to T: a 3 s outage could leave a node cut off for 3 s more). The price is a few more attempts:
 * about 20 in the first minute instead of 10, each a refused connection.
 */
export const RETRY_FIRST_MS = 100;
export const RETRY_GROWTH = 1.25;

/** The wait before attempt `attempt` + 1 (0 = the first retry). */
export function retryDelay(attempt: number, maxMs: number, firstMs = RETRY_FIRST_MS, growth = RETRY_GROWTH): number {
  // the exponent is bounded so a link down for days does not overflow to Infinity (the result is maxMs anyway)
  return Math.min(maxMs, firstMs * growth ** Math.min(attempt, 200));
}
