import { createHash, hash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Rounds } from '../../src/security/sha256-rounds.js';

describe('repeated SHA-256 of a digest', () => {
  it('equals node:crypto applied the same number of times', () => {
    for (const times of [0, 1, 2, 7, 1000]) {
      const start = createHash('sha256').update(randomBytes(64)).digest();
      let expected = start;
      for (let i = 0; i < times; i++) expected = hash('sha256', expected, 'buffer');
      expect(sha256Rounds(start, times).equals(expected)).toBe(true);
    }
  });

  it('refuses anything but a 32-byte digest', () => {
    expect(() => sha256Rounds(Buffer.alloc(31), 1)).toThrow(/32-byte/);
  });
});
