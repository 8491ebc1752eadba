import { startNats } from '../helpers/brokers.js';
import { brokerScenarios } from './broker-scenarios.js';

// NATS 2.9 JetStream (a stream per group and topic, a durable consumer per node).
brokerScenarios('NATS JetStream', () => startNats(), (b) => b.url);
