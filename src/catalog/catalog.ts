import { deepEqual, isXObject, textOf, xmlForm, type XValue } from '../xml/tree.js';
import { CatalogError, fail } from './errors.js';
import { checkIntegrity, checkRemovable } from './integrity.js';
import { ALL_TYPES, isConfigType, isGwcType, type GwcType, isResourceType, isStoreType, label, type InfoType } from './kinds.js';
import { nameOf, scopeOf } from './names.js';
import { refsOf, type HeldRef } from './refs.js';
import { configKey, refId, type Info, type InfoOf, type LayerInfo, type NamespaceInfo } from './types.js';

/** Who made a change: carried with every change so that replication never echoes it back. */
export interface ChangeContext {
  /** local: REST/UI on this node; replica: applied from another node; load: read from disk. */
  source: 'local' | 'replica' | 'load';
  /** REST query parameters that matter to persistence, such as `purge`. */
  params?: Readonly<Record<string, string>>;
  /** Opaque data the cluster attaches to a change (origin, stamp). */
  meta?: unknown;
  /**
   * An added object's configuration digest hash, when the thread that read it computed it (a
   * load): HASH_BYTES at `at` of `bytes` (src/datadir/object-hash.ts).
   */
  hash?: { bytes: Uint8Array; at: number };
}

export interface CatalogChange {
  op: 'add' | 'modify' | 'remove';
  type: InfoType;
  /** The object's id; for configuration objects, their slot key (see configKey). */
  key: string;
  old?: Info;
  new?: Info;
  /**
   * The normal forms (xmlForm) of old and new, when the catalog computed them to compare the two
   * (a modify): a listener that needs them (the cluster's digest) uses these instead of
   * computing them again.
   */
  normal?: { old: XValue | undefined; new: XValue | undefined };
}

export type CatalogListener = (change: CatalogChange, ctx: ChangeContext) => void;

/**
 * The in-memory catalog and configuration: every object by id, name indexes for each scope, the
 * references between objects, and GeoServer's integrity rules. All changes, whoever makes them,
 * go through add / modify / remove here, and each emits one change with the whole old and new
 * object. Objects handed out must be treated as immutable: a change replaces the object.
 */
export class Catalog {
  private readonly byType = new Map<InfoType, Map<string, Info>>();
  private readonly typeOfKey = new Map<string, InfoType>();
  private readonly nameIndex = new NameIndex();
  /**
   * The keys of the objects that refer to an id: one key alone as a string (most ids, a resource's
   * by its layer), a set from the second on. A set per referenced id was a tenth of a big catalog's
   * index memory.
   */
  private readonly referrers = new Map<string, string | Set<string>>();
  private readonly layerOfResource = new Map<string, string>();
  private readonly namespaceOfUri = new Map<string, string>();
  private readonly listeners: CatalogListener[] = [];
  /** Refuses local changes when this node may not make them (a pure slave); throws CatalogError. */
  private readonly localGuard: ((ctx: ChangeContext) => void) | undefined;

  constructor(options: { localGuard?: (ctx: ChangeContext) => void } = {}) {
    this.localGuard = options.localGuard;
    for (const t of ALL_TYPES) this.byType.set(t, new Map());
  }

