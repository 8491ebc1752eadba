import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerClient } from '../../src/transports/broker/broker-client.js';
import { natsAdapter } from '../../src/transports/nats/adapter.js';
import { token } from '../../src/transports/nats/nats-client.js';
import { startNats, type BrokerHandle } from '../helpers/brokers.js';
import { transportContract } from './contract.js';

// A private nats-server 2.9 with JetStream and one required user (handle.auth), so the
// bad-credentials case runs. JetStream writes its file store before the PubAck: it survives SIGKILL.
transportContract('NATS JetStream', () => startNats({ auth: true }), natsAdapter, (b) => b.url);

describe('NATS adapter: stream and consumer lifecycle', () => {
  let broker: BrokerHandle;
  const clients: BrokerClient[] = [];
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    broker = await startNats();
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await broker?.stop();
  });

  async function client(instanceName: string): Promise<BrokerClient> {
    const c = await natsAdapter.create({ url: new URL(broker.url), instanceName, group: 'grp', topicName: 'geo.events', durable: true, log });
    clients.push(c);
    await c.connect();
    return c;
  }

  async function until(what: string, done: () => boolean, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(20);
    }
  }

  it('names: subject tokens and stream names keep only safe characters, a hash keeps altered names apart', () => {
    expect(token('node-1_A')).toBe('node-1_A');
    expect(token('a.b')).toMatch(/^a_b_[0-9a-f]{8}$/);
    expect(token('a.b')).not.toBe(token('a_b'));
    expect(token('x > *')).toMatch(/^x_{4}_[0-9a-f]{8}$/);
  });

  it('a consumer deleted under a live client closes it; connecting again creates the consumer again', async () => {
    const a = await client('nodeA');
    let closed: Error | undefined | 'open' = 'open';
    a.onClose((err) => (closed = err));
    await a.subscribe((_body, ack) => ack());
    const { connect } = await import('nats');
    const nc = await connect({ servers: broker.url.replace('nats://', '') });
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.consumers.delete(`${token('geo.events')}_grp`, 'nodeA');
      await until('onClose', () => closed !== 'open');
      expect(String((closed as unknown as Error)?.message)).toMatch(/consumer .* is gone/);
      const again = await client('nodeA');
      const got: string[] = [];
      await again.subscribe((body, ack) => {
        got.push(body);
        ack();
      });
      await (await client('nodeB')).publish('after');
      await until("'after'", () => got.includes('after'));
    } finally {
      await nc.close();
    }
  }, 30_000);
});
