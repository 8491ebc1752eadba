import type * as http from 'node:http';

/**
 * What every transport (the embedded one and the broker one over each adapter) does for the
 * cluster, and what it leaves to it. A transport fans envelopes out and buffers them for nodes
 * that are away; it need not de-duplicate, order across publishers, or keep anything forever: the
 * journal, the per-origin cursors and repair from peers make delivery exactly-once in effect
 * (DESIGN §3-4). It sees the node only through the ports of ./ports.ts.
 *
 * Promises (test/transports/transport-contract.ts runs them against every transport):
 * - `start` resolves without waiting for a peer or a broker; the transport then connects, and
 *   reconnects and resubscribes by itself, forever, with back-off: it owns its connections;
 * - after `notify`, this node's own committed events reach every subscribed peer, in journal
 *   order, each delivered through the peer's sink; one held durably by the transport is never
 *   lost by a disconnect, and `unpublished` counts the own events it does not hold yet;
 * - a node's subscription outlives its disconnects: what was published meanwhile arrives after
 *   them, and a delivery is acknowledged only once the sink has made it durable;
 * - `requestRepair` fetches a gap from a peer's journal; the events arrive through the sink;
 * - `serve` answers peers on this node's HTTP port (journal stream, repair pages, snapshot), only
 *   to peers that prove the cluster secret when there is one;
 * - `close` ends every connection and stream and resolves in bounded time, also mid-publish.
 * It leaves out de-duplication, ordering across origins, applying and retention.
 */
export interface Transport {
  /** 'embedded', or the broker adapter's first URL scheme ('stomp', 'amqp', 'nats', 'mqtt'). */
  readonly kind: string;
  /** Starts connecting (in the background, with retries); resolves without waiting for peers or a broker. */
  start(sink: TransportSink): Promise<void>;
  /**
   * New events were committed to the journal: publish this node's own ones not yet published,
   * in journal order, from the journal itself (the outbox), and wake the peers' live streams.
   * Returns at once; publishing goes on in the background and resumes after a disconnect.
   */
  notify(): void;
  /** Own committed events the transport does not hold durably yet (0 where the journal is the transport). */
  unpublished(): number;
  /** A gap: asks peers for the events of `origin` after `afterSeq`; they arrive through the sink. */
  requestRepair(origin: string, afterSeq: number): void;
  /** toggleSlave or connection changed: opens or closes this node's subscription to match. */
  resync(): void;
  /** Serves peers on this node's HTTP port; false when the path is not the transport's. */
  serve(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  status(): TransportStatus;
  /** Why the cluster refuses this node (another node has its instanceName), while it does. */
  refusal(): string | undefined;
  /** Ends every connection and stream; pending publishes stay in the outbox for the next start. */
  close(): Promise<void>;
}

/** What a transport hands to the node that runs it. */
export interface TransportSink {
  /**
   * One message from a peer (an envelope as JSON text). Resolves once the node has made it durable
   * (its journal commit): only then may the transport acknowledge it to a broker.
   */
  deliver(message: string, via: string): Promise<void>;
  /** A heartbeat from a peer (its status). */
  heartbeat(status: PeerHeartbeat): void;
}

/** What a node tells its peers about itself, about once a second (DESIGN §3.5). */
export interface PeerHeartbeat {
  instanceName: string;
  group: string;
  url?: string;
  roles?: { master: boolean; slave: boolean };
  cursors?: Record<string, number>;
  /** Per origin, the highest seq its journal compacted away: a node whose cursor is below it needs a snapshot. */
  horizons?: Record<string, number>;
  digest?: string;
  objects?: number;
  unpublished?: number;
  deadLetters?: number;
  lastError?: string;
  at?: number;
}

export interface TransportStatus {
  kind: string;
  connected: boolean;
  detail?: Record<string, unknown>;
  lastError?: string;
}
