import type * as http from 'node:http';
import { replyError } from '../../http/reply.js';
import type { Logger } from '../../logger.js';
import type { HeartbeatSource, JournalPort, PeerTokens, RepairSource, SnapshotSource } from '../ports.js';

export const CLUSTER_PATH = '/geoserver/cluster';
export const TOKEN_HEADER = 'x-geocluster-token';
/**
 * Why a 409 refused a peer: `instance-name` (the subscriber uses this node's instanceName: its own
 * problem), `group` (another cluster group) or `refused` (this node itself was refused by the
 * cluster and serves nothing): for the last two, the subscriber just ignores this node.
 */
export const REFUSAL_HEADER = 'x-geocluster-refusal';
export type Refusal = 'instance-name' | 'group' | 'refused';
/** Events a repair page and a stream read of the journal hold at most. */
export const PAGE = 2000;

export interface JournalServerOptions {
  journal: JournalPort;
  /** Every request must carry a token made with the cluster secret: there is no open mode. */
  tokens: PeerTokens;
  log: Logger;
  /** This node's heartbeat, sent as the hello of every stream and on it once a second. */
  heartbeat: HeartbeatSource;
  /** The full state for a new node (DESIGN §3.4). */
  snapshot: SnapshotSource;
  /** Digest tree and objects by bucket, for a peer's resync. */
  repair?: RepairSource;
  /** Set while this node must serve nothing: another node already has its instanceName. */
  refusal?: () => string | undefined;
  /** Called when a peer with this node's instanceName keeps it: this node is the one refused. */
  onClash?: (why: string) => void;
}

interface Subscriber {
  res: http.ServerResponse;
  /** Waiting for the socket to drain before writing more. */
  paused: boolean;
  lastLsn: number;
  cursors: Record<string, number>;
  instance: string;
  /** The origins whose events it asked for; undefined: every origin (a subscriber that chose none). */
  origins?: Set<string>;
}

/**
 * Serves this node's journal to its peers on the node's own HTTP port: a stream (catch-up from
 * the subscriber's cursors, then live events and heartbeats), pages of one origin for repair,
 * and a snapshot for bootstrap. Every request must carry a token proving the peer knows the
 * cluster secret, bound to that one request and usable once.
 */
export class JournalServer {
  private readonly subscribers = new Set<Subscriber>();
  private readonly timer: NodeJS.Timeout;
  /** The highest journal position any stream has read: every event up to it is committed. */
  private head = 0;

  constructor(private readonly o: JournalServerOptions) {
    this.timer = setInterval(() => this.beat(), 1000);
    this.timer.unref();
  }

  /** Handles /geoserver/cluster/* requests; returns false for any other path. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(CLUSTER_PATH + '/')) return false;
    const what = url.pathname.slice(CLUSTER_PATH.length + 1);
    if (!['stream', 'journal', 'snapshot', 'digests', 'objects'].includes(what)) return false;
    req.resume();
    const verdict = this.o.tokens.checkToken(req.method ?? 'GET', url, header(req, TOKEN_HEADER));
    if (verdict !== 'ok') {
      this.o.log.warn({ path: url.pathname, from: req.socket.remoteAddress, verdict }, 'refused a cluster request without a valid token');
      replyError(res, 401, `A valid cluster token is required (the nodes must share the same secret): the token is ${verdict === 'invalid' ? 'missing or invalid' : verdict}`);
      return true;
    }
    const self = this.o.heartbeat.heartbeat();
    const instance = url.searchParams.get('instance') ?? '';
    const refused = this.o.refusal?.();
    if (refused) return refuse(res, 'refused', `the node at ${self.url ?? 'this address'} serves no events: ${refused}`);
    if (instance === self.instanceName) return this.clash(url, instance, self.url, res);
    const group = url.searchParams.get('group');
    if (group !== null && group !== self.group) return refuse(res, 'group', `the node at ${self.url ?? 'this address'} is in group '${self.group}', not '${group}'`);
    if (what === 'snapshot') {
      this.sendLines(res, this.o.snapshot.snapshot());
    } else if (what === 'digests' || what === 'objects') {
      this.repair(what, url, res);
    } else if (what === 'journal') {
      this.page(url, res);
    } else {
      this.stream(url, instance, self.instanceName, res);
    }
    return true;
  }

  /**
   * A subscriber with this node's instanceName: one of the two must give way, and both decide the
   * same. The one that has published more changes under the name keeps it (the node the cluster
   * knows, not a newcomer with a copied configuration), the lower URL on a tie. Each would
   * otherwise refuse the other, and whichever asked first would lock the other out, the node
   * that had the name included.
   */
  private clash(url: URL, instance: string, selfUrl: string | undefined, res: http.ServerResponse): true {
    const theirs = parseCursors(url.searchParams.get('cursors'))[instance] ?? 0;
    const mine = this.o.journal.cursors()[instance] ?? 0;
    const theirUrl = url.searchParams.get('url') ?? '';
    const here = selfUrl ?? 'this address';
    const yields = theirs > mine || (theirs === mine && theirUrl !== '' && selfUrl !== undefined && theirUrl < selfUrl);
    // a node without onClash (a broker node: the cluster refuses none) never gives its name up
    if (yields && this.o.onClash) {
      this.o.onClash(`instanceName '${instance}' is already used by the node at ${theirUrl || 'another address'}, which has published ${theirs} changes under it (this node ${mine}): every node needs its own instanceName`);
      return refuse(res, 'refused', `the node at ${here} gives instanceName '${instance}' up to you and serves no events`);
    }
    return refuse(res, 'instance-name', `instanceName '${instance}' is already used by the node at ${here}: every node needs its own instanceName`);
  }

