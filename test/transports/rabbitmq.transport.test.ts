import { startRabbitMQ } from '../helpers/brokers.js';
import { transportContract } from './transport-contract.js';

// A private RabbitMQ: a durable exchange and a quorum queue per member (the default), publisher confirms.
transportContract('RabbitMQ (AMQP 0-9-1)', { startBroker: () => startRabbitMQ(), brokerUrl: (b) => b.url });
