import { COMMON_PARAMETERS, type BrokerAdapter } from '../broker/broker-client.js';

/** RabbitMQ (AMQP 0-9-1): see the contract in ../broker/broker-client.ts. */
export const amqpAdapter: BrokerAdapter = {
  schemes: ['amqp', 'amqps'],
  label: 'RabbitMQ (AMQP 0-9-1)',
  parameters: COMMON_PARAMETERS,
  async create() {
    throw new Error('the RabbitMQ (AMQP 0-9-1) adapter is not built yet');
  },
};
