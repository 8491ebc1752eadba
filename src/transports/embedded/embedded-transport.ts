import type * as http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../logger.js';
import { downloadFromPeer, getFromPeer, peerTlsOf, type PeerTls } from '../peer-http.js';
import type { TransportPorts } from '../ports.js';
import type { PeerHeartbeat, Transport, TransportSink, TransportStatus } from '../transport.js';
import type { Discovery, PeerAnnouncement } from './discovery/discovery.js';
import { JournalServer, PAGE as REPAIR_PAGE } from './journal-server.js';
import { OriginRoutes, type PeerView } from './origin-routes.js';
import { PeerLink } from './peer-link.js';

/** How long a lost or stalled origin waits before a peer relays it, and a recovered one before the relay ends. */
const RELAY_GRACE_MS = 1500;
/** How often the relays are planned again (heartbeats come once a second). */
const ROUTE_EVERY_MS = 500;
/** Events of an origin followed directly are usually in flight when a gap is seen: how long to give them. */
const REPAIR_GRACE_MS = 500;

export interface EmbeddedOptions {
  ports: TransportPorts;
  discovery: Discovery;
  log: Logger;
}

/**
 * The default transport: no broker. Each node serves its journal on its own HTTP port and
 * subscribes to the stream of own events of every peer that discovery finds; the journal is the
 * durable subscription (a cursor per origin), so a node that was away simply resumes. An origin
 * this node cannot follow directly (down, unreachable, stalled) is relayed by another peer that
 * has its events (docs/adr/0006), so each event normally arrives once.
 */
