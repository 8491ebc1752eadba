import { createHash } from 'node:crypto';
import type { Catalog, CatalogChange } from '../catalog/catalog.js';
import { ALL_TYPES, refId, type Info } from '../catalog/types.js';
import { xmlForm } from '../xml/tree.js';
import { keyDigest, objectDigest, type KnownHashes } from '../datadir/object-hash.js';

/** Digest and object count of one node of the digest tree. */
export type TreeNode = { digest: string; objects: number };

type Acc = { acc: Uint32Array; n: number };

/**
 * A digest of the whole configuration, updated with every change: the XOR of a hash of each
 * object (type, key, content). Two nodes with the same objects have the same digest, whatever
 * order they applied changes in; equal cursors with different digests mean divergence. Each object
 * is hashed in the form it has once written to its XML file and read back (after a restart or a
 * reload): there, a list of one is its single element, and must hash alike.
 *
 * The same digest is kept per part, as a tree that resync walks down where it differs: a node per
 * type and workspace (`type/scope`: `w` and a hash of the workspace's name, or `g` for what no
 * workspace holds), under it 256 leaves (`type/scope/xx`, xx from a hash of the key).
 */
export class ConfigDigest {
  private readonly acc = new Uint32Array(4);
  private objects = 0;
  private readonly nodes = new Map<string, Acc>();
  private readonly leaves = new Map<string, Acc>();
  /** The leaf each object was counted in, by type and key, so that it leaves the same one (its workspace may be renamed meanwhile). */
  private readonly leafOfObject = new Map<string, Map<string, string>>();
  /** One string per leaf id, shared by all the objects in it. */
  private readonly leafIds = new Map<string, string>();
  private catalog: Catalog | undefined;
  /** The scope id of each workspace name met. */
  private readonly scopeIds = new Map<string, string>();
  /** While a snapshot installs, changes are not counted one by one: reset() counts the result. */
  private paused = false;

  /**
   * Computes the digest of everything in the catalog now; later changes are looked up in it.
   * `known` gives the hash of an object when it was computed already.
   */
  reset(catalog: Catalog, known?: KnownHashes): void {
    this.catalog = catalog;
    this.paused = false;
    this.acc.fill(0);
    this.objects = 0;
    this.nodes.clear();
    this.leaves.clear();
    this.leafOfObject.clear();
    this.leafIds.clear();
    for (const type of ALL_TYPES) {
      for (const info of catalog.list(type)) {
        const key = catalog.keyOfObject(type, info);
        this.toggle(type, key, info, 1, undefined, known?.(type, key, info));
      }
    }
  }

  /**
   * Stops counting changes until the next reset(): for a snapshot install, whose objects another
   * thread hashes while it renders their files, so that the reset after takes their hashes.
   */
  pause(): void {
    this.paused = true;
  }

  apply(change: CatalogChange): void {
    if (this.paused) return;
    if (change.old) this.toggle(change.type, change.key, change.old, -1, change.normal?.old);
    if (change.new) this.toggle(change.type, change.key, change.new, 1, change.normal?.new);
  }

  get value(): string {
    return hex(this.acc);
  }

  get count(): number {
    return this.objects;
  }

  /** The first level (`type/scope`), or the leaves under the nodes named. */
  tree(under?: string[]): Record<string, TreeNode> {
    const out: Record<string, TreeNode> = {};
    if (!under) {
      for (const [id, b] of this.nodes) if (b.n > 0) out[id] = { digest: hex(b.acc), objects: b.n };
      return out;
    }
    const parents = new Set(under);
    for (const [id, b] of this.leaves) if (b.n > 0 && parents.has(id.slice(0, id.lastIndexOf('/')))) out[id] = { digest: hex(b.acc), objects: b.n };
    return out;
  }

  /** The leaf an object of this node is counted in. */
  leafOf(type: string, key: string): string | undefined {
    return this.leafOfObject.get(type)?.get(key);
  }

  /**
   * `normal`: the object's normal form when the catalog computed it for this change already;
   * `pre`: its hash and key slice when the loader computed them.
   */
  private toggle(type: string, key: string, info: Info, delta: 1 | -1 = 1, normal?: unknown, pre?: { hash: Buffer; slice: string }): void {
    const h = pre?.hash ?? objectHash(type, key, info, normal ?? xmlForm(info));
    let ofType = this.leafOfObject.get(type);
    if (!ofType) this.leafOfObject.set(type, (ofType = new Map()));
    const scope = () => this.scopeOf(type, info);
    const leaf = (delta < 0 ? ofType.get(key) : undefined) ?? this.intern(pre ? `${type}/${scope()}/${pre.slice}` : bucketOf(type, key, scope()));
    if (delta > 0) ofType.set(key, leaf);
    else ofType.delete(key);
    const node = leaf.slice(0, leaf.lastIndexOf('/'));
    const b = slot(this.leaves, leaf);
    const n = slot(this.nodes, node);
    for (let i = 0; i < 4; i++) {
      const word = h.readUInt32BE(i * 4);
      this.acc[i] ^= word;
      b.acc[i] ^= word;
      n.acc[i] ^= word;
    }
    this.objects += delta;
    b.n += delta;
    n.n += delta;
    if (b.n === 0) this.leaves.delete(leaf);
    if (n.n === 0) this.nodes.delete(node);
  }

  private intern(leaf: string): string {
    const known = this.leafIds.get(leaf);
    if (known) return known;
    this.leafIds.set(leaf, leaf);
    return leaf;
  }

  /** The workspace an object belongs to, through its own references (store, resource, namespace). */
  private scopeOf(type: string, info: Info): string {
    const ws = type === 'workspace' ? info.name : type === 'namespace' ? info.prefix : this.workspaceName(info, 3);
    if (typeof ws !== 'string' || ws === '') return 'g';
    let id = this.scopeIds.get(ws);
    if (id === undefined) this.scopeIds.set(ws, (id = `w${createHash('sha1').update(ws).digest('hex').slice(0, 8)}`));
    return id;
  }

  private workspaceName(info: Info, depth: number): unknown {
    const catalog = this.catalog;
    if (!catalog || depth === 0) return undefined;
    const ws = refId(info.workspace);
    if (ws) return catalog.get('workspace', ws)?.name;
    const ns = refId(info.namespace);
    if (ns) return catalog.get('namespace', ns)?.prefix;
    const parent = refId(info.store) ?? refId(info.resource);
    const found = parent ? catalog.find(parent) : undefined;
    return found ? this.workspaceName(found.info, depth - 1) : undefined;
  }
}

function slot(map: Map<string, Acc>, id: string): Acc {
  let b = map.get(id);
  if (!b) map.set(id, (b = { acc: new Uint32Array(4), n: 0 }));
  return b;
}

/** The hash of one object as the digest counts it. */
export function objectHash(type: string, key: string, info: Info, normal: unknown = xmlForm(info)): Buffer {
  return objectDigest(type, key, JSON.stringify(normal));
}

/** A leaf of the digest tree: its type, its workspace, and 256 slices of its keys. */
export function bucketOf(type: string, key: string, scope: string): string {
  return `${type}/${scope}/${keyDigest(key).toString('hex', 0, 1)}`;
}

function hex(acc: Uint32Array): string {
  return Array.from(acc, (n) => n.toString(16).padStart(8, '0')).join('');
}
