import { hash } from 'node:crypto';

/*
 * The two hashes of the configuration digest (src/cluster/digest.ts), in one place because the
 * parsing threads compute them too, for every object they read, so that the first digest after a
 * load needs not hash again. One-shot hashing: a Hash object per call (createHash) is a native
 * object the garbage collector tracks through a weak handle, which cost the parsing threads most
 * of their collection time.
 */

/** An object's hash: sha1 of its type, key and the JSON of its normal form. */
export function objectDigest(type: string, key: string, normalJson: string): Buffer {
  return hash('sha1', `${type}\u0000${key}\u0000${normalJson}`, 'buffer');
}

/** sha1 of an object's key: its first byte picks the object's leaf of the digest tree. */
export function keyDigest(key: string): Buffer {
  return hash('sha1', key, 'buffer');
}
