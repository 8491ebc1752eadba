import { COMMON_PARAMETERS, loadLibrary, type AdapterParameter, type BrokerAdapter } from '../broker/broker-client.js';
import { NatsClient, type NatsLibrary } from './nats-client.js';

const PARAMETERS: readonly AdapterParameter[] = [
  ...COMMON_PARAMETERS,
  { name: 'ackWait', type: 'number', required: false, sensitive: false, description: 'seconds before JetStream redelivers an unacknowledged message (URL query, default 30; set when the consumer is created)' },
  { name: 'maxAge', type: 'number', required: false, sensitive: false, description: 'seconds the stream keeps a message not yet acknowledged by every node (URL query, default 0 = no limit; set when the stream is created)' },
];

/**
 * NATS JetStream through the `nats` package; see the contract in ../broker/broker-client.ts.
 * One stream per group and topic (subject `<topic>.<group>.events`, file storage, interest
 * retention, created when missing), one durable consumer per node (name = instanceName), pulled
 * with explicit acks; heartbeats go over core NATS on `<topic>.<group>.heartbeats`, which no stream
 * stores. The client's own reconnect is off: BrokerTransport reconnects and fails over.
 * Credentials: user and password, or a token given as a password with no user (`nats://:TOKEN@host`,
 * which logs masked) or as a user with no password (`nats://TOKEN@host`).
 */
export const natsAdapter: BrokerAdapter = {
  schemes: ['nats', 'tls'],
  label: 'NATS JetStream',
  parameters: PARAMETERS,
  async create(options) {
    const lib = await loadLibrary<NatsLibrary>('nats', 'NATS JetStream');
    return new NatsClient(lib, options);
  },
};
