import { startMosquitto } from '../helpers/brokers.js';
import { transportContract } from './transport-contract.js';

// A private Mosquitto: a persistent session per member, QoS 1.
transportContract('MQTT (Mosquitto)', { startBroker: () => startMosquitto(), brokerUrl: (b) => b.url });
