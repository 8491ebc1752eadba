import { stompAdapter } from '../../src/transports/stomp/adapter.js';
import { startActiveMQ } from '../helpers/brokers.js';
import { transportContract } from './contract.js';

// A private ActiveMQ with a STOMP connector and the simple authentication plugin (anonymous refused),
// so the bad-credentials case runs; every other case logs in as handle.auth.
transportContract('ActiveMQ (STOMP)', () => startActiveMQ({ auth: true }), stompAdapter, (b) => b.url);
