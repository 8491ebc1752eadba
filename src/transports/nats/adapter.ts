import { COMMON_PARAMETERS, type BrokerAdapter } from '../broker/broker-client.js';

/** NATS JetStream: see the contract in ../broker/broker-client.ts. */
export const natsAdapter: BrokerAdapter = {
  schemes: ['nats', 'tls'],
  label: 'NATS JetStream',
  parameters: COMMON_PARAMETERS,
  async create() {
    throw new Error('the NATS JetStream adapter is not built yet');
  },
};
