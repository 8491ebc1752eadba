import type { Logger } from '../../logger.js';

/**
 * What one broker adapter provides: a single connection to one broker URL. Everything above it —
 * failover across URLs, reconnect with back-off, the outbox, heartbeats, repair — is done once,
 * by BrokerTransport, for every adapter.
 *
 * The contract (test/transports/contract.ts runs it against each real broker):
 * - `connect` makes one attempt and rejects with a clear error (refused, bad credentials, TLS);
 * - `subscribe` attaches this node's durable subscription (it outlives disconnects and receives
 *   what was published meanwhile); a message not acknowledged before a disconnect is delivered
 *   again; messages of one publisher arrive in publish order;
 * - `publish` is persistent and resolves only once the broker has the message durably;
 * - `publishTransient` is best effort (heartbeats), may be dropped;
 * - `onClose` fires once when the connection is lost or closed; the client is then discarded;
 * - `close` while publishing rejects the pending publishes, never hangs.
 * It leaves out de-duplication, ordering across publishers and retention: the protocol has those.
 */
export interface BrokerClient {
  connect(): Promise<void>;
  subscribe(onMessage: (body: string, ack: () => void) => void): Promise<void>;
  publish(body: string): Promise<void>;
  publishTransient(body: string): Promise<void>;
  onClose(listener: (err?: Error) => void): void;
  close(): Promise<void>;
}

/** Where and as whom a client connects, and the names it uses (from cluster.properties). */
export interface BrokerClientOptions {
  url: URL;
  instanceName: string;
  group: string;
  topicName: string;
  durable: boolean;
  /** User and password from the URL or the failover parameters; never logged. */
  username?: string;
  password?: string;
  /** For the TLS schemes: CA that verifies the broker, client certificate and key (PEM contents; broker.tls.*). */
  tls?: BrokerTls;
  log: Logger;
}

export interface BrokerTls {
  ca?: string;
  cert?: string;
  key?: string;
}

/** One parameter an adapter reads: drives validation, secret masking and forms. */
export interface AdapterParameter {
  name: string;
  type: 'string' | 'number' | 'boolean';
  required: boolean;
  sensitive: boolean;
  description: string;
}

export interface BrokerAdapter {
  /** URL schemes it serves, e.g. ['stomp', 'stomp+ssl']. */
  schemes: readonly string[];
  /** The broker, for people: 'ActiveMQ (STOMP)'. */
  label: string;
  parameters: readonly AdapterParameter[];
  /** Loads the client library only now, with an actionable error when it is missing. */
  create(options: BrokerClientOptions): Promise<BrokerClient>;
}

export const COMMON_PARAMETERS: readonly AdapterParameter[] = [
  { name: 'username', type: 'string', required: false, sensitive: false, description: 'broker user (also user:password@ in the URL)' },
  { name: 'password', type: 'string', required: false, sensitive: true, description: 'broker password' },
];

/** Imports a broker client library, saying which package to install when it is missing. */
export async function loadLibrary<T>(pkg: string, broker: string): Promise<T> {
  try {
    return (await import(pkg)) as T;
  } catch (err) {
    throw new Error(`the ${broker} transport needs the npm package '${pkg}': run \`npm install ${pkg}\` (${(err as Error).message})`, { cause: err });
  }
}
