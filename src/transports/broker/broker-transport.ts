import * as fs from 'node:fs';
import type * as http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../logger.js';
import { JournalServer } from '../embedded/journal-server.js';
import { downloadFromPeer, getFromPeer, peerTlsOf } from '../peer-http.js';
import type { TransportPorts } from '../ports.js';
import { retryDelay } from '../retry.js';
import type { PeerHeartbeat, Transport, TransportSink, TransportStatus } from '../transport.js';
import type { BrokerAdapter, BrokerClient, BrokerTls } from './broker-client.js';
import { mask, type BrokerUrls } from './failover.js';
import { Outbox } from './outbox.js';
import { PeerFollow } from './peer-follow.js';

export interface BrokerTransportOptions {
  adapter: BrokerAdapter;
  urls: BrokerUrls;
  ports: TransportPorts;
  log: Logger;
  /** How often this node's heartbeat goes out through the broker (default 1 s). */
  heartbeatMs?: number;
}

/**
 * Any broker, through its adapter: connects to the brokers of brokerURL in turn (failover, with
 * back-off, forever), keeps this node's durable subscription, publishes the journal's own events
 * in order from the outbox (published_lsn advances only on the broker's confirmation), sends
 * heartbeats, and repairs gaps from a peer's journal over HTTP, whatever the broker lost. While the
 * broker does not bring a peer's events (no connection, or the peer's heartbeats stopped coming
 * through it), follows that peer's journal stream over HTTP instead.
 */
export class BrokerTransport implements Transport {
  readonly kind: string;
  private readonly server: JournalServer;
  private client: BrokerClient | undefined;
  private connectedUrl: string | undefined;
  private closed = false;
  /** Whether the current connection carries this node's subscription (toggleSlave and connection). */
  private subscribed = false;
  private lastError: string | undefined;
  private sink: TransportSink | undefined;
  private readonly outbox: Outbox;
  private readonly peers = new Map<string, PeerHeartbeat>();
  private readonly repairAt = new Map<string, number>();
  /** Per origin, this node's cursor as last seen by a heartbeat check, and since when it is there. */
  private readonly progress = new Map<string, { seq: number; since: number }>();
  /** Per origin, a gap asked for when no peer was known to fill it, and after which seq. */
  private readonly unfilled = new Map<string, number>();
  /** Per peer, when its last heartbeat came through the broker on the current connection. */
  private readonly heardAt = new Map<string, number>();
  private readonly follow: PeerFollow;
  private timer: NodeJS.Timeout | undefined;
  private followTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  /** Set while the connection loop waits out its back-off: ends the wait at once. */
  private retryNow: (() => void) | undefined;
  private reachableAt = 0;

  constructor(private readonly o: BrokerTransportOptions) {
    const { journal, tokens, heartbeat, snapshot, repair } = o.ports;
    this.kind = o.adapter.schemes[0];
    this.server = new JournalServer({ journal, tokens, log: o.log, heartbeat, snapshot, repair });
    this.outbox = new Outbox({ journal, client: () => this.client, self: () => this.self().instanceName, log: o.log });
    this.follow = new PeerFollow({
      self: () => ({ ...this.self(), url: o.ports.address.url }),
      cursors: () => journal.cursors(),
      token: (url) => tokens.token('GET', url),
      tls: peerTlsOf(o.ports),
      maxWaitMs: o.ports.settings().connectionMaxWait,
      log: o.log,
      deliver: (line, via) => void this.sink?.deliver(line, via),
      heartbeat: (hb) => this.sink?.heartbeat(hb),
      reachable: () => this.peerReachable(),
    });
  }

  async start(sink: TransportSink): Promise<void> {
    this.sink = sink;
    void this.connectLoop();
    this.timer = setInterval(() => void this.beat(), this.o.heartbeatMs ?? 1000);
    this.timer.unref();
    this.followTimer = setInterval(() => this.followPeers(), Math.min(250, this.o.heartbeatMs ?? 1000));
    this.followTimer.unref();
  }

  /** Publishes every own event not yet sent, in journal order, and wakes the peers' streams. */
  notify(): void {
    this.server.notify();
    this.outbox.notify();
  }

  /** Own events the broker has not confirmed yet. */
  unpublished(): number {
    let n = 0;
    const me = this.self().instanceName;
    for (let lsn = this.outbox.published; ; ) {
      const rows = this.o.ports.journal.eventsSince(lsn, 5000);
      for (const r of rows) if (r.origin === me) n++;
      if (rows.length < 5000) return n;
      lsn = rows[rows.length - 1].lsn;
    }
  }

  /** toggleSlave changed: a connection that should (not) carry the subscription is replaced by one that does (not). */
  resync(): void {
    if (this.subscribing() !== this.subscribed) void this.client?.close();
  }

  serve(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const handled = this.server.handle(req, res);
    // a peer got through to this node: if this node has lost the broker, the network may be back
    if (handled && this.client === undefined) this.peerReachable();
    return handled;
  }

