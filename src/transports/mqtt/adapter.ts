import { COMMON_PARAMETERS, type BrokerAdapter } from '../broker/broker-client.js';

/** MQTT: see the contract in ../broker/broker-client.ts. */
export const mqttAdapter: BrokerAdapter = {
  schemes: ['mqtt', 'mqtts'],
  label: 'MQTT',
  parameters: COMMON_PARAMETERS,
  async create() {
    throw new Error('the MQTT adapter is not built yet');
  },
};
