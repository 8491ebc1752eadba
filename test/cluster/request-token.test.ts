import { describe, expect, it } from 'vitest';
import { ClusterSecret, type Envelope } from '../../src/cluster/envelope.js';
import { checkRequestToken, makeRequestToken, NonceCache, TOKEN_SKEW_MS, TOKEN_VALIDITY_MS } from '../../src/cluster/request-token.js';

/* Request tokens (issue 9, point 2) and secret rotation with secret.previous (point 5). */

const url = new URL('http://127.0.0.1:8080/geoserver/cluster/journal?origin=a&after=3&instance=b&group=g');
const key = Buffer.alloc(32, 7);

describe('request tokens', () => {
  it('are accepted once, for the very request they were made for, whatever the order of its query', () => {
    const nonces = new NonceCache();
    const token = makeRequestToken(key, 'GET', url);
    const reordered = new URL('http://127.0.0.1:8080/geoserver/cluster/journal?group=g&instance=b&after=3&origin=a');
    expect(checkRequestToken([key], nonces, 'GET', reordered, token)).toBe('ok');
    expect(checkRequestToken([key], nonces, 'GET', url, token)).toBe('replayed');
  });

  it('are refused for another method, path, query, instance or key', () => {
    const nonces = new NonceCache();
    const token = makeRequestToken(key, 'GET', url);
    const other = (s: string) => new URL(s);
    expect(checkRequestToken([key], nonces, 'POST', url, token)).toBe('invalid');
    expect(checkRequestToken([key], nonces, 'GET', other(url.href.replace('/journal', '/snapshot')), token)).toBe('invalid');
    expect(checkRequestToken([key], nonces, 'GET', other(url.href.replace('after=3', 'after=0')), token)).toBe('invalid');
    expect(checkRequestToken([key], nonces, 'GET', other(url.href.replace('instance=b', 'instance=c')), token)).toBe('invalid');
    expect(checkRequestToken([Buffer.alloc(32, 8)], nonces, 'GET', url, token)).toBe('invalid');
    expect(checkRequestToken([key], nonces, 'GET', url, undefined)).toBe('invalid');
    expect(checkRequestToken([key], nonces, 'GET', url, 'v2.1.2.3')).toBe('invalid');
    expect(checkRequestToken([key], nonces, 'GET', url, token), 'the refusals did not use it up').toBe('ok');
  });

  it('expire after their window (and may not come from too far in the future)', () => {
    const now = 1_800_000_000_000;
    const nonces = new NonceCache();
    const old = makeRequestToken(key, 'GET', url, now - TOKEN_VALIDITY_MS - TOKEN_SKEW_MS - 1);
    const late = makeRequestToken(key, 'GET', url, now - TOKEN_VALIDITY_MS);
    const ahead = makeRequestToken(key, 'GET', url, now + TOKEN_SKEW_MS + 1);
    expect(checkRequestToken([key], nonces, 'GET', url, old, now)).toBe('expired');
    expect(checkRequestToken([key], nonces, 'GET', url, ahead, now)).toBe('expired');
    expect(checkRequestToken([key], nonces, 'GET', url, late, now)).toBe('ok');
  });
});

describe('secret rotation (secret.previous)', () => {
  const env: Envelope = { v: 1, group: 'g', origin: 'a', seq: 1, hlc: [1, 0], deps: {}, op: 'add', type: 'workspace', id: 'W-1', object: { id: 'W-1', name: 'w' } };
  const old = new ClusterSecret('the-old-cluster-secret-0123456789');
  const rotated = new ClusterSecret('the-new-cluster-secret-0123456789', ['the-old-cluster-secret-0123456789']);
  const fresh = new ClusterSecret('the-new-cluster-secret-0123456789');

  it('a rotating node accepts tokens, signatures, announcements and sealed fields of the old secret', () => {
    expect(rotated.checkToken('GET', url, old.token('GET', url))).toBe('ok');
    expect(rotated.verify(old.sign(env))).toBe(true);
    expect(rotated.checkAnnouncement('x', old.announcementMac('x'))).toBe(true);
    expect(rotated.decrypt(old.encrypt('pw'))).toBe('pw');
  });

  it('signs with the new one only: a node that has only the new secret accepts it, one with only the old does not', () => {
    expect(fresh.verify(rotated.sign(env))).toBe(true);
    expect(old.verify(rotated.sign(env))).toBe(false);
    expect(old.checkToken('GET', url, rotated.token('GET', url))).toBe('invalid');
    expect(fresh.decrypt(rotated.encrypt('pw'))).toBe('pw');
    expect(() => old.decrypt(rotated.encrypt('pw'))).toThrow();
  });
});
