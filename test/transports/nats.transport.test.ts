import { startNats } from '../helpers/brokers.js';
import { transportContract } from './transport-contract.js';

// A private nats-server with JetStream: a stream per group, a durable consumer per member.
transportContract('NATS JetStream', { startBroker: () => startNats(), brokerUrl: (b) => b.url });
