import { amqpAdapter } from './amqp/adapter.js';
import type { BrokerAdapter } from './broker/broker-client.js';
import { mqttAdapter } from './mqtt/adapter.js';
import { natsAdapter } from './nats/adapter.js';
import { stompAdapter } from './stomp/adapter.js';

/** Broker adapters by URL scheme. Their client libraries load only when a node uses them. */
export const ADAPTERS: readonly BrokerAdapter[] = [stompAdapter, amqpAdapter, natsAdapter, mqttAdapter];

export function adapterFor(scheme: string): BrokerAdapter | undefined {
  return ADAPTERS.find((a) => a.schemes.includes(scheme));
}
