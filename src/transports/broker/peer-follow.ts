import { PeerLink, type PeerLinkOptions } from '../embedded/peer-link.js';
import type { PeerHeartbeat } from '../transport.js';

/** What every link to a peer is given (PeerLink's options), and where what comes from them goes. */
export interface PeerFollowOptions extends Pick<PeerLinkOptions, 'self' | 'cursors' | 'token' | 'tls' | 'maxWaitMs' | 'log'> {
  deliver: (line: string, via: string) => void;
  heartbeat: (peer: PeerHeartbeat) => void;
  /** A peer answered a new stream: the network between this node and the others is back. */
  reachable: () => void;
}

/**
 * Follows peers' own events over their journal streams (as the embedded transport does) while the
 * broker does not bring them: this node has no broker connection, or a peer's heartbeats stopped
 * coming through the broker. The broker is a fan-out and a buffer, not the source of truth
 * (DESIGN §4): a node cut off from the broker but not from its peers stays in step with them, and
 * what then comes both ways is dropped the second time by its cursor.
 */
export class PeerFollow {
  /** By the peer's instanceName. */
  private readonly links = new Map<string, PeerLink>();

  constructor(private readonly o: PeerFollowOptions) {}

  /** The peers followed over HTTP now. */
  followed(): string[] {
    return [...this.links.keys()];
  }

  following(instanceName: string): boolean {
    return this.links.has(instanceName);
  }

  /** Follows exactly the peers of `wanted` (instanceName → URL). */
  update(wanted: Map<string, string>): void {
    for (const [name, link] of this.links) {
      if (wanted.get(name) === link.url) continue;
      link.close();
      this.links.delete(name);
      this.o.log.info({ peer: name }, 'the broker brings this peer\'s events again: no longer following it over HTTP');
    }
    for (const [name, url] of wanted) {
      if (this.links.has(name)) continue;
      this.o.log.info({ peer: name, url }, 'the broker does not bring this peer\'s events: following it over HTTP');
      this.open(name, url);
    }
  }

  /**
   * Subscribes again at once, without waiting out the back-off, to every peer not connected: one
   * of them was heard from, so the others are likely reachable again too.
   */
  retryNow(): void {
    for (const [name, link] of this.links) {
      if (link.connected) continue;
      link.close();
      this.open(name, link.url);
    }
  }

  close(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }

  private open(name: string, url: string): void {
    const link = new PeerLink({
      url,
      self: this.o.self,
      cursors: this.o.cursors,
      token: this.o.token,
      tls: this.o.tls,
      maxWaitMs: this.o.maxWaitMs,
      log: this.o.log,
      origins: { scope: 'own' },
      onHello: () => this.o.reachable(),
      onMessage: (line, via) => this.o.deliver(line, `${via} (http)`),
      onHeartbeat: (peer) => this.o.heartbeat(peer),
    });
    this.links.set(name, link);
    link.start();
  }
}
