import type { Catalog, CatalogChange, ChangeContext } from '../catalog/catalog.js';
import { nameOf, scopeOf } from '../catalog/catalog.js';
import { removeCascade } from '../catalog/cascade.js';
import { CatalogError } from '../catalog/errors.js';
import { isConfigType, type Info, type InfoType } from '../catalog/types.js';
import type { ResourceChange, ResourceStore } from '../datadir/resources.js';
import type { Logger } from '../logger.js';
import type { XValue } from '../xml/tree.js';
import type { DeadLetters } from './dead-letters.js';
import { ClusterSecret, EnvelopeError, PROTOCOL_VERSION, isSealed, mapSensitive, sha256, validateEnvelope, type Envelope } from './envelope.js';
import { compareStamps, HybridClock, type Stamp } from './hlc.js';
import type { Journal } from './journal.js';

export type ReceiveResult = 'applied' | 'stale' | 'duplicate' | 'held' | 'ignored' | 'conflict' | 'rejected';

export interface ReplicatorOptions {
  instanceName: string;
  group: string;
  catalog: Catalog;
  resources: ResourceStore;
  journal: Journal;
  deadLetters: DeadLetters;
  log: Logger;
  secret?: ClusterSecret;
  /** Asks peers for the events of `origin` after `seq` (a gap to fill). */
  requestRepair: (origin: string, afterSeq: number) => void;
}

const MAX_HELD = 200_000;

/**
 * The protocol of DESIGN §3 on one node. Local changes become signed envelopes in the journal
 * (the outbox); envelopes from peers are checked, de-duplicated, held back until gapless and
 * causally ready, and applied last-writer-wins, each in the same transaction as its journal entry.
 */
export class Replicator {
  readonly clock: HybridClock;
  private readonly held = new Map<string, Map<number, Envelope>>();
  private heldCount = 0;
  readonly counters = { published: 0, applied: 0, stale: 0, duplicates: 0, ignored: 0, conflicts: 0, rejected: 0, held: 0 };
  /** Events applied and dead-lettered, per origin (for metrics). */
  readonly byOrigin = new Map<string, { applied: number; rejected: number }>();
  lastError: string | undefined;

  constructor(private readonly o: ReplicatorOptions) {
    this.clock = new HybridClock(o.instanceName);
  }

  /** The cluster secret changed (POST /rest/cluster): sign and verify with the new one. */
  useSecret(secret: ClusterSecret | undefined): void {
    this.o.secret = secret;
  }

  attach(): void {
    this.o.catalog.onChange((change, ctx) => this.onCatalogChange(change, ctx));
    this.o.resources.onChange((change, ctx) => this.onResourceChange(change, ctx));
  }

  // ---- local changes: journal first (outbox), published after commit ----

  private onCatalogChange(change: CatalogChange, ctx: ChangeContext): void {
    if (ctx.source !== 'local') return;
    const config = isConfigType(change.type);
    const op = change.op === 'remove' ? 'remove' : config ? 'put' : change.op;
    const obj = change.new;
    this.record({ op, type: change.type, id: change.key, name: display(change.type, obj ?? change.old), object: obj ? this.seal(obj) : undefined, params: paramsOf(ctx) });
  }

  private onResourceChange(change: ResourceChange, ctx: ChangeContext): void {
    if (ctx.source !== 'local') return;
    const files = change.data ? [{ path: change.path, sha256: sha256(change.data), data: change.data.toString('base64') }] : undefined;
    this.record({ op: change.op, type: 'resource', id: change.path, files });
  }

  private record(body: Pick<Envelope, 'op' | 'type' | 'id' | 'name' | 'object' | 'files' | 'params'>): void {
    const { journal, instanceName, group } = this.o;
    const stamp = this.clock.tick();
    const deps = journal.cursors();
    delete deps[instanceName];
    let env: Envelope = { v: PROTOCOL_VERSION, group, origin: instanceName, seq: journal.cursor(instanceName) + 1, hlc: [stamp.l, stamp.c], deps, ...clean(body) };
    if (this.o.secret) env = this.o.secret.sign(env);
    journal.append(env, true);
    journal.setVersion(versionKey(env), { type: env.type, stamp, deleted: env.op === 'remove' || env.op === 'delete' });
    this.counters.published++;
  }

  /** An object as it travels: its sensitive fields (passwords, their hashes) encrypted with the cluster secret. */
  seal(obj: Info): XValue {
    const secret = this.o.secret;
    return secret ? mapSensitive(obj, (s) => (isSealed(s) ? s : secret.encrypt(s))) : obj;
  }

  /** An object as it travelled, with its sealed (encrypted) fields opened. */
  unseal(obj: XValue): Info {
    const secret = this.o.secret;
    return mapSensitive(obj, (s) => (isSealed(s) && secret ? secret.decrypt(s) : s)) as Info;
  }

  // ---- changes from peers ----

