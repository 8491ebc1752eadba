/**
 * SHA-256 applied again and again to its own 32-byte output, for digest1's 100,000 rounds. Each
 * round is one compression of a single, always identically padded block, done here on 32-bit
 * words without allocating: several times faster than one crypto.hash call per round, whose cost
 * is mostly the call. The result is checked against node:crypto in the tests.
 */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** H^times(digest) for a 32-byte digest. */
export function sha256Rounds(digest: Uint8Array, times: number): Buffer {
  if (digest.length !== 32) throw new Error('sha256Rounds takes a 32-byte digest');
  const h = new Int32Array(8);
  const w = new Int32Array(64);
  const view = new DataView(digest.buffer, digest.byteOffset, 32);
  for (let i = 0; i < 8; i++) h[i] = view.getInt32(i * 4);
  for (let n = 0; n < times; n++) compressPaddedDigest(h, w);
  const out = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) out.writeInt32BE(h[i], i * 4);
  return out;
}

/** Replaces h (a previous digest) by SHA-256 of those 32 bytes. */
function compressPaddedDigest(h: Int32Array, w: Int32Array): void {
  w.set(h, 0);
  w[8] = 0x80000000 | 0;
  w.fill(0, 9, 15);
  w[15] = 256; // message length in bits
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15];
    const y = w[t - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
  }
  let a = IV[0], b = IV[1], c = IV[2], d = IV[3], e = IV[4], f = IV[5], g = IV[6], k = IV[7];
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (IV[0] + a) | 0;
  h[1] = (IV[1] + b) | 0;
  h[2] = (IV[2] + c) | 0;
  h[3] = (IV[3] + d) | 0;
  h[4] = (IV[4] + e) | 0;
  h[5] = (IV[5] + f) | 0;
  h[6] = (IV[6] + g) | 0;
  h[7] = (IV[7] + k) | 0;
}