  onChange(listener: CatalogListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  // ---- reading ----

  get<K extends InfoType>(type: K, key: string): InfoOf<K> | undefined {
    return this.byType.get(type)!.get(key) as InfoOf<K> | undefined;
  }

  /** Finds an object of any catalog type by id. */
  find(key: string): { type: InfoType; info: Info } | undefined {
    const type = this.typeOfKey.get(key);
    if (!type) return undefined;
    return { type, info: this.byType.get(type)!.get(key)! };
  }

  typeOf(key: string): InfoType | undefined {
    return this.typeOfKey.get(key);
  }

  list<K extends InfoType>(type: K): IterableIterator<InfoOf<K>> {
    return this.byType.get(type)!.values() as IterableIterator<InfoOf<K>>;
  }

  count(type?: InfoType): number {
    if (type) return this.byType.get(type)!.size;
    let n = 0;
    for (const m of this.byType.values()) n += m.size;
    return n;
  }

  /** Looks an object up by its name in its scope (see scopeOf). */
  byName<K extends InfoType>(type: K, scope: string, name: string): InfoOf<K> | undefined {
    const key = this.nameIndex.get(scopeGroup(type), scope, name);
    return key === undefined ? undefined : (this.get(this.typeOfKey.get(key)!, key) as InfoOf<K> | undefined);
  }

  /** Objects that refer to the given id, with their type. */
  referrersOf(key: string): Array<{ type: InfoType; info: Info }> {
    const held = this.referrers.get(key);
    if (held === undefined) return [];
    const keys = typeof held === 'string' ? [held] : [...held];
    // a stable order, whatever order objects were loaded or added in: messages and cascades
    // name the same object on every node and every run (global before workspace objects, then by name)
    return keys
      .map((k) => this.find(k)!)
      .filter(Boolean)
      .sort((a, b) => {
        const x = referrerOrder(a.type, a.info);
        const y = referrerOrder(b.type, b.info);
        return x < y ? -1 : x > y ? 1 : 0;
      });
  }

  /** The key of an object found by find() or referrersOf(). */
  keyOfObject(type: InfoType, info: Info): string {
    return keyOf(type, info);
  }

  namespaceByUri(uri: string): NamespaceInfo | undefined {
    const id = this.namespaceOfUri.get(uri);
    return id === undefined ? undefined : this.get('namespace', id);
  }

  layerOf(resourceId: string): LayerInfo | undefined {
    const id = this.layerOfResource.get(resourceId);
    return id === undefined ? undefined : this.get('layer', id);
  }

  /**
   * Takes over every object of another catalog without emitting changes: a reload loads into a
   * fresh catalog and swaps it in, so requests during the reload still see the old state.
   */
  adopt(other: Catalog): void {
    this.clear();
    for (const [type, objects] of other.byType) for (const [key, info] of objects) this.byType.get(type)!.set(key, info);
    for (const [k, v] of other.typeOfKey) this.typeOfKey.set(k, v);
    this.nameIndex.copy(other.nameIndex);
    for (const [k, v] of other.referrers) this.referrers.set(k, v);
    for (const [k, v] of other.layerOfResource) this.layerOfResource.set(k, v);
    for (const [k, v] of other.namespaceOfUri) this.namespaceOfUri.set(k, v);
  }

  /** Forgets every object without emitting changes. */
  clear(): void {
    for (const m of this.byType.values()) m.clear();
    this.typeOfKey.clear();
    this.nameIndex.clear();
    this.referrers.clear();
    this.layerOfResource.clear();
    this.namespaceOfUri.clear();
  }

  // ---- changing ----

  /** Adds an object; what comes back is the same object, typed by what the rules have checked. */
  add<K extends InfoType>(type: K, info: Info, ctx: ChangeContext, key = keyOf(type, info)): InfoOf<K> {
    if (ctx.source === 'local') this.localGuard?.(ctx);
    if (this.typeOfKey.has(key)) fail('duplicate', `${label(type)} with id '${key}' already exists`);
    const refs = refsOf(type, info);
    checkIntegrity(this, type, info, undefined, refs);
    this.index(type, key, info, refs);
    this.emit({ op: 'add', type, key, new: info }, ctx);
    return info as InfoOf<K>;
  }

  /** Replaces an object with its new state (same id). Returns false when nothing changed. */
  modify(type: InfoType, info: Info, ctx: ChangeContext, key = keyOf(type, info)): boolean {
    if (ctx.source === 'local') this.localGuard?.(ctx);
    const old = this.get(type, key);
    if (!old) fail('not_found', `No such ${label(type)}: ${key}`);
    if (info.id !== old.id && !isConfigType(type)) fail('invalid', `the id of ${label(type)} '${key}' cannot change`);
    // the same object once written and read back: a list of one is its element (no event for that)
    const normal = { old: xmlForm(old), new: xmlForm(info) };
    if (deepEqual(normal.old, normal.new)) return false;
    const refs = refsOf(type, info);
    checkIntegrity(this, type, info, old, refs);
    this.unindex(type, key, old);
    this.index(type, key, info, refs);
    this.emit({ op: 'modify', type, key, old, new: info, normal }, ctx);
    return true;
  }

  remove(type: InfoType, key: string, ctx: ChangeContext): Info {
    if (ctx.source === 'local') this.localGuard?.(ctx);
    const old = this.get(type, key);
    if (!old) fail('not_found', `No such ${label(type)}: ${key}`);
    checkRemovable(this, type, key, old, ctx.source === 'local');
    this.unindex(type, key, old);
    this.emit({ op: 'remove', type, key, old }, ctx);
    if (type === 'workspace' || type === 'namespace') this.repairDefaults(ctx);
    return old;
  }

  /**
   * The default workspace and namespace follow removals as in GeoServer: when the default goes,
   * the first remaining one (by name) becomes the default.
   */
  private repairDefaults(ctx: ChangeContext): void {
    const key = configKey('defaults');
    const current = this.get('defaults', key);
    if (!current) return;
    const wsOk = this.get('workspace', refId(current.defaultWorkspace) ?? '');
    const nsOk = this.get('namespace', refId(current.defaultNamespace) ?? '');
    if (wsOk && (nsOk || current.defaultNamespace === undefined)) return;
    const first = (type: InfoType, field: string) =>
      [...this.list(type)].sort((a, b) => String(a[field]).localeCompare(String(b[field])))[0];
    const ws = wsOk ?? first('workspace', 'name');
    const ns = nsOk ?? (ws ? this.byName('namespace', '', String(ws.name)) : undefined) ?? first('namespace', 'prefix');
    if (!ws && !ns) {
      this.unindex('defaults', key, current);
      this.emit({ op: 'remove', type: 'defaults', key, old: current }, ctx);
      return;
    }
    const next: Info = {};
    if (ws) next.defaultWorkspace = { id: ws.id! };
    if (ns) next.defaultNamespace = { id: ns.id! };
    this.modify('defaults', next, ctx, key);
  }

  /** Adds or replaces, for configuration slots and for replicated state. */
  put(type: InfoType, info: Info, ctx: ChangeContext, key = keyOf(type, info)): Info {
    if (this.get(type, key)) this.modify(type, info, ctx, key);
    else this.add(type, info, ctx, key);
    return info;
  }

  // ---- internals ----

  private emit(change: CatalogChange, ctx: ChangeContext): void {
    for (const l of this.listeners) l(change, ctx);
  }

  /** `refs`: the references the object holds (refsOf), read once for the rules and the index. */
  private index(type: InfoType, key: string, info: Info, refs: HeldRef[]): void {
    this.byType.get(type)!.set(key, info);
    this.typeOfKey.set(key, type);
    const name = nameOf(type, info);
    if (name !== undefined) this.nameIndex.set(scopeGroup(type), scopeOf(type, info), name, key);
    for (const r of refs) this.addReferrer(r.id, key);
    if (type === 'layer') {
      const res = refId(info.resource);
      if (res) this.layerOfResource.set(res, key);
    }
    if (type === 'namespace' && typeof info.uri === 'string') this.namespaceOfUri.set(info.uri, key);
  }

  private unindex(type: InfoType, key: string, info: Info): void {
    this.byType.get(type)!.delete(key);
    this.typeOfKey.delete(key);
    const name = nameOf(type, info);
    if (name !== undefined) this.nameIndex.delete(scopeGroup(type), scopeOf(type, info), name, key);
    for (const r of refsOf(type, info)) this.removeReferrer(r.id, key);
    if (type === 'layer') {
      const res = refId(info.resource);
      if (res && this.layerOfResource.get(res) === key) this.layerOfResource.delete(res);
    }
    if (type === 'namespace' && typeof info.uri === 'string' && this.namespaceOfUri.get(info.uri) === key) this.namespaceOfUri.delete(info.uri);
  }

  private addReferrer(id: string, key: string): void {
    const held = this.referrers.get(id);
    if (held === undefined) this.referrers.set(id, key);
    else if (typeof held !== 'string') held.add(key);
    else if (held !== key) this.referrers.set(id, new Set([held, key]));
  }

  private removeReferrer(id: string, key: string): void {
    const held = this.referrers.get(id);
    if (held === key) this.referrers.delete(id);
    else if (typeof held === 'object') {
      held.delete(key);
      if (held.size === 0) this.referrers.delete(id);
    }
  }
}

/**
 * Object keys by name, per scope group and scope. The names and scopes are the strings the objects
 * hold: no composite key string is made per named object (two million of them at a million layers)
 * nor per lookup.
 */
class NameIndex {
  private readonly groups = new Map<string, Map<string, Map<string, string>>>();

