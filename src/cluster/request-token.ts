import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a request token is valid after it was made, and the clock difference tolerated between nodes. */
export const TOKEN_VALIDITY_MS = 30_000;
export const TOKEN_SKEW_MS = 5_000;
/** A node remembers at most this many nonces; beyond that it refuses new tokens until old ones expire. */
const MAX_NONCES = 200_000;

export type TokenVerdict = 'ok' | 'invalid' | 'expired' | 'replayed';

/**
 * The nonces of the tokens a node accepted, each kept until its token expires: a token captured
 * on the wire cannot be used a second time, even for the same request within its window.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** Records the nonce; false when it was already used (or the cache is full). */
  remember(nonce: string, expiresAt: number, now: number): boolean {
    this.prune(now);
    if (this.seen.has(nonce) || this.seen.size >= MAX_NONCES) return false;
    this.seen.set(nonce, expiresAt);
    return true;
  }

  private prune(now: number): void {
    // insertion order is nearly expiry order: stop at the first live one
    for (const [nonce, expiresAt] of this.seen) {
      if (expiresAt > now) break;
      this.seen.delete(nonce);
    }
  }
}

/**
 * What a token covers: the method, the path, the query sorted (so that a peer and this node agree
 * whatever order the parameters came in), the time, the nonce and the instance name the caller
 * claims (its `instance` query parameter).
 */
function canonical(method: string, url: URL, ts: string, nonce: string): string {
  const query = [...url.searchParams.entries()]
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return [method.toUpperCase(), url.pathname, query, ts, nonce, url.searchParams.get('instance') ?? ''].join('\n');
}

function mac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

/** `v2.<ms>.<nonce>.<hmac>` for one request. */
export function makeRequestToken(key: Buffer, method: string, url: URL, now = Date.now()): string {
  const ts = String(now);
  const nonce = randomBytes(16).toString('base64url');
  return `v2.${ts}.${nonce}.${mac(key, canonical(method, url, ts, nonce)).toString('base64url')}`;
}

/** Checks a token against every accepted key (the secret, and the previous one during a rotation). */
export function checkRequestToken(keys: readonly Buffer[], nonces: NonceCache, method: string, url: URL, token: string | undefined, now = Date.now()): TokenVerdict {
  const parts = (token ?? '').split('.');
  if (parts.length !== 4 || parts[0] !== 'v2' || !/^\d{1,15}$/.test(parts[1]) || !/^[A-Za-z0-9_-]{16,64}$/.test(parts[2])) return 'invalid';
  const [, ts, nonce, given] = parts;
  const got = Buffer.from(given, 'base64url');
  const text = canonical(method, url, ts, nonce);
  if (!keys.some((k) => { const want = mac(k, text); return want.length === got.length && timingSafeEqual(want, got); })) return 'invalid';
  const at = Number(ts);
  if (at > now + TOKEN_SKEW_MS || at < now - TOKEN_VALIDITY_MS - TOKEN_SKEW_MS) return 'expired';
  return nonces.remember(nonce, at + TOKEN_VALIDITY_MS + TOKEN_SKEW_MS, now) ? 'ok' : 'replayed';
}

/** An HMAC over a datagram (a multicast announcement), base64url. */
export function datagramMac(key: Buffer, text: string): string {
  return mac(key, text).toString('base64url');
}

export function checkDatagramMac(keys: readonly Buffer[], text: string, given: string): boolean {
  const got = Buffer.from(given, 'base64url');
  return keys.some((k) => { const want = mac(k, text); return want.length === got.length && timingSafeEqual(want, got); });
}