export class EmbeddedTransport implements Transport {
  readonly kind = 'embedded';
  private readonly server: JournalServer;
  private readonly links = new Map<string, PeerLink>();
  /** Why this node gave its instanceName up to a peer that has it too (see JournalServer's clash). */
  private yielded: string | undefined;
  /** Streams of other origins' events, by peer URL: the origins each relays, and its link. */
  private readonly relays = new Map<string, { origins: string; link: PeerLink }>();
  private readonly routes = new OriginRoutes({ graceMs: RELAY_GRACE_MS });
  /** Origins with a repair under way: one at a time each. */
  private readonly repairing = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** connection.maxwait as the transport was made with: the longest wait between two subscription attempts. */
  private readonly maxWaitMs: number;
  private readonly tls: PeerTls;
  private sink: TransportSink | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: EmbeddedOptions) {
    const { journal, tokens, heartbeat, snapshot, repair } = o.ports;
    this.maxWaitMs = o.ports.settings().connectionMaxWait;
    this.tls = peerTlsOf(o.ports);
    this.server = new JournalServer({ journal, tokens, log: o.log, heartbeat, snapshot, repair, refusal: () => this.clash(), onClash: (why) => this.gaveWay(why) });
  }

  async start(sink: TransportSink): Promise<void> {
    this.sink = sink;
    this.unsubscribe = this.o.discovery.onPeer((p) => this.follow(p));
    await this.o.discovery.start();
    for (const p of this.o.discovery.peers()) this.follow(p);
    this.timer = setInterval(() => this.reroute(), ROUTE_EVERY_MS);
    this.timer.unref();
  }

  /** Streams serve events straight from the journal: publishing is telling them to look. */
  notify(): void {
    this.server.notify();
  }

  /** Peers read the journal itself: nothing is ever waiting to be published. */
  unpublished(): number {
    return 0;
  }

  serve(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    return this.server.handle(req, res);
  }

  /** Opens or closes the peer subscriptions after toggleSlave / connection changed. */
  resync(): void {
    if (!this.subscribing()) {
      for (const l of this.links.values()) l.close();
      this.links.clear();
      this.closeRelays();
      return;
    }
    for (const p of this.o.discovery.peers()) this.follow(p);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.timer);
    for (const l of this.links.values()) l.close();
    this.links.clear();
    this.closeRelays();
    this.server.close();
    await this.o.discovery.close();
  }

  status(): TransportStatus {
    const links = [...this.links.values()];
    const discovery = this.o.discovery.status();
    const connected = links.length === 0 ? discovery.working : links.some((l) => l.connected);
    const refused = this.clash();
    return {
      kind: this.kind,
      connected: connected && !refused,
      lastError: refused ?? links.find((l) => l.lastError)?.lastError ?? discovery.problem,
      detail: {
        discovery,
        subscribers: this.server.streams,
        links: links.map((l) => ({ url: l.url, connected: l.connected, instanceName: l.peer?.instanceName, lastError: l.lastError })),
        relayed: this.routes.relayed(),
      },
    };
  }

  /**
   * Fills a gap of one origin from the peer that reports the most of it. One repair at a time per
   * origin; when the origin is followed directly its events are usually in flight, so they get a
   * moment first and the repair is dropped once they came.
   */
  requestRepair(origin: string, afterSeq: number): void {
    if (this.repairing.has(origin)) return;
    this.repairing.add(origin);
    void this.repair(origin, afterSeq).finally(() => this.repairing.delete(origin));
  }

  private async repair(origin: string, afterSeq: number): Promise<void> {
    const cursor = () => this.o.ports.journal.cursors()[origin] ?? 0;
    if (this.followsDirectly(origin)) {
      await delay(REPAIR_GRACE_MS);
      if (cursor() > afterSeq) return;
    }
    const has = (l: PeerLink) => l.peer?.cursors?.[origin] ?? 0;
    const candidates = [...this.links.values()].filter((l) => l.connected).sort((a, b) => has(b) - has(a));
    for (const link of candidates) {
      try {
        // page after page while pages come full and this node moves on
        for (let after = cursor(), full = true; full; ) {
          const lines = (await this.get(`${link.url}/cluster/journal?origin=${encodeURIComponent(origin)}&after=${after}`)).split('\n').filter(Boolean);
          await Promise.allSettled(lines.map((line) => this.sink?.deliver(line, `${link.url} (repair)`)));
          full = lines.length >= REPAIR_PAGE && cursor() > after;
          after = cursor();
        }
        return;
      } catch (err) {
        this.o.log.warn({ peer: link.url, origin, err: (err as Error).message }, 'repair from peer failed');
      }
    }
  }

  private followsDirectly(origin: string): boolean {
    for (const l of this.links.values()) if (l.connected && l.peer?.instanceName === origin) return true;
    return false;
  }

  /** Opens and closes relay streams to match the current plan (see OriginRoutes). */
  private reroute(): void {
    if (!this.subscribing()) return;
    const peers: PeerView[] = [...this.links.values()]
      .filter((l) => !l.ignored && !l.refused)
      .map((l) => ({ url: l.url, instanceName: l.peer?.instanceName, connected: l.connected, cursors: l.peer?.cursors }));
    const plan = this.routes.plan(this.self().instanceName, this.o.ports.journal.cursors(), peers);
    for (const [url, relay] of this.relays) {
      if (plan.get(url)?.join('\n') === relay.origins) continue;
      relay.link.close();
      this.relays.delete(url);
    }
    for (const [url, origins] of plan) if (!this.relays.has(url)) this.relay(url, origins);
  }

  /** A stream of the given origins' events from one peer. */
  private relay(url: string, origins: string[]): void {
    const link = new PeerLink({
      url,
      self: () => this.self(),
      cursors: () => this.o.ports.journal.cursors(),
      token: (u) => this.o.ports.tokens.token('GET', u),
      tls: this.tls,
      maxWaitMs: this.maxWaitMs,
      log: this.o.log,
      origins: { origins: JSON.stringify(origins) },
      onMessage: (line, via) => void this.sink?.deliver(line, `${via} (relay)`),
    });
    this.o.log.info({ peer: url, origins }, 'a peer relays origins this node cannot follow directly');
    this.relays.set(url, { origins: origins.join('\n'), link });
    link.start();
  }

  private closeRelays(): void {
    for (const r of this.relays.values()) r.link.close();
    this.relays.clear();
  }

  private follow(p: PeerAnnouncement): void {
    if (!this.subscribing() || this.links.has(p.url) || p.url === this.o.ports.address.url) return;
    if (p.group && p.group !== this.self().group) return;
    const { journal, tokens, hello } = this.o.ports;
    const link = new PeerLink({
      url: p.url,
      self: () => this.self(),
      cursors: () => journal.cursors(),
      token: (url) => tokens.token('GET', url),
      tls: this.tls,
      maxWaitMs: this.maxWaitMs,
      log: this.o.log,
      origins: { scope: 'own' },
      onHello: (peer) => hello.onHello(peer, (file) => downloadFromPeer(`${p.url}/cluster/snapshot`, this.self(), this.o.ports.tokens, this.tls, file)),
      onMessage: (line, via) => void this.sink?.deliver(line, via),
      onHeartbeat: (peer) => this.sink?.heartbeat(peer),
      admit: (peer, l) => this.admit(peer, l),
    });
    this.links.set(p.url, link);
    link.start();
  }

  refusal(): string | undefined {
    return this.clash();
  }

  /** Set when a peer says another node already has this node's instanceName, or this node gave it up. */
  private clash(): string | undefined {
    for (const l of this.links.values()) if (l.refused) return l.refused;
    return this.yielded;
  }

  private gaveWay(why: string): void {
    if (this.yielded === undefined) this.o.log.error({}, why);
    this.yielded = why;
  }

  /**
   * Two peers with one instanceName would mix their events under one origin: the one connected
   * first keeps it (a node that moved to another URL is let in once its old link is down).
   */
  private admit(peer: PeerHeartbeat, link: PeerLink): string | undefined {
    for (const l of this.links.values()) {
      if (l === link || !l.connected || l.peer?.instanceName !== peer.instanceName) continue;
      return `the peers at ${l.url} and ${link.url} both have instanceName '${peer.instanceName}': ${link.url} is ignored (every node needs its own instanceName)`;
    }
    return undefined;
  }

  /** Who this node is to its peers: read at each use, the settings change live. */
  private self(): { instanceName: string; group: string; url: string } {
    const s = this.o.ports.settings();
    return { instanceName: s.instanceName, group: s.group, url: this.o.ports.address.url };
  }

  /** Whether to subscribe to peers at all (toggleSlave and connection). */
  private subscribing(): boolean {
    const s = this.o.ports.settings();
    return s.toggleSlave && s.connection;
  }

  private get(url: string): Promise<string> {
    return getFromPeer(url, this.self(), this.o.ports.tokens, this.tls);
  }
}
