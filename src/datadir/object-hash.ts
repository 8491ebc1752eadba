import { hash } from 'node:crypto';
import type { Info } from '../catalog/types.js';

/*
 * The two hashes of the configuration digest (src/cluster/digest.ts), in one place because the
 * parsing threads compute them too, for every object they read, so that the first digest after a
 * load needs not hash again. One-shot hashing: a Hash object per call (createHash) is a native
 * object the garbage collector tracks through a weak handle, which cost the parsing threads most
 * of their collection time.
 */

/** What an object's hash is taken of: its type, key and the JSON of its normal form. */
function objectText(type: string, key: string, normalJson: string): string {
  return `${type}\u0000${key}\u0000${normalJson}`;
}

/** An object's hash: sha1 of objectText. */
export function objectDigest(type: string, key: string, normalJson: string): Buffer {
  return hash('sha1', objectText(type, key, normalJson), 'buffer');
}

/**
 * The first byte of sha1 of an object's key: it picks the object's leaf of the digest tree. Taken
 * as 'binary' (latin1) text, a character a byte: no Buffer to allocate for one byte, which took
 * about twice as long for a load's hundreds of thousands of keys.
 */
export function keySlice(key: string): number {
  return hash('sha1', key, 'binary').charCodeAt(0);
}

/** Bytes of an object's digest hash handed over by another thread: 1 when present, 16 of the hash, the bucket byte. */
export const HASH_BYTES = 18;

/** Writes an object's digest hash (its normal form's JSON given) at `offset` of `out`, HASH_BYTES long. */
export function writeHashBytes(type: string, key: string, normalJson: string, out: Uint8Array, offset: number): void {
  put(hash('sha1', objectText(type, key, normalJson), 'binary'), key, out, offset);
}

/**
 * writeHashBytes for an object whose objectText is already bytes (UTF-8): `text` holds
 * `type NUL key NUL` and the JSON of its normal form.
 */
export function writeHashOfText(text: Uint8Array, key: string, out: Uint8Array, offset: number): void {
  put(hash('sha1', text, 'binary'), key, out, offset);
}

/** Presence byte, 16 bytes of the sha1 (taken as 'binary' text, as keySlice takes its hash), bucket byte. */
function put(digest: string, key: string, out: Uint8Array, offset: number): void {
  out[offset] = 1;
  for (let i = 0; i < 16; i++) out[offset + 1 + i] = digest.charCodeAt(i);
  out[offset + 17] = keySlice(key);
}

/**
 * Digest hashes another thread computed for exactly these objects (src/cluster/digest.ts
 * objectHash): `at` gives where an object's HASH_BYTES sit in `bytes`, past the presence byte
 * (16 bytes of the hash, then its keySlice), or -1.
 */
export interface KnownHashes {
  readonly bytes: Uint8Array;
  at(type: string, key: string, info: Info): number;
}

/**
 * The digest hashes other threads computed, HASH_BYTES an object, by the object's index there
 * (a file of the load, a file of a snapshot install), kept as their batches come back.
 */
export class HandedHashes {
  private bytes = new Uint8Array(0);

  /** Keeps the hashes of a batch whose first object has index `first`. */
  add(first: number, hashes: Uint8Array): void {
    const end = first * HASH_BYTES + hashes.length;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.bytes.length * 2));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(hashes, first * HASH_BYTES);
  }

  has(index: number): boolean {
    return this.bytes[index * HASH_BYTES] === 1;
  }

  /** A load's context for the object of this index, with its hash (ChangeContext.hash), if it has one. */
  context(index: number): { source: 'load'; hash: { bytes: Uint8Array; at: number } } | undefined {
    return this.has(index) ? { source: 'load', hash: { bytes: this.bytes, at: index * HASH_BYTES + 1 } } : undefined;
  }

  /** The hashes of the objects of `hashed`, by their index. */
  of(hashed: Map<Info, number>): KnownHashes {
    const bytes = this.bytes;
    return {
      bytes,
      at: (_type, _key, info) => {
        const index = hashed.get(info);
        if (index === undefined || bytes[index * HASH_BYTES] !== 1) return -1;
        return index * HASH_BYTES + 1;
      },
    };
  }
}
