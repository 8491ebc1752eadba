import { createHash } from 'node:crypto';
import type { Catalog, CatalogChange, ChangeContext } from '../catalog/catalog.js';
import { ALL_TYPES, refId, type Info } from '../catalog/types.js';
import { xmlForm } from '../xml/tree.js';
import { keySlice, objectDigest, type KnownHashes } from '../datadir/object-hash.js';

/** Digest and object count of one node of the digest tree. */
export type TreeNode = { digest: string; objects: number };

/** A node of the tree (`type/scope`), with its leaves by key slice. */
interface Part {
  readonly id: string;
  readonly type: string;
  readonly scope: string;
  readonly acc: Uint32Array;
  n: number;
  readonly leaves: Array<Leaf | undefined>;
}

/** A leaf (`type/scope/xx`). */
interface Leaf {
  readonly id: string;
  readonly slice: number;
  readonly acc: Uint32Array;
  n: number;
  readonly part: Part;
}

/**
 * A digest of the whole configuration, updated with every change: the XOR of a hash of each
 * object (type, key, content). Two nodes with the same objects have the same digest, whatever
 * order they applied changes in; equal cursors with different digests mean divergence. Each object
 * is hashed in the form it has once written to its XML file and read back (after a restart or a
 * reload): there, a list of one is its single element, and must hash alike.
 *
 * The same digest is kept per part, as a tree that resync walks down where it differs: a node per
 * type and workspace (`type/scope`: `w` and a hash of the workspace's name, or `g` for what no
 * workspace holds), under it 256 leaves (`type/scope/xx`, xx from a hash of the key). Each object
 * remembers its leaf record, so that it leaves the same one (its workspace may be renamed
 * meanwhile); a node keeps its leaves by slice, so that no id string is made per object.
 */
export class ConfigDigest {
  private acc = new Uint32Array(4);
  /** The object hash being counted, as four words. */
  private readonly word = new Uint32Array(4);
  private objects = 0;
  /** The nodes by id; and by type, then scope, for counting an object without making its id. */
  private parts = new Map<string, Part>();
  private partsByType = new Map<string, Map<string, Part>>();
  /** The leaf each object was counted in, by type and key. */
  private leafOfObject = new Map<string, Map<string, Leaf>>();
  private catalog: Catalog | undefined;
  /** The catalog whose changes this digest counts as they are made (follow). */
  private followed: Catalog | undefined;
  /** The scope id of each workspace name met. */
  private readonly scopeIds = new Map<string, string>();
  /** While a snapshot installs, changes are not counted one by one: reset() counts the result. */
  private paused = false;

  /**
   * Counts every change of the catalog from now on, starting from what was counted so far (an
   * empty catalog, or a reset()). Following a catalog from before a load counts each object as the
   * load adds it, with the hash the parsing threads computed (ChangeContext.hash): the load's
   * threads are still busy then, where a reset() after the load counted alone.
   */
  follow(catalog: Catalog): void {
    if (this.followed === catalog) return;
    if (this.followed) throw new Error('a digest follows one catalog');
    this.followed = this.catalog = catalog;
    catalog.onChange((change, ctx) => this.apply(change, ctx));
  }

  /** True when this digest counts the changes of this catalog as they are made. */
  follows(catalog: Catalog): boolean {
    return this.followed === catalog;
  }

  /**
   * Takes over what another digest counted (of a catalog this one's has adopted, a reload): the
   * other one is not used again.
   */
  adopt(other: ConfigDigest): void {
    this.paused = false;
    this.acc = other.acc;
    this.objects = other.objects;
    this.parts = other.parts;
    this.partsByType = other.partsByType;
    this.leafOfObject = other.leafOfObject;
    for (const [name, id] of other.scopeIds) this.scopeIds.set(name, id);
  }