  /** Takes one message from a peer or a broker. Never throws: a bad message is dead-lettered. */
  receive(message: string | object, via: string): ReceiveResult {
    let raw: Record<string, unknown>;
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    try {
      raw = typeof message === 'string' ? JSON.parse(message) : (message as Record<string, unknown>);
    } catch {
      return this.reject(`not JSON`, via, text);
    }
    if (typeof raw !== 'object' || raw === null) return this.reject('not a JSON object', via, text);
    if (raw.group !== undefined && raw.group !== this.o.group && raw.v === PROTOCOL_VERSION) {
      this.counters.ignored++;
      return 'ignored';
    }
    const origin = typeof raw.origin === 'string' ? raw.origin : undefined;
    if (origin === this.o.instanceName) return this.duplicate();
    if (origin && typeof raw.seq === 'number' && raw.seq <= this.o.journal.cursor(origin)) return this.duplicate();
    let env: Envelope;
    try {
      env = validateEnvelope(raw);
    } catch (err) {
      return this.reject((err as EnvelopeError).message, via, text, origin, raw.seq as number);
    }
    if (this.o.secret) {
      if (!env.sig) return this.reject('unsigned envelope (this cluster has a secret)', via, text, env.origin, env.seq);
      if (!this.o.secret.verify(env)) return this.reject('signature does not match (forged or altered envelope)', via, text, env.origin, env.seq);
    }
    if (env.seq > this.o.journal.cursor(env.origin) + 1 || !this.depsMet(env)) return this.hold(env);
    const result = this.applyOne(env, via);
    this.drain();
    return result;
  }

  private tally(origin: string, what: 'applied' | 'rejected'): void {
    let t = this.byOrigin.get(origin);
    if (!t) this.byOrigin.set(origin, (t = { applied: 0, rejected: 0 }));
    t[what]++;
  }

  private duplicate(): ReceiveResult {
    this.counters.duplicates++;
    return 'duplicate';
  }

  private reject(reason: string, via: string, raw: string, origin?: string, seq?: number): ReceiveResult {
    this.counters.rejected++;
    this.tally(origin ?? 'unknown', 'rejected');
    this.lastError = `rejected a message from ${via}: ${reason}`;
    this.o.log.warn({ via, origin, seq, reason }, 'message rejected and dead-lettered');
    this.o.deadLetters.add({ reason, via, origin, seq: typeof seq === 'number' ? seq : undefined, raw });
    return 'rejected';
  }

  private depsMet(env: Envelope): boolean {
    for (const [origin, seq] of Object.entries(env.deps)) {
      if (origin === this.o.instanceName) continue;
      if (this.o.journal.cursor(origin) < seq) return false;
    }
    return true;
  }

  private hold(env: Envelope): ReceiveResult {
    let byOrigin = this.held.get(env.origin);
    if (!byOrigin) this.held.set(env.origin, (byOrigin = new Map()));
    if (!byOrigin.has(env.seq) && this.heldCount < MAX_HELD) {
      byOrigin.set(env.seq, env);
      this.heldCount++;
    }
    this.counters.held++;
    const cursor = this.o.journal.cursor(env.origin);
    if (env.seq > cursor + 1) this.o.requestRepair(env.origin, cursor);
    for (const [origin, seq] of Object.entries(env.deps)) {
      if (origin !== this.o.instanceName && this.o.journal.cursor(origin) < seq) this.o.requestRepair(origin, this.o.journal.cursor(origin));
    }
    return 'held';
  }

  /** Applies every held event that has become ready, until none is. */
  private drain(): void {
    let progress = true;
    while (progress && this.heldCount > 0) {
      progress = false;
      for (const [origin, byOrigin] of this.held) {
        for (const seq of [...byOrigin.keys()]) if (seq <= this.o.journal.cursor(origin)) { byOrigin.delete(seq); this.heldCount--; }
        const next = byOrigin.get(this.o.journal.cursor(origin) + 1);
        if (next && this.depsMet(next)) {
          byOrigin.delete(next.seq);
          this.heldCount--;
          this.applyOne(next, 'held');
          progress = true;
        }
      }
    }
  }

  get heldBack(): number {
    return this.heldCount;
  }

