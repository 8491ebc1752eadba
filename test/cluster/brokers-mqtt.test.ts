import { startMosquitto } from '../helpers/brokers.js';
import { brokerScenarios } from './broker-scenarios.js';

// Mosquitto 2.0 over MQTT 3.1.1 (a persistent session per node, QoS 1). Mosquitto persists by
// snapshot (autosave_interval 1 s here), so its SIGKILL in scenario 3 loses messages it had already
// acknowledged: the nodes repair them from their peers' journals.
brokerScenarios('MQTT (Mosquitto)', () => startMosquitto(), (b) => b.url);