  /** The cluster refuses no broker node: a clash of instanceNames shows in the peers' heartbeats. */
  refusal(): string | undefined {
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.followTimer) clearInterval(this.followTimer);
    this.outbox.close();
    this.follow.close();
    this.wake?.();
    this.retryNow?.();
    await this.client?.close().catch(() => undefined);
    this.server.close();
  }

  status(): TransportStatus {
    return {
      kind: this.kind,
      connected: this.client !== undefined,
      lastError: this.lastError,
      detail: { broker: this.o.adapter.label, url: this.connectedUrl, subscribed: this.client !== undefined && this.subscribed, urls: this.o.urls.urls.map((u) => mask(u.href)), unpublished: this.unpublished(), subscribers: this.server.streams, followedOverHttp: this.follow.followed() },
    };
  }

  requestRepair(origin: string, afterSeq: number): void {
    const sources = [...this.peers.values()].filter((p) => p.url && (p.cursors?.[origin] ?? 0) > afterSeq);
    // no peer known to have them yet (a node just started hears its peers only with their first
    // heartbeats): asked again as soon as a heartbeat shows one, not a standing-still period later
    if (sources.length === 0) return void this.unfilled.set(origin, afterSeq);
    this.unfilled.delete(origin);
    const now = Date.now();
    if ((this.repairAt.get(origin) ?? 0) > now - 1000) return;
    this.repairAt.set(origin, now);
    void (async () => {
      for (const p of sources) {
        try {
          const text = await this.get(`${p.url}/cluster/journal?origin=${encodeURIComponent(origin)}&after=${afterSeq}`);
          const delivered: Array<Promise<void> | undefined> = [];
          for (const line of text.split('\n')) if (line) delivered.push(this.sink?.deliver(line, `${p.instanceName} (repair)`));
          await Promise.all(delivered);
          return;
        } catch (err) {
          this.o.log.warn({ peer: p.url, origin, err: (err as Error).message }, 'repair from peer failed');
        }
      }
    })();
  }

  private async connectLoop(): Promise<void> {
    let attempt = 0;
    let index = 0;
    const urls = this.o.urls.randomize ? shuffle(this.o.urls.urls) : this.o.urls.urls;
    while (!this.closed) {
      const url = urls[index % urls.length];
      index++;
      try {
        await this.connectTo(url);
        attempt = 0;
        await new Promise<void>((resolve) => (this.wake = resolve));
      } catch (err) {
        this.lastError = `${mask(url.href)}: ${(err as Error).message}`;
        if (attempt === 0) this.o.log.warn({ broker: mask(url.href), err: (err as Error).message }, 'broker connection failed; retrying');
      }
      this.lostBroker();
      if (this.closed) return;
      const { initialReconnectDelay, backOffMultiplier, maxReconnectDelay } = this.o.urls;
      const wait = new AbortController();
      this.retryNow = () => wait.abort();
      await delay(retryDelay(attempt++, maxReconnectDelay, initialReconnectDelay, backOffMultiplier), undefined, { signal: wait.signal }).catch(() => undefined);
      this.retryNow = undefined;
    }
  }

  private lostBroker(): void {
    this.client = undefined;
    this.heardAt.clear();
    this.followPeers();
  }

  /**
   * A peer answered this node, or asked it for something, while this node has no broker: the
   * network is likely back, so the broker is tried again now rather than at the back-off's end,
   * and so are the peers not followed yet.
   */
  private peerReachable(): void {
    const now = Date.now();
    if (this.client !== undefined || now - this.reachableAt < 200) return;
    this.reachableAt = now;
    this.retryNow?.();
    this.follow.retryNow();
  }

  /**
   * Follows over HTTP each peer whose events the broker does not bring: this node has no broker,
   * or the peer's heartbeats have not come through it for 3 heartbeat periods. Stops once the
   * broker brings the peer's heartbeats again with nothing of the peer's left unpublished, so all
   * it has is on the broker (or already here).
   */
  private followPeers(): void {
    const wanted = new Map<string, string>();
    if (this.subscribing() && !this.closed) {
      const now = Date.now();
      const silence = 3 * (this.o.heartbeatMs ?? 1000);
      for (const [name, p] of this.peers) {
        if (!p.url) continue;
        const heard = this.client !== undefined && now - (this.heardAt.get(name) ?? 0) < silence;
        if (!heard || (this.follow.following(name) && (p.unpublished ?? 0) > 0)) wanted.set(name, p.url);
      }
    }
    this.follow.update(wanted);
  }

  private async connectTo(url: URL): Promise<void> {
    const self = this.self();
    const client = await this.o.adapter.create({
      url,
      instanceName: self.instanceName,
      group: self.group,
      topicName: self.topicName,
      durable: self.durable,
      username: decodeURIComponent(url.username) || this.o.urls.username,
      password: decodeURIComponent(url.password) || this.o.urls.password,
      tls: brokerTlsOf(this.o.ports.settings().brokerTls),
      log: this.o.log,
    });
    client.onClose((err) => {
      // only the current client's loss matters: one that never became current must not wake the loop
      // out of a healthy connection's wait
      if (this.client !== client) return;
      this.lostBroker();
      this.lastError = err ? `connection lost: ${err.message}` : 'connection closed';
      if (!this.closed) this.o.log.warn({ broker: mask(url.href), err: err?.message }, 'broker connection lost; reconnecting');
      this.wake?.();
    });
    try {
      await client.connect();
      const subscribing = this.subscribing();
      if (subscribing) await client.subscribe((body, ack) => this.onMessage(body, ack));
      this.subscribed = subscribing;
      if (this.closed) throw new Error('the transport was closed while connecting');
    } catch (err) {
      await client.close().catch(() => undefined); // a connection whose subscribe failed must not linger
      throw err;
    }
    this.client = client;
    this.connectedUrl = mask(url.href);
    this.lastError = undefined;
    this.o.log.info({ broker: this.connectedUrl }, 'connected to the broker');
    this.outbox.send();
    this.resync(); // toggleSlave may have changed while this connection was being made
  }

  private onMessage(body: string, ack: () => void): void {
    if (body.startsWith('{"hb":')) {
      ack();
      let hb: PeerHeartbeat;
      try {
        hb = (JSON.parse(body) as { hb: PeerHeartbeat }).hb;
      } catch {
        return;
      }
      this.onHeartbeat(hb);
      return;
    }
    void this.sink?.deliver(body, this.connectedUrl ?? this.kind).then(ack, () => undefined);
  }

  private onHeartbeat(hb: PeerHeartbeat): void {
    const self = this.self();
    if (hb.instanceName === self.instanceName || hb.group !== self.group) return;
    const first = !this.peers.has(hb.instanceName);
    this.peers.set(hb.instanceName, hb);
    this.heardAt.set(hb.instanceName, Date.now());
    this.sink?.heartbeat(hb);
    if (first && hb.url) void this.o.ports.hello.onHello(hb, (file) => downloadFromPeer(`${hb.url}/cluster/snapshot`, this.self(), this.o.ports.tokens, peerTlsOf(this.o.ports), file)).catch((err) => this.o.log.warn({ err: (err as Error).message }, 'bootstrap failed'));
    // the broker may have lost events or this node's queue may be new: fill gaps from the peer, for
    // an origin this node stands still on (events merely in flight in the broker are not fetched twice)
    const mine = this.o.ports.journal.cursors();
    for (const [origin, after] of this.unfilled) if ((hb.cursors?.[origin] ?? 0) > after) this.requestRepair(origin, Math.max(after, mine[origin] ?? 0));
    const now = Date.now();
    for (const origin of Object.keys(hb.cursors ?? {})) {
      if (origin === self.instanceName) continue;
      const cursor = mine[origin] ?? 0;
      if (this.mostReported(origin) <= cursor) this.progress.delete(origin);
      else if (this.standsStill(origin, cursor, now)) this.requestRepair(origin, cursor);
    }
  }

  private mostReported(origin: string): number {
    let most = 0;
    for (const p of this.peers.values()) most = Math.max(most, p.cursors?.[origin] ?? 0);
    return most;
  }

  /** Whether this node, behind a peer on `origin`, has not moved on it for a heartbeat period. */
  private standsStill(origin: string, cursor: number, now: number): boolean {
    const p = this.progress.get(origin);
    if (p?.seq === cursor) return now - p.since >= (this.o.heartbeatMs ?? 1000);
    this.progress.set(origin, { seq: cursor, since: now });
    return false;
  }

  private async beat(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.publishTransient(JSON.stringify({ hb: this.o.ports.heartbeat.heartbeat() }));
    } catch {
      // a lost heartbeat is harmless; the connection loop notices a dead connection
    }
  }

  /** Who this node is on the broker: read at each use, the settings change live (topicName at the next connection). */
  private self(): { instanceName: string; group: string; topicName: string; durable: boolean } {
    const s = this.o.ports.settings();
    return { instanceName: s.instanceName, group: s.group, topicName: s.topicName, durable: s.durable };
  }

  /** Whether this node's connection carries its subscription (toggleSlave and connection). */
  private subscribing(): boolean {
    const s = this.o.ports.settings();
    return s.toggleSlave && s.connection;
  }

  private get(url: string): Promise<string> {
    return getFromPeer(url, this.self(), this.o.ports.tokens, peerTlsOf(this.o.ports));
  }
}

function shuffle<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** broker.tls.* files read at each connection: a renewed certificate is taken up on reconnect. */
function brokerTlsOf(files: { ca: string; cert: string; key: string }): BrokerTls {
  const read = (file: string) => (file ? fs.readFileSync(file, 'utf8') : undefined);
  return { ca: read(files.ca), cert: read(files.cert), key: read(files.key) };
}
