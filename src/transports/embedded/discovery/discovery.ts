/**
 * How the embedded transport finds its peers (DESIGN.md §4): by UDP multicast on a pinned
 * interface, from a static list, or from a DNS name. Discovery only says where peers are; it
 * never talks to them — contacting a peer (and learning its real instance name) is the
 * transport's job.
 */

/** A peer as discovery knows it. */
export interface PeerAnnouncement {
  /** The peer's instanceName; '' when not known yet (static and DNS discovery). */
  instanceName: string;
  /** Cluster group (cluster.properties `group`). */
  group: string;
  /** The peer's base URL, e.g. http://127.0.0.1:8080/geoserver (no trailing slash). */
  url: string;
}

export interface DiscoveryStatus {
  kind: 'multicast' | 'static' | 'dns';
  /** False when this discovery cannot find peers right now; `problem` says why. */
  working: boolean;
  problem?: string;
  details: Record<string, unknown>;
}

export interface Discovery {
  /** Never throws because discovery cannot work here: that is reported through status(). */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Peers currently known, never this node itself. */
  peers(): PeerAnnouncement[];
  /**
   * Called when a peer appears (or reappears after expiring) or its URL changes; peers known
   * before subscribing are not replayed, so read peers() after subscribing. Returns the function
   * that unsubscribes.
   */
  onPeer(listener: (peer: PeerAnnouncement) => void): () => void;
  status(): DiscoveryStatus;
}

/** The part of a pino logger discovery uses. */
export interface DiscoveryLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface DiscoverySettings {
  discovery: 'multicast' | 'static' | 'dns';
  /** Peer base URLs for discovery=static. */
  peers: readonly string[];
  multicastGroup: string;
  multicastPort: number;
  /** IPv4 address of the interface multicast is pinned to (default 127.0.0.1). */
  multicastInterface: string;
  /** Name to resolve for discovery=dns (e.g. a Kubernetes headless service). */
  dnsName: string;
}
