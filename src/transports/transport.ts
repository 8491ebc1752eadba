/**
 * What every transport (the embedded one and each broker adapter) does for the protocol, and what
 * it leaves to it. A transport fans envelopes out and buffers them for nodes that are away; it
 * need not de-duplicate, order across publishers, or keep anything forever: the journal, the
 * per-origin cursors and repair from peers make delivery exactly-once in effect (DESIGN §3-4).
 *
 * Promises: `publish` resolves only once the message is durable at the transport (broker
 * confirm), so the outbox can mark it published; messages from one publisher reach each
 * subscriber in publish order while connected; a node's subscription outlives its disconnects
 * (durable), and an unacknowledged message is delivered again. The transport owns its
 * connections: it reconnects and resubscribes by itself, forever, with back-off.
 */
export interface TransportSink {
  /** One message (an envelope as JSON text). Returning resolves the acknowledgement. */
  deliver(message: string, via: string): void;
  /** A heartbeat from a peer (its status), when the transport carries them. */
  heartbeat?(status: PeerHeartbeat): void;
}

export interface PeerHeartbeat {
  instanceName: string;
  group: string;
  url?: string;
  roles?: { master: boolean; slave: boolean };
  cursors?: Record<string, number>;
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

export interface Transport {
  readonly kind: string;
  /** Starts connecting (in the background, with retries); resolves without waiting for a broker. */
  start(sink: TransportSink): Promise<void>;
  /** Publishes envelopes in order; resolves when the transport holds them durably. */
  publish(messages: string[]): Promise<void>;
  /** Publishes this node's heartbeat, where the transport carries heartbeats. */
  heartbeat?(status: PeerHeartbeat): void;
  close(): Promise<void>;
  status(): TransportStatus;
  /** Why the cluster refuses this node (another node has its instanceName), if it does. */
  refusal?(): string | undefined;
}
