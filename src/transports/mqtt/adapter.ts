import { COMMON_PARAMETERS, loadLibrary, type AdapterParameter, type BrokerAdapter } from '../broker/broker-client.js';
import { MqttClient, type MqttLibrary } from './mqtt-client.js';

const PARAMETERS: readonly AdapterParameter[] = [
  ...COMMON_PARAMETERS,
  { name: 'keepalive', type: 'number', required: false, sensitive: false, description: 'MQTT keep-alive in seconds (URL query, default 10)' },
  { name: 'clientIdMaxLength', type: 'number', required: false, sensitive: false, description: 'longest client id the broker takes; longer instance names get a hash suffix (URL query, default 23 as MQTT 3.1.1 guarantees; 0 = no limit)' },
];

/**
 * MQTT 3.1.1 (Mosquitto, EMQX, HiveMQ, ActiveMQ…) through mqtt.js; see the contract in
 * ../broker/broker-client.ts. The durable subscription is a persistent session (clean: false,
 * client id from instanceName) subscribed with QoS 1 to `<topicName>/<group>/events`;
 * heartbeats are QoS 0 on `<topicName>/<group>/heartbeats`, which brokers do not queue for an
 * offline session.
 *
 * Mosquitto keeps its store in memory and writes it every `autosave_interval` (default 1800 s) and
 * at a clean shutdown: a SIGKILL loses messages it had already PUBACKed. It also drops messages
 * beyond `max_queued_messages` (default 1000) for an offline session. The protocol repairs both
 * from peers' journals; operators should still set autosave_interval low and max_queued_messages high.
 */
export const mqttAdapter: BrokerAdapter = {
  schemes: ['mqtt', 'mqtts'],
  label: 'MQTT',
  parameters: PARAMETERS,
  async create(options) {
    const lib = await loadLibrary<MqttLibrary>('mqtt', 'MQTT');
    return new MqttClient(lib, options);
  },
};