  get(group: string, scope: string, name: string): string | undefined {
    return this.groups.get(group)?.get(scope)?.get(name);
  }

  set(group: string, scope: string, name: string, key: string): void {
    let scopes = this.groups.get(group);
    if (!scopes) this.groups.set(group, (scopes = new Map()));
    let names = scopes.get(scope);
    if (!names) scopes.set(scope, (names = new Map()));
    names.set(name, key);
  }

  /** Forgets the name if it still stands for this key. */
  delete(group: string, scope: string, name: string, key: string): void {
    const scopes = this.groups.get(group);
    const names = scopes?.get(scope);
    if (names?.get(name) !== key) return;
    names.delete(name);
    if (names.size === 0) scopes!.delete(scope);
  }

  copy(other: NameIndex): void {
    for (const [group, scopes] of other.groups) for (const [scope, names] of scopes) for (const [name, key] of names) this.set(group, scope, name, key);
  }

  clear(): void {
    this.groups.clear();
  }
}

/** The key an object is stored under: its id, or for configuration its slot (configKey). */
export function keyOf(type: InfoType, info: Info): string {
  if (isGwcType(type)) return gwcKeyOf(type, info);
  if (isConfigType(type)) {
    const ws = type === 'global' || type === 'logging' || type === 'defaults' ? undefined : refId(info.workspace);
    return configKey(type, ws);
  }
  if (typeof info.id !== 'string' || info.id === '') fail('invalid', `${label(type)} id must not be empty`);
  return info.id;
}

/**
 * GeoWebCache objects (src/gwc/model.ts): the singletons by their kind; a tile layer by the id of
 * its layer or group, a grid set by name, a blob store by id, each prefixed with its kind so that
 * a tile layer never shares a key with the layer it caches.
 */
function gwcKeyOf(type: GwcType, info: Info): string {
  if (type === 'gwcConfig' || type === 'gwcGlobals' || type === 'diskQuota') return type;
  let key: XValue | undefined;
  if (type === 'tileLayer') key = info.id;
  else if (type === 'gridSet') key = info.name;
  else {
    const types = Object.keys(info);
    const content = types.length === 1 ? info[types[0]] : undefined;
    key = isXObject(content) ? content.id : undefined;
  }
  const text = textOf(key);
  if (!text) fail('invalid', `${label(type)} without ${type === 'gridSet' ? 'a name' : 'an id'}`);
  return `${type}@${text}`;
}

function referrerOrder(type: InfoType, info: Info): string {
  const scoped = scopeOf(type, info) === '' ? '0' : '1';
  return `${type}\u0000${scoped}\u0000${nameOf(type, info) ?? ''}\u0000${info.id ?? ''}`;
}

/** Types that share one name space in one scope (all stores of a workspace, say). */
function scopeGroup(type: InfoType): string {
  if (isStoreType(type)) return 'store';
  if (isResourceType(type)) return 'resource';
  return type;
}

// kept here for the callers that read them from the catalog
export { CatalogError, label, nameOf, scopeOf };
