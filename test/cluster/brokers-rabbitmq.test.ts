import { startRabbitMQ } from '../helpers/brokers.js';
import { brokerScenarios } from './broker-scenarios.js';

// RabbitMQ 3.10 over AMQP 0-9-1 (a durable queue per node bound to the topic's exchange).
brokerScenarios('RabbitMQ (AMQP 0-9-1)', () => startRabbitMQ(), (b) => b.url);