  /**
   * Computes the digest of everything in the catalog now; later changes are looked up in it.
   * `known` gives the hash of an object when it was computed already.
   */
  reset(catalog: Catalog, known?: KnownHashes): void {
    this.catalog = catalog;
    this.paused = false;
    this.acc.fill(0);
    this.objects = 0;
    this.parts.clear();
    this.partsByType.clear();
    this.leafOfObject.clear();
    for (const type of ALL_TYPES) {
      const scopes = new ScopeMemo();
      for (const info of catalog.list(type)) {
        const key = catalog.keyOfObject(type, info);
        const at = known ? known.at(type, key, info) : -1;
        const scope = scopes.of(info, () => this.scopeOf(type, info));
        if (at >= 0) {
          this.countHanded(type, key, scope, known!.bytes, at);
        } else {
          this.readWords(objectHash(type, key, info), 0);
          this.countNew(type, key, scope, keySlice(key));
        }
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

  /** `ctx.hash`: the added object's hash, computed by the thread that read it. */
  apply(change: CatalogChange, ctx?: ChangeContext): void {
    if (this.paused) return;
    if (change.old) this.toggle(change.type, change.key, change.old, -1, change.normal?.old);
    if (change.new && ctx?.hash && change.op === 'add') this.countHanded(change.type, change.key, this.scopeOf(change.type, change.new), ctx.hash.bytes, ctx.hash.at);
    else if (change.new) this.toggle(change.type, change.key, change.new, 1, change.normal?.new);
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
      for (const [id, b] of this.parts) if (b.n > 0) out[id] = { digest: hex(b.acc), objects: b.n };
      return out;
    }
    const leaves: Leaf[] = [];
    for (const id of new Set(under)) for (const leaf of this.parts.get(id)?.leaves ?? []) if (leaf && leaf.n > 0) leaves.push(leaf);
    leaves.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const leaf of leaves) out[leaf.id] = { digest: hex(leaf.acc), objects: leaf.n };
    return out;
  }

  /** The leaf an object of this node is counted in. */
  leafOf(type: string, key: string): string | undefined {
    return this.leafOfObject.get(type)?.get(key)?.id;
  }

  /** `normal`: the object's normal form when the catalog computed it for this change already. */
  private toggle(type: string, key: string, info: Info, delta: 1 | -1, normal?: unknown): void {
    const ofType = this.objectsOf(type);
    const leaf = (delta < 0 ? ofType.get(key) : undefined) ?? this.leafIn(type, this.scopeOf(type, info), keySlice(key));
    if (delta > 0) ofType.set(key, leaf);
    else ofType.delete(key);
    this.readWords(objectHash(type, key, info, normal ?? xmlForm(info)), 0);
    this.countIn(leaf, delta);
  }

  /** Counts a new object whose hash was handed over: HASH_BYTES at `at` of `bytes` (object-hash.ts). */
  private countHanded(type: string, key: string, scope: string, bytes: Uint8Array, at: number): void {
    this.readWords(bytes, at);
    this.countNew(type, key, scope, bytes[at + 16]!);
  }

  /** Counts a new object, its hash in `word`, in the leaf of its scope and key slice. */
  private countNew(type: string, key: string, scope: string, slice: number): void {
    const leaf = this.leafIn(type, scope, slice);
    this.objectsOf(type).set(key, leaf);
    this.countIn(leaf, 1);
  }

  /** Takes the 16 bytes of an object hash at `at` as the four words to count. */
  private readWords(bytes: Uint8Array, at: number): void {
    for (let i = 0; i < 4; i++) {
      const b = at + i * 4;
      this.word[i] = ((bytes[b]! << 24) | (bytes[b + 1]! << 16) | (bytes[b + 2]! << 8) | bytes[b + 3]!) >>> 0;
    }
  }

  /** Counts the object hash in `word` in or out of its leaf, its node and the whole. */
  private countIn(leaf: Leaf, delta: 1 | -1): void {
    const { part } = leaf;
    const word = this.word;
    for (let i = 0; i < 4; i++) {
      this.acc[i] ^= word[i];
      leaf.acc[i] ^= word[i];
      part.acc[i] ^= word[i];
    }
    this.objects += delta;
    leaf.n += delta;
    part.n += delta;
    if (leaf.n === 0) part.leaves[leaf.slice] = undefined;
    if (part.n === 0) {
      this.parts.delete(part.id);
      this.partsByType.get(part.type)?.delete(part.scope);
    }
  }

  private objectsOf(type: string): Map<string, Leaf> {
    let ofType = this.leafOfObject.get(type);
    if (!ofType) this.leafOfObject.set(type, (ofType = new Map()));
    return ofType;
  }

  /** The leaf of a type, scope and key slice, made when first needed. */
  private leafIn(type: string, scope: string, slice: number): Leaf {
    let scopes = this.partsByType.get(type);
    if (!scopes) this.partsByType.set(type, (scopes = new Map()));
    let part = scopes.get(scope);
    if (!part) {
      const id = `${type}/${scope}`;
      part = { id, type, scope, acc: new Uint32Array(4), n: 0, leaves: new Array<Leaf | undefined>(256).fill(undefined) };
      scopes.set(scope, part);
      this.parts.set(id, part);
    }
    let leaf = part.leaves[slice];
    if (!leaf) part.leaves[slice] = leaf = { id: `${part.id}/${slice.toString(16).padStart(2, '0')}`, slice, acc: new Uint32Array(4), n: 0, part };
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

/**
 * Scopes met during one reset, by the one reference that decides an object's scope when that is
 * all it holds (a workspace, a namespace or a store): the objects of a store all share theirs.
 */
class ScopeMemo {
  private readonly byRef = new Map<string, string>();

  of(info: Info, compute: () => string): string {
    const ref = refId(info.workspace) ?? refId(info.namespace) ?? refId(info.store);
    if (ref === undefined) return compute();
    let scope = this.byRef.get(ref);
    if (scope === undefined) this.byRef.set(ref, (scope = compute()));
    return scope;
  }
}

/** The hash of one object as the digest counts it. */
export function objectHash(type: string, key: string, info: Info, normal: unknown = xmlForm(info)): Buffer {
  return objectDigest(type, key, JSON.stringify(normal));
}

function hex(acc: Uint32Array): string {
  return Array.from(acc, (n) => n.toString(16).padStart(8, '0')).join('');
}
