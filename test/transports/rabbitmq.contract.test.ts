import { setTimeout as delay } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amqpAdapter } from '../../src/transports/amqp/adapter.js';
import type { BrokerClient, BrokerClientOptions } from '../../src/transports/broker/broker-client.js';
import { startRabbitMQ, type BrokerHandle } from '../helpers/brokers.js';
import { transportContract } from './contract.js';

// A private RabbitMQ 3.10 (own epmd, ports, mnesia); clients log in as guest (handle.auth), so the
// bad-credentials case runs.
// - queueType=classic: RabbitMQ's quorum queues (Ra before 3.0.1) may never elect a leader again
//   when the broker is SIGKILLed within about two seconds of the queue's creation — exactly what the
//   kill-and-restart case does — and then no publish to the exchange is ever confirmed. The default
//   (quorum) is covered below, without a crash.
// - prefetch=1000: the ordering case holds 500 messages unacknowledged, more than the default 256.
transportContract('RabbitMQ (AMQP 0-9-1)', () => startRabbitMQ(), amqpAdapter, (b) => `${b.url}?prefetch=1000&queueType=classic`);

describe('RabbitMQ adapter: quorum queues (the default)', () => {
  let broker: BrokerHandle;
  const clients: BrokerClient[] = [];
  const log = pino({ level: 'silent' });
  const id = randomBytes(4).toString('hex');
  const names = { topicName: `geo${id}`, group: `g${id}` };

  beforeAll(async () => {
    broker = await startRabbitMQ();
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await broker?.stop();
  }, 60_000);

  async function client(instanceName: string, query = ''): Promise<BrokerClient> {
    const options: BrokerClientOptions = { url: new URL(`${broker.url}${query}`), instanceName, ...names, durable: true, username: 'guest', password: 'guest', log };
    const c = await amqpAdapter.create(options);
    clients.push(c);
    await c.connect();
    return c;
  }

  async function until(what: string, done: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(20);
    }
  }

  /** The queue's type, read back: a passive check cannot tell, a declaration of the other type is refused. */
  async function isQuorum(queue: string): Promise<boolean> {
    const amqp = await import('amqplib');
    const conn = await amqp.connect(broker.url);
    try {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      return await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } }).then(() => true, () => false);
    } finally {
      await conn.close().catch(() => undefined);
    }
  }

  it('declares a quorum queue per node; unacknowledged messages come again after a reconnect, in order', async () => {
    const sub = await client('nodeA');
    const got: string[] = [];
    await sub.subscribe((body) => got.push(body)); // never acknowledges
    expect(await isQuorum(`${names.topicName}.nodeA`)).toBe(true);
    const pub = await client('nodeB');
    for (const b of ['q1', 'q2', 'q3']) await pub.publish(b);
    await until('3 messages', () => got.length >= 3);
    expect(got).toEqual(['q1', 'q2', 'q3']);
    await sub.close();
    const again = await client('nodeA');
    const got2: string[] = [];
    await again.subscribe((body, ack) => {
      got2.push(body);
      ack();
    });
    await until('3 messages again', () => got2.length >= 3);
    expect(got2).toEqual(['q1', 'q2', 'q3']);
  }, 30_000);

  it('keeps an existing classic queue of the node instead of failing', async () => {
    const amqp = await import('amqplib');
    const conn = await amqp.connect(broker.url);
    await (await conn.createChannel()).assertQueue(`${names.topicName}.nodeC`, { durable: true });
    await conn.close();
    const sub = await client('nodeC');
    const got: string[] = [];
    await sub.subscribe((body, ack) => {
      got.push(body);
      ack();
    });
    expect(await isQuorum(`${names.topicName}.nodeC`)).toBe(false);
    await (await client('nodeD')).publish('to-classic');
    await until('the message', () => got.includes('to-classic'));
  }, 30_000);

  it('a bad parameter is a clear error', async () => {
    await expect(amqpAdapter.create({ url: new URL(`${broker.url}?queueType=stream`), instanceName: 'x', ...names, durable: true, log })).rejects.toThrow(/queueType=stream must be 'quorum' or 'classic'/);
  });
});