  /** Applies one ready event: last writer wins by stamp; the journal records it either way. */
  private applyOne(env: Envelope, via: string): ReceiveResult {
    const stamp: Stamp = { l: env.hlc[0], c: env.hlc[1], o: env.origin };
    this.clock.observe(stamp);
    const key = versionKey(env);
    const current = this.o.journal.version(key);
    if (current && compareStamps(stamp, current.stamp) <= 0) {
      this.o.journal.append(env, false);
      this.counters.stale++;
      return 'stale';
    }
    const ctx: ChangeContext = { source: 'replica', params: env.params, meta: { origin: env.origin, seq: env.seq } };
    let result: ReceiveResult = 'applied';
    try {
      result = env.type === 'resource' ? this.applyResource(env, ctx) : this.applyObject(env, stamp, ctx);
    } catch (err) {
      this.o.journal.append(env, false);
      this.counters.rejected++;
      this.tally(env.origin, 'rejected');
      this.lastError = `could not apply ${env.origin}#${env.seq} (${env.op} ${env.type} ${env.name ?? env.id}): ${(err as Error).message}`;
      this.o.log.warn({ origin: env.origin, seq: env.seq, err: (err as Error).message }, 'event could not be applied; dead-lettered');
      this.o.deadLetters.add({ reason: (err as Error).message, via, origin: env.origin, seq: env.seq, raw: JSON.stringify(env) });
      return 'rejected';
    }
    this.o.journal.append(env, result === 'applied');
    if (result === 'applied') {
      this.o.journal.setVersion(key, { type: env.type, stamp, deleted: env.op === 'remove' || env.op === 'delete' });
      this.counters.applied++;
      this.tally(env.origin, 'applied');
    }
    return result;
  }

  private applyResource(env: Envelope, ctx: ChangeContext): ReceiveResult {
    if (env.op === 'delete') this.o.resources.delete(env.id, ctx);
    else this.o.resources.put(env.id, Buffer.from(env.files![0].data, 'base64'), ctx);
    return 'applied';
  }

  private applyObject(env: Envelope, stamp: Stamp, ctx: ChangeContext): ReceiveResult {
    const { catalog } = this.o;
    const type = env.type as InfoType;
    if (env.op === 'remove') {
      if (!catalog.get(type, env.id)) return 'applied';
      try {
        catalog.remove(type, env.id, ctx);
      } catch (err) {
        // something was added under it concurrently elsewhere: the removal wins everywhere
        if (!(err instanceof CatalogError) || err.code !== 'in_use') throw err;
        removeCascade(catalog, type, env.id, ctx);
      }
      return 'applied';
    }
    const obj = this.unseal(env.object!);
    try {
      catalog.put(type, obj, ctx, env.id);
      return 'applied';
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      if (err.code === 'duplicate') return this.nameConflict(env, type, obj, stamp, ctx);
      if (err.code === 'dangling_reference') return this.orphan(env, err);
      throw err;
    }
  }

  /** Two objects claim one name: the newer stamp keeps it, the other is set aside, on every node alike. */
  private nameConflict(env: Envelope, type: InfoType, obj: Info, stamp: Stamp, ctx: ChangeContext): ReceiveResult {
    const { catalog, journal } = this.o;
    const name = nameOf(type, obj);
    const holder = name === undefined ? undefined : catalog.byName(type, scopeOf(type, obj), name);
    if (!holder || holder.id === env.id) throw new CatalogError('duplicate', `name conflict on ${type} '${name}' with no holder`);
    const holderKey = catalog.keyOfObject(catalog.typeOf(holder.id!)!, holder);
    const holderStamp = journal.version(holderKey)?.stamp ?? { l: 0, c: 0, o: '' };
    this.counters.conflicts++;
    if (compareStamps(stamp, holderStamp) > 0) {
      journal.recordConflict(name!, { type, name, winner: env.id, setAside: holderKey, object: holder });
      this.lastError = `name conflict on ${type} '${name}': ${env.id} (newer) replaces ${holderKey}`;
      removeCascade(catalog, catalog.typeOf(holder.id!)!, holderKey, ctx, { keepNamespace: true });
      journal.setVersion(holderKey, { type: catalog.typeOf(holderKey) ?? type, stamp: holderStamp, deleted: true });
      catalog.put(type, obj, ctx, env.id);
      return 'applied';
    }
    journal.recordConflict(name!, { type, name, winner: holderKey, setAside: env.id, object: obj });
    this.lastError = `name conflict on ${type} '${name}': ${env.id} (older) set aside, ${holderKey} keeps the name`;
    journal.setVersion(env.id, { type, stamp, deleted: true });
    return 'conflict';
  }

  /** An object whose parent was removed (or set aside) elsewhere cannot exist: set it aside too. */
  private orphan(env: Envelope, err: CatalogError): ReceiveResult {
    this.o.journal.recordConflict(env.id, { type: env.type, name: env.name, setAside: env.id, reason: err.message });
    this.counters.conflicts++;
    this.lastError = `${env.type} ${env.name ?? env.id} from ${env.origin} set aside: ${err.message}`;
    return 'conflict';
  }
}

/** Files and objects have separate version keys so a path can never collide with an id. */
function versionKey(env: Pick<Envelope, 'type' | 'id'>): string {
  return env.type === 'resource' ? `resource:${env.id}` : env.id;
}

function display(type: InfoType, info: Info | undefined): string | undefined {
  if (!info) return undefined;
  const n = nameOf(type, info);
  return n ?? (typeof info.name === 'string' ? info.name : undefined);
}

function paramsOf(ctx: ChangeContext): Record<string, string> | undefined {
  return ctx.params?.purge !== undefined ? { purge: ctx.params.purge } : undefined;
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
