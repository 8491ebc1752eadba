import { startActiveMQ, startMosquitto, startNats, startRabbitMQ, type BrokerHandle } from '../test/helpers/brokers.js';

const STARTERS: Record<string, () => Promise<BrokerHandle>> = {
  activemq: () => startActiveMQ(),
  rabbitmq: () => startRabbitMQ(),
  nats: () => startNats(),
  mqtt: () => startMosquitto(),
};

/** A private broker for a transport named on a benchmark's command line; undefined for 'embedded'. */
export async function startBroker(transport: string): Promise<BrokerHandle | undefined> {
  if (transport === 'embedded') return undefined;
  const start = STARTERS[transport];
  if (!start) throw new Error(`unknown transport '${transport}' (embedded, ${Object.keys(STARTERS).join(', ')})`);
  return start();
}
