import type { Discovery, PeerAnnouncement } from '../../cluster/discovery/discovery.js';
import type { ClusterSecret } from '../../cluster/envelope.js';
import type { Journal } from '../../cluster/journal.js';
import type { Logger } from '../../logger.js';
import type { PeerHeartbeat, Transport, TransportSink, TransportStatus } from '../transport.js';
import { CLUSTER_PATH, JournalServer } from './journal-server.js';
import { getFromPeer } from '../peer-http.js';
import { PeerLink } from './peer-link.js';

export interface EmbeddedOptions {
  journal: Journal;
  discovery: Discovery;
  secret?: ClusterSecret;
  log: Logger;
  self: () => { instanceName: string; group: string; url: string };
  maxWaitMs: number;
  heartbeat: () => PeerHeartbeat;
  snapshot: () => string;
  /** Called with each peer's hello, before its events: the node may bootstrap from it. */
  onHello: (peer: PeerHeartbeat, fetchSnapshot: () => Promise<string>) => Promise<void>;
  /** Whether to subscribe to peers at all (toggleSlave and connection). */
  subscribe: () => boolean;
}

/**
 * The default transport: no broker. Each node serves its journal on its own HTTP port and
 * subscribes to the journal stream of every peer that discovery finds; the journal is the
 * durable subscription (a cursor per origin), so a node that was away simply resumes.
 */
export class EmbeddedTransport implements Transport {
  readonly kind = 'embedded';
  readonly server: JournalServer;
  private readonly links = new Map<string, PeerLink>();
  private sink: TransportSink | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: EmbeddedOptions) {
    this.server = new JournalServer({ journal: o.journal, secret: o.secret, log: o.log, heartbeat: o.heartbeat, snapshot: o.snapshot, refusal: () => this.clash() });
  }

  async start(sink: TransportSink): Promise<void> {
    this.sink = sink;
    this.unsubscribe = this.o.discovery.onPeer((p) => this.follow(p));
    await this.o.discovery.start();
    for (const p of this.o.discovery.peers()) this.follow(p);
  }

  /** Streams serve events straight from the journal: publishing is telling them to look. */
  async publish(_messages: string[]): Promise<void> {
    this.server.notify();
  }

  /** Opens or closes the peer subscriptions after toggleSlave / connection changed. */
  resync(): void {
    if (!this.o.subscribe()) {
      for (const l of this.links.values()) l.close();
      this.links.clear();
      return;
    }
    for (const p of this.o.discovery.peers()) this.follow(p);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    for (const l of this.links.values()) l.close();
    this.links.clear();
    this.server.close();
    await this.o.discovery.close();
  }

  status(): TransportStatus {
    const links = [...this.links.values()];
    const discovery = this.o.discovery.status();
    const connected = links.length === 0 ? discovery.working : links.some((l) => l.connected);
    const refused = links.find((l) => l.refused)?.refused;
    return {
      kind: this.kind,
      connected: connected && !refused,
      lastError: refused ?? links.find((l) => l.lastError)?.lastError ?? discovery.problem,
      detail: {
        discovery,
        subscribers: this.server.streams,
        links: links.map((l) => ({ url: l.url, connected: l.connected, instanceName: l.peer?.instanceName, lastError: l.lastError })),
      },
    };
  }

  /** Peers known by their links (heartbeats included). */
  peers(): Array<{ url: string; connected: boolean; peer?: PeerHeartbeat; lastError?: string }> {
    return [...this.links.values()].map((l) => ({ url: l.url, connected: l.connected, peer: l.peer, lastError: l.lastError }));
  }

  /** Fills a gap of one origin from whichever peer answers first. */
  requestRepair(origin: string, afterSeq: number): void {
    const candidates = [...this.links.values()].filter((l) => l.connected);
    void (async () => {
      for (const link of candidates) {
        try {
          const text = await this.get(`${link.url}/cluster/journal?origin=${encodeURIComponent(origin)}&after=${afterSeq}`);
          for (const line of text.split('\n')) if (line) this.sink?.deliver(line, `${link.url} (repair)`);
          return;
        } catch (err) {
          this.o.log.warn({ peer: link.url, origin, err: (err as Error).message }, 'repair from peer failed');
        }
      }
    })();
  }

  private follow(p: PeerAnnouncement): void {
    if (!this.o.subscribe() || this.links.has(p.url) || p.url === this.o.self().url) return;
    if (p.group && p.group !== this.o.self().group) return;
    const link = new PeerLink({
      url: p.url,
      self: this.o.self,
      cursors: () => this.o.journal.cursors(),
      token: this.o.secret ? () => this.o.secret!.token('journal') : undefined,
      maxWaitMs: this.o.maxWaitMs,
      log: this.o.log,
      onHello: (peer) => this.o.onHello(peer, () => this.get(`${p.url}/cluster/snapshot`)),
      onMessage: (line, via) => this.sink?.deliver(line, via),
      onHeartbeat: (peer) => this.sink?.heartbeat?.(peer),
      admit: (peer, l) => this.admit(peer, l),
    });
    this.links.set(p.url, link);
    link.start();
  }

  refusal(): string | undefined {
    return this.clash();
  }

  /** Set when a peer says another node already has this node's instanceName. */
  private clash(): string | undefined {
    for (const l of this.links.values()) if (l.refused) return l.refused;
    return undefined;
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

  private get(url: string): Promise<string> {
    return getFromPeer(url, this.o.self(), this.o.secret);
  }
}

export { CLUSTER_PATH };
