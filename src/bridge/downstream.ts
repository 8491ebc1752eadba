import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Catalog } from '../catalog/catalog.js';
import type { Info } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import { firstLine, GeoServerUnavailable, type GeoServerClient, type RestAnswer } from './geoserver-client.js';
import type { CursorStore, BridgePosition } from './cursor-store.js';
import { planChange, type Change, type PlanContext, type Step } from './rest-calls.js';

/** A change the node applied, as the bridge reads it from the node's journal (src/cluster/change-feed.ts). */
export interface FedChange extends Change {
  lsn: number;
  origin: string;
  seq: number;
  applied: boolean;
}

/** The node's journal as the bridge reads it; implemented by src/cluster/change-feed.ts, wired in main.ts. */
export interface ChangeFeed {
  /** Committed changes after an lsn, in journal order. */
  after(lsn: number, limit: number): FedChange[];
  head(): number;
  cursors(): Record<string, number>;
  horizons(): Record<string, number>;
  installs(): number;
  /** A copy with its secrets (passwords, keys, tokens) masked, for what the bridge writes down. */
  redact(obj: Info): Info;
}

/** The node's whole state now, for a full pass: every object and every style body, in an order GeoServer accepts. */
export type CurrentState = () => Iterable<Change & { key?: string }>;

export interface DownstreamOptions {
  feed: ChangeFeed;
  state: CurrentState;
  catalog: Catalog;
  client: GeoServerClient;
  store: CursorStore;
  /** Folder of refused changes (one JSON file each), in the cluster folder. */
  deadLetterDir: string;
  log: Logger;
  /** How often an idle bridge looks for new changes, in ms; `changed` wakes it sooner. */
  pollMs?: number;
  /** Registers a call made on every change the node applies (before it is committed). */
  changed?: (listener: () => void) => void;
}

export interface BridgeStatus {
  url: string;
  /** The GeoServer answered the last call (whatever it answered). */
  connected: boolean;
  state: 'starting' | 'converging' | 'following' | 'waiting' | 'stopped';
  cursor: number;
  head: number;
  /** Journal positions not yet handled. */
  lag: number;
  applied: number;
  refused: number;
  skipped: number;
  fullPasses: number;
  lastError?: string;
  lastRefusal?: { at: string; type: string; id: string; status: number; message: string };
}

/**
 * Keeps one GeoServer in step with this node: follows every change the node applies (its journal,
 * in lsn order) and sends each as GeoServer REST calls (rest-calls.ts), once, from a persisted
 * cursor (cursor-store.ts). While the GeoServer is down or starting the same call is retried with
 * back-off; a refusal is counted, kept as a dead letter, and the next change goes on. When the
 * journal no longer holds every change since the cursor (compacted, or a snapshot replaced the
 * state), or on the very first start, a full pass sends the whole state instead.
 */
export class Downstream {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly counters = { applied: 0, refused: 0, skipped: 0, fullPasses: 0 };
  private connected = false;
  private state: BridgeStatus['state'] = 'starting';
  private lastError: string | undefined;
  private lastRefusal: BridgeStatus['lastRefusal'];
  private readonly ctx: PlanContext;
  /** Ends the current idle wait early: a change was applied. */
  private wake: (() => void) | undefined;

  constructor(private readonly o: DownstreamOptions) {
    const { store, catalog } = o;
    // refusals are counted since the bridge began: its dead letters stay until an operator removes them
    this.counters.refused = deadLetterCount(o.deadLetterDir);
    this.ctx = {
      catalog,
      base: o.client.url,
      sent: (id) => store.sent(id),
      known: (id) => {
        const sent = store.sent(id);
        if (sent) return sent;
        const found = catalog.find(id);
        return found ? { type: found.type, info: found.info } : undefined;
      },
    };
  }

  start(): void {
    // the group commit makes a change readable at the end of its turn (setImmediate): look just after
    this.o.changed?.(() => setTimeout(() => this.wake?.(), 1));
    this.loop = this.run().catch((err: Error) => {
      this.o.log.error({ err: err.message }, 'the GeoServer bridge stopped');
      this.state = 'stopped';
    });
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.state = 'stopped';
  }

