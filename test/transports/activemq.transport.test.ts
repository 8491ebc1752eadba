import { startActiveMQ } from '../helpers/brokers.js';
import { transportContract } from './transport-contract.js';

// A private ActiveMQ with a STOMP connector: Virtual Topic `topicName`, queues Consumer.<instanceName>.<topicName>.
transportContract('ActiveMQ (STOMP)', { startBroker: () => startActiveMQ(), brokerUrl: (b) => b.url });
