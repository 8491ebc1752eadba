import type { ClusterSettings } from '../config/cluster-properties.js';
import type { PeerHeartbeat } from './transport.js';

/**
 * The node as a transport sees it: narrow ports that src/cluster implements and hands to the
 * transport factory. Transports import nothing from src/cluster; the cluster depends on this file
 * and ./transport.ts only.
 */
export interface TransportPorts {
  journal: JournalPort;
  /** The cluster secret as peers prove it: every request to /geoserver/cluster/* (but the probes) needs a token. */
  tokens: PeerTokens;
  heartbeat: HeartbeatSource;
  snapshot: SnapshotSource;
  /** What a peer repairing its configuration from this node reads (resync). */
  repair?: RepairSource;
  hello: HelloHook;
  /** The node's cluster settings as they are now: toggleSlave, topicName and others change live. */
  settings(): ClusterSettings;
  address: NodeAddress;
}

/** One committed journal event as stored: its local position (lsn), its identity and its envelope text. */
export interface JournalEvent {
  lsn: number;
  origin: string;
  seq: number;
  text: string;
}

/**
 * The node's journal as a transport uses it: it publishes own events from it (the outbox), streams
 * it to peers and serves their repair pages from it. Only committed events are returned: an event
 * a peer has seen must never be lost by a crash (its seq would be reused for another change).
 */
export interface JournalPort {
  /** Committed events after a local position, in journal order, at most `limit`. */
  eventsSince(lsn: number, limit: number): JournalEvent[];
  /** Committed events of one origin after its `seq`, in seq order, at most `limit`. */
  eventsAfter(origin: string, seq: number, limit: number): JournalEvent[];
  /** The last seq applied per origin: where this node's subscriptions resume. */
  cursors(): Record<string, number>;
  /** The outbox position: own events up to this lsn are held durably by the broker. */
  publishedLsn(): number;
  /** Moves the outbox position; it becomes durable with the next commit. */
  setPublishedLsn(lsn: number): void;
  /** Makes everything written so far durable: the node's group commit. */
  commit(): Promise<void>;
}

/**
 * Proves to a peer, and checks for this node, that a request comes from a holder of the cluster
 * secret. A token is bound to one request (method, path, query), valid for a short window and
 * usable once; multicast announcements carry an HMAC made with the same secret.
 */
export interface PeerTokens {
  token(method: string, url: URL): string;
  /** 'ok', or why the token is refused. */
  checkToken(method: string, url: URL, token: string | undefined): 'ok' | 'invalid' | 'expired' | 'replayed';
  announcementMac(text: string): string;
  checkAnnouncement(text: string, mac: string): boolean;
}

/** This node's heartbeat: what its peers show about it. */
export interface HeartbeatSource {
  heartbeat(): PeerHeartbeat;
}

/**
 * The whole durable state of this node for a new peer (DESIGN §3.4), as pieces of NDJSON text
 * produced one at a time: the server writes them as the socket drains (constant memory).
 */
export interface SnapshotSource {
  snapshot(): Iterable<string>;
}

/**
 * The digest tree of this node's configuration and the objects of chosen buckets: a peer that
 * resyncs compares the tree with its own and fetches only the buckets that differ.
 */
export interface RepairSource {
  /** Digest and object count per node of the tree: the first level (`type/scope`), or the leaves under the nodes named. */
  digestTree(under?: string[]): Record<string, { digest: string; objects: number }>;
  /** NDJSON lines, one per object of the buckets: `{"type","key","object","version"}`. */
  objects(buckets: string[]): Iterable<string>;
}

/**
 * Told of each peer's first hello, before its events: a node that is new, or behind the peer's
 * compaction horizon, may bootstrap from its snapshot, which `fetchSnapshot` streams into a file.
 */
export interface HelloHook {
  onHello(peer: PeerHeartbeat, fetchSnapshot: (file: string) => Promise<void>): Promise<void>;
}

/** Where this node is reached: its base URL as peers see it, and the port its HTTP server listens on. */
export interface NodeAddress {
  /** e.g. http://127.0.0.1:8080/geoserver */
  url: string;
  port: number;
  /** The node's own certificate and key when it serves HTTPS: also shown to peers that ask for a client certificate. */
  tls?: { cert: Buffer; key: Buffer };
}