  status(): BridgeStatus {
    const cursor = this.o.store.position().lsn;
    const head = this.o.feed.head();
    const out: BridgeStatus = { url: this.o.client.url, connected: this.connected, state: this.state, cursor, head, lag: Math.max(0, head - cursor), ...this.counters };
    if (this.lastError) out.lastError = this.lastError;
    if (this.lastRefusal) out.lastRefusal = this.lastRefusal;
    return out;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.needsFullPass()) await this.fullPass();
      const batch = this.o.feed.after(this.o.store.position().lsn, 256);
      if (batch.length === 0) {
        if (this.state !== 'waiting') this.state = 'following';
        await this.idle();
        continue;
      }
      for (const change of batch) {
        if (this.stopped || this.needsFullPass()) break;
        await this.follow(change);
      }
    }
  }

  /** Waits for the next poll, a change, or close. */
  private async idle(): Promise<void> {
    const wait = new AbortController();
    const closed = () => wait.abort();
    this.abort.signal.addEventListener('abort', closed, { once: true });
    this.wake = closed;
    await delay(this.o.pollMs ?? 20, undefined, { signal: wait.signal }).catch(() => undefined);
    this.abort.signal.removeEventListener('abort', closed);
    this.wake = undefined;
  }

  /** First start, a snapshot install, or compaction past what the bridge handled. */
  private needsFullPass(): boolean {
    const pos = this.o.store.position();
    if (!pos.seeded || this.o.feed.installs() !== pos.installs) return true;
    return Object.entries(this.o.feed.horizons()).some(([origin, seq]) => (pos.seqs[origin] ?? 0) < seq);
  }

  /** One change of the journal: sent unless it lost to a newer version, then the cursor moves past it. */
  private async follow(change: FedChange): Promise<void> {
    const pos = this.o.store.position();
    const next: BridgePosition = { ...pos, lsn: change.lsn, seqs: { ...pos.seqs, [change.origin]: Math.max(pos.seqs[change.origin] ?? 0, change.seq) } };
    if (!change.applied) {
      this.o.store.record(next, undefined, undefined);
      return;
    }
    const mirror = await this.send(change);
    if (this.stopped && mirror === 'interrupted') return;
    this.o.store.record(next, change.type === 'resource' ? undefined : change.id, mirror === 'interrupted' ? undefined : mirror);
  }

  /**
   * Sends one change; returns what the mirror should now hold for it (null: removed, undefined:
   * unchanged), or 'interrupted' when the bridge closed while the GeoServer was unavailable.
   */
  private async send(change: Change): Promise<{ type: string; info: Info } | null | undefined | 'interrupted'> {
    const plan = planChange(this.ctx, change);
    if ('skipped' in plan) {
      this.counters.skipped++;
      this.o.log.debug({ type: change.type, id: change.id }, `not sent to the GeoServer: ${plan.skipped}`);
      return undefined;
    }
    for (const step of plan.steps) {
      const answer = await this.runStep(step);
      if (answer === 'interrupted') return 'interrupted';
      if (answer) {
        this.refuse(change, step, answer);
        return undefined;
      }
    }
    this.counters.applied++;
    const removed = change.op === 'remove' || change.op === 'delete';
    return removed ? null : change.object ? { type: change.type, info: pathFields(change.type, change.object) } : undefined;
  }

  /** Runs a step and its fallbacks; returns the refusal, if the GeoServer refused. */
  private async runStep(step: Step): Promise<RestAnswer | undefined | 'interrupted'> {
    let answer = await this.call(step.call);
    if (answer === 'interrupted') return answer;
    for (const alt of step.otherwise ?? []) {
      if (ok(answer) || step.done?.(answer)) break;
      if (!alt.when(answer)) continue;
      answer = await this.call(alt.call);
      if (answer === 'interrupted') return answer;
    }
    return ok(answer) || step.done?.(answer) ? undefined : answer;
  }

  private async call(call: Step['call']): Promise<RestAnswer | 'interrupted'> {
    try {
      const answer = await this.o.client.sendRetrying(call, this.abort.signal, (err, attempt) => {
        if (this.connected || attempt === 1) this.o.log.warn({ err: err.message }, 'the GeoServer is not answering: retrying with back-off');
        this.connected = false;
        this.state = 'waiting';
        this.lastError = err.message;
      });
      if (!this.connected) this.o.log.info({ url: this.o.client.url }, 'the GeoServer answers');
      this.connected = true;
      if (this.state === 'waiting') this.state = 'following';
      return answer;
    } catch (err) {
      if (err instanceof GeoServerUnavailable) return 'interrupted';
      throw err;
    }
  }

  /** A change the GeoServer refused: counted, kept as a dead letter, shown in status; the next one goes on. */
  private refuse(change: Change, step: Step, answer: RestAnswer): void {
    this.counters.refused++;
    const message = firstLine(answer.text);
    const at = new Date().toISOString();
    this.lastRefusal = { at, type: change.type, id: change.id, status: answer.status, message };
    this.lastError = `${step.call.method} ${step.call.path}: ${answer.status} ${message}`;
    this.o.log.warn({ type: change.type, id: change.id, status: answer.status, call: `${step.call.method} ${step.call.path}` }, `the GeoServer refused a change: ${message}`);
    const letter = { at, reason: `${answer.status} ${message}`, call: { method: step.call.method, path: step.call.path }, change: { op: change.op, type: change.type, id: change.id, object: change.object && this.o.feed.redact(change.object), data: change.data?.toString('base64') } };
    fs.mkdirSync(this.o.deadLetterDir, { recursive: true });
    const file = path.join(this.o.deadLetterDir, `${at.replace(/[:.]/g, '-')}-${this.counters.refused}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(letter, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  }

  /**
   * The whole state, sent again: every object now (idempotent adds), then removals of what the
   * GeoServer was sent and the node no longer has. Changes committed meanwhile follow afterwards.
   */
  private async fullPass(): Promise<void> {
    this.state = 'converging';
    const head = this.o.feed.head();
    const start: BridgePosition = { lsn: head, seqs: this.o.feed.cursors(), installs: this.o.feed.installs(), seeded: true };
    const state = this.o.state(); // taken now, with the head: later changes follow from the journal
    this.o.log.info({ head }, 'GeoServer bridge: sending the whole state (first start, or the journal no longer holds every change since the cursor)');
    const seen = new Set<string>();
    const pos = this.o.store.position();
    for (const change of state) {
      if (this.stopped) return;
      const key = change.key ?? change.id;
      seen.add(key);
      const mirror = await this.send(change);
      if (mirror === 'interrupted') return;
      this.o.store.record(pos, change.type === 'resource' ? undefined : key, mirror);
    }
    const gone = [...this.o.store.keys()].filter(([key]) => !seen.has(key)).reverse();
    for (const [key, sent] of gone) {
      const mirror = await this.send({ op: 'remove', type: sent.type, id: key });
      if (mirror === 'interrupted') return;
      this.o.store.record(pos, key, null);
    }
    this.o.store.record(start, undefined, undefined);
    this.counters.fullPasses++;
  }
}

/**
 * What the mirror keeps of an object: the fields its paths and its removal are made of (names and
 * the references to its workspace, store or resource), not the whole object, so that it stays small
 * next to the catalog. Blob stores are kept whole: their name is inside their type element.
 */
const PATH_FIELDS = new Set(['name', 'prefix', 'workspace', 'store', 'resource', 'filename', 'service', 'user', 'group', 'role', 'layer', 'access', 'method', 'pattern', 'methods', 'roles', 'mode', 'defaultWorkspace']);

function pathFields(type: string, info: Info): Info {
  if (type === 'blobStore') return info;
  return Object.fromEntries(Object.entries(info).filter(([k]) => PATH_FIELDS.has(k))) as Info;
}

function deadLetterCount(dir: string): number {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).length;
  } catch {
    return 0;
  }
}

function ok(a: RestAnswer): boolean {
  return a.status >= 200 && a.status < 300;
}