  /** Sends new events to every live stream; called after each journal commit. */
  notify(): void {
    for (const s of this.subscribers) this.push(s);
  }

  close(): void {
    clearInterval(this.timer);
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
  }

  get streams(): number {
    return this.subscribers.size;
  }

  /** The digest tree, or the objects of the buckets named in `buckets` (comma-separated). */
  private repair(what: 'digests' | 'objects', url: URL, res: http.ServerResponse): void {
    if (!this.o.repair) return void replyError(res, 404, 'this node serves no resync');
    if (what === 'digests') {
      const under = url.searchParams.get('under');
      const body = JSON.stringify(this.o.repair.digestTree(under === null ? undefined : under.split(',').filter(Boolean)));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      return;
    }
    const buckets = (url.searchParams.get('buckets') ?? '').split(',').filter(Boolean);
    this.sendLines(res, this.o.repair.objects(buckets));
  }

  /** Writes NDJSON pieces as the socket drains: memory stays constant however large the answer is. */
  private sendLines(res: http.ServerResponse, lines: Iterable<string>): void {
    const pieces = lines[Symbol.iterator]();
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
    const pump = (): void => {
      while (!res.destroyed) {
        let chunk = '';
        for (let i = 0; i < 256; i++) {
          const next = pieces.next();
          if (next.done) {
            res.end(chunk);
            return;
          }
          chunk += next.value;
        }
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  private page(url: URL, res: http.ServerResponse): void {
    const origin = url.searchParams.get('origin') ?? '';
    const after = Number(url.searchParams.get('after') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? PAGE), 10 * PAGE);
    const rows = this.o.journal.eventsAfter(origin, after, limit);
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    res.end(rows.map((r) => r.text + '\n').join(''));
  }

  /**
   * A live stream: catch-up from the subscriber's cursors, then new events and heartbeats. The
   * subscriber may choose origins (`scope=own`: this node's own events; `origins`: a JSON list);
   * without either it gets every origin but its own.
   */
  private stream(url: URL, instance: string, self: string, res: http.ServerResponse): void {
    let cursors: Record<string, number> = {};
    let origins: Set<string> | undefined;
    try {
      cursors = parseCursors(url.searchParams.get('cursors'));
      origins = chosenOrigins(url, self);
    } catch (err) {
      replyError(res, 400, (err as Error).message);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
    res.write(JSON.stringify({ hello: this.o.heartbeat.heartbeat() }) + '\n');
    const sub: Subscriber = { res, paused: false, lastLsn: this.startLsn(cursors, origins), cursors, instance, origins };
    this.subscribers.add(sub);
    res.on('close', () => this.subscribers.delete(sub));
    this.o.log.info({ peer: instance, origins: origins ? [...origins] : 'all' }, 'peer subscribed to the journal');
    this.push(sub);
  }

  /**
   * Where a stream of chosen origins starts reading: just before the first event it lacks of any of
   * them. Per origin, journal order is seq order, so nothing it lacks of an origin lies before that
   * event, nor before the origin's event at the subscriber's cursor when it lacks none yet (the
   * origin's next events come after it). Failing both, the highest position streams have read.
   */
  private startLsn(cursors: Record<string, number>, origins: Set<string> | undefined): number {
    if (!origins) return 0;
    const journal = this.o.journal;
    let start = Infinity;
    for (const origin of origins) {
      const cursor = cursors[origin] ?? 0;
      const first = journal.eventsAfter(origin, cursor, 1)[0];
      const last = first || cursor === 0 ? undefined : journal.eventsAfter(origin, cursor - 1, 1)[0];
      start = Math.min(start, first ? first.lsn - 1 : last ? last.lsn : this.head);
    }
    return start === Infinity ? this.head : start;
  }

  /** Writes the events the subscriber has not seen, in journal order, skipping what it has. */
  private push(s: Subscriber): void {
    if (s.origins?.size === 1) return this.pushOne(s, [...s.origins][0]);
    const journal = this.o.journal;
    while (!s.paused) {
      const rows = journal.eventsSince(s.lastLsn, PAGE);
      if (rows.length === 0) return;
      let out = '';
      for (const r of rows) {
        s.lastLsn = r.lsn;
        if (r.lsn > this.head) this.head = r.lsn;
        if (r.origin === s.instance || (s.origins && !s.origins.has(r.origin)) || r.seq <= (s.cursors[r.origin] ?? 0)) continue;
        s.cursors[r.origin] = r.seq;
        out += r.text + '\n';
      }
      if (out) this.write(s, out);
      if (rows.length < PAGE) return;
    }
  }

  /** push() for a stream of one origin (a peer's own events): reads that origin's events only, by seq. */
  private pushOne(s: Subscriber, origin: string): void {
    while (!s.paused && origin !== s.instance) {
      const rows = this.o.journal.eventsAfter(origin, s.cursors[origin] ?? 0, PAGE);
      if (rows.length === 0) return;
      let out = '';
      for (const r of rows) out += r.text + '\n';
      s.cursors[origin] = rows[rows.length - 1].seq;
      this.write(s, out);
      if (rows.length < PAGE) return;
    }
  }

  /** Writes to a stream; past its buffer, waits for the socket to drain before pushing more. */
  private write(s: Subscriber, out: string): void {
    const sent = s.res.write(out);
    // HTTP holds a chunk until the end of this tick; the peers get it now, while this node writes its files
    s.res.socket?.uncork();
    if (sent) return;
    s.paused = true;
    s.res.once('drain', () => {
      s.paused = false;
      this.push(s);
    });
  }

  private beat(): void {
    if (this.subscribers.size === 0) return;
    const line = JSON.stringify({ hb: this.o.heartbeat.heartbeat() }) + '\n';
    for (const s of this.subscribers) if (!s.paused) s.res.write(line);
  }
}

function refuse(res: http.ServerResponse, why: Refusal, message: string): true {
  replyError(res, 409, message, { [REFUSAL_HEADER]: why });
  return true;
}

function parseCursors(text: string | null): Record<string, number> {
  try {
    return JSON.parse(text ?? '{}');
  } catch {
    throw new Error("query parameter 'cursors' must be JSON");
  }
}

/** The origins a stream asks for (`scope=own`, `origins=[...]`), or undefined for all; throws on a malformed list. */
function chosenOrigins(url: URL, self: string): Set<string> | undefined {
  const scope = url.searchParams.get('scope');
  const list = url.searchParams.get('origins');
  if (scope === null && list === null) return undefined;
  if (scope !== null && scope !== 'own') throw new Error(`query parameter 'scope' must be 'own', not '${scope}'`);
  const origins = new Set<string>(scope === 'own' ? [self] : []);
  if (list !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(list);
    } catch {
      throw new Error("query parameter 'origins' must be a JSON list of instance names");
    }
    if (!Array.isArray(parsed) || !parsed.every((o) => typeof o === 'string')) throw new Error("query parameter 'origins' must be a JSON list of instance names");
    for (const o of parsed) origins.add(o);
  }
  return origins;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
