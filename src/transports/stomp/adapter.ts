import { COMMON_PARAMETERS, type BrokerAdapter } from '../broker/broker-client.js';

/** ActiveMQ (STOMP): see the contract in ../broker/broker-client.ts. */
export const stompAdapter: BrokerAdapter = {
  schemes: ['stomp', 'stomp+ssl'],
  label: 'ActiveMQ (STOMP)',
  parameters: COMMON_PARAMETERS,
  async create() {
    throw new Error('the ActiveMQ (STOMP) adapter is not built yet');
  },
};
