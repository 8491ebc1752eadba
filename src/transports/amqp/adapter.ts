import { COMMON_PARAMETERS, loadLibrary, type AdapterParameter, type BrokerAdapter } from '../broker/broker-client.js';
import { AmqpClient, type AmqpLibrary } from './amqp-client.js';

const PARAMETERS: readonly AdapterParameter[] = [
  ...COMMON_PARAMETERS,
  { name: 'heartbeat', type: 'number', required: false, sensitive: false, description: 'AMQP heartbeat in seconds (URL query, default 10; 0 turns it off)' },
  { name: 'prefetch', type: 'number', required: false, sensitive: false, description: 'unacknowledged messages the broker may push at once (URL query, default 256)' },
  { name: 'confirmTimeout', type: 'number', required: false, sensitive: false, description: 'seconds to wait for a publisher confirm before the connection is given up and reopened (URL query, default 30)' },
  { name: 'queueType', type: 'string', required: false, sensitive: false, description: "per-node queue type: 'quorum' (default; classic where the broker has no quorum queues) or 'classic' (URL query)" },
];

/**
 * RabbitMQ (AMQP 0-9-1) through amqplib; see the contract in ../broker/broker-client.ts.
 * Topology: a durable topic exchange `<topicName>`; events go with routing key `<group>.events`
 * into one durable queue per node, `<topicName>.<instanceName>` (quorum where the broker has them);
 * heartbeats go with `<group>.heartbeats` into a server-named exclusive queue of the connection, so
 * an offline node's queue never piles them up.
 */
export const amqpAdapter: BrokerAdapter = {
  schemes: ['amqp', 'amqps'],
  label: 'RabbitMQ (AMQP 0-9-1)',
  parameters: PARAMETERS,
  async create(options) {
    const lib = await loadLibrary<AmqpLibrary>('amqplib', 'RabbitMQ (AMQP 0-9-1)');
    return new AmqpClient(lib, options);
  },
};
