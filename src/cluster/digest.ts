import { createHash } from 'node:crypto';
import type { Catalog, CatalogChange } from '../catalog/catalog.js';
import { ALL_TYPES, type Info } from '../catalog/types.js';
import { xmlForm } from '../xml/tree.js';

/** An object's hash (objectHash) and bucket (bucketOf), when computed elsewhere already. */
export type KnownHash = (type: string, key: string, info: Info) => { hash: Buffer; bucket: string } | undefined;

/**
 * A digest of the whole configuration, updated with every change: the XOR of a hash of each
 * object (type, key, content). Two nodes with the same objects have the same digest, whatever
 * order they applied changes in; equal cursors with different digests mean divergence. Each object
 * is hashed in the form it has once written to its XML file and read back (after a restart or a
 * reload): there, a list of one is its single element, and must hash alike.
 */
export class ConfigDigest {
  private readonly acc = new Uint32Array(4);
  private objects = 0;
  /** The same digest per bucket (`type/xx`, xx from a hash of the key): the leaves of the tree resync compares. */
  private readonly buckets = new Map<string, { acc: Uint32Array; n: number }>();

  /**
   * Computes the digest of everything in the catalog now. `known` gives the hash and bucket of an
   * object when they were computed already (the loader's threads hash what they read).
   */
  reset(catalog: Catalog, known?: KnownHash): void {
    this.acc.fill(0);
    this.objects = 0;
    this.buckets.clear();
    for (const type of ALL_TYPES) {
      for (const info of catalog.list(type)) {
        const key = catalog.keyOfObject(type, info);
        const k = known?.(type, key, info);
        if (k) this.toggleHash(k.hash, k.bucket, 1);
        else this.toggle(type, key, info);
      }
    }
  }

  apply(change: CatalogChange): void {
    if (change.old) this.toggle(change.type, change.key, change.old, -1);
    if (change.new) this.toggle(change.type, change.key, change.new, 1);
  }

  get value(): string {
    return Array.from(this.acc, (n) => n.toString(16).padStart(8, '0')).join('');
  }

  get count(): number {
    return this.objects;
  }

  /** Digest and object count of every non-empty bucket, by `type/xx`. */
  tree(): Record<string, { digest: string; objects: number }> {
    const out: Record<string, { digest: string; objects: number }> = {};
    for (const [id, b] of this.buckets) if (b.n > 0) out[id] = { digest: hex(b.acc), objects: b.n };
    return out;
  }

  private toggle(type: string, key: string, info: Info, delta = 1): void {
    this.toggleHash(objectHash(type, key, info), bucketOf(type, key), delta);
  }

  private toggleHash(h: Buffer, id: string, delta: number): void {
    let b = this.buckets.get(id);
    if (!b) this.buckets.set(id, (b = { acc: new Uint32Array(4), n: 0 }));
    for (let i = 0; i < 4; i++) {
      const word = h.readUInt32BE(i * 4);
      this.acc[i] ^= word;
      b.acc[i] ^= word;
    }
    this.objects += delta;
    b.n += delta;
  }
}

/** The hash of one object as the digest counts it. */
export function objectHash(type: string, key: string, info: Info): Buffer {
  return createHash('sha1').update(type).update('\u0000').update(key).update('\u0000').update(JSON.stringify(xmlForm(info))).digest();
}

/** The bucket of an object in the digest tree: its type, and 256 slices of its keys. */
export function bucketOf(type: string, key: string): string {
  return `${type}/${createHash('sha1').update(key).digest('hex').slice(0, 2)}`;
}

function hex(acc: Uint32Array): string {
  return Array.from(acc, (n) => n.toString(16).padStart(8, '0')).join('');
}
