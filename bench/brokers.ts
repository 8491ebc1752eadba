import { createLogger } from '../src/logger.js';
import { stompAdapter } from '../src/transports/stomp/adapter.js';
import { startActiveMQ, startMosquitto, startNats, startRabbitMQ, type BrokerHandle } from '../test/helpers/brokers.js';

const STARTERS: Record<string, () => Promise<BrokerHandle>> = {
  activemq: async () => warmUp(await startActiveMQ()),
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

/** Events the ActiveMQ warm-up publishes, and how many go together in one message (a workspace create's). */
const WARM_UP_EVENTS = 12_000;
const WARM_UP_BATCH = 2;
const WARM_UP_LOOPS = 4;

/**
 * A fresh JVM compiles its hot code during its first tens of thousands of messages: in a burst of
 * 3,000 changes right after start, two thirds of the broker's CPU went to its JIT compiler threads.
 * A broker in service has long done that, so the benchmarks measure one that has: the cluster's
 * traffic (persistent messages of two events from three publishers to a virtual topic, three
 * consumer queues, individual acknowledgements) runs through the adapter first, on a topic of its own.
 */
async function warmUp(broker: BrokerHandle): Promise<BrokerHandle> {
  const log = createLogger('silent');
  const url = new URL(broker.url);
  const clients = await Promise.all(
    ['warm1', 'warm2', 'warm3'].map(async (instanceName) => {
      const client = await stompAdapter.create({ url, instanceName, group: 'warm-up', topicName: 'VirtualTopic.warmup', durable: true, log });
      await client.connect();
      return client;
    }),
  );
  try {
    let received = 0;
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await Promise.all(
      clients.map((c) =>
        c.subscribe((_body, ack) => {
          ack();
          if (++received === WARM_UP_EVENTS * clients.length) done();
        }),
      ),
    );
    const body = JSON.stringify({ warmUp: 'x'.repeat(600) });
    // each publisher keeps a few messages in flight, as a node's outbox does in a burst
    const loops = clients.flatMap((c) => Array.from({ length: WARM_UP_LOOPS }, () => c));
    await Promise.all(
      loops.map(async (c) => {
        for (let sent = 0; sent < WARM_UP_EVENTS / loops.length; sent += WARM_UP_BATCH) {
          await Promise.all(Array.from({ length: WARM_UP_BATCH }, () => c.publish(body)));
        }
      }),
    );
    await all;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  return broker;
}
