import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, type IMessage } from '@stomp/stompjs';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerClient, BrokerClientOptions } from '../../src/transports/broker/broker-client.js';
import { stompAdapter } from '../../src/transports/stomp/adapter.js';
import { startActiveMQ, type ActiveMQHandle } from '../helpers/brokers.js';

/**
 * What is particular to the ActiveMQ (STOMP) adapter, beyond the shared contract
 * (activemq.contract.test.ts): the GeoServer JMS cluster module's destination names, heartbeats
 * that never pile up in an absent node's queue, events published together in one message, stomp+ssl,
 * and names ActiveMQ cannot route.
 */
const log = pino({ level: process.env.CONTRACT_LOG_LEVEL ?? 'silent' });

describe('ActiveMQ (STOMP) adapter', () => {
  let broker: ActiveMQHandle;
  let clients: BrokerClient[] = [];
  const raw: Client[] = [];

  beforeAll(async () => {
    broker = await startActiveMQ({ auth: true, tls: true });
  }, 180_000);

  afterEach(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    clients = [];
    await Promise.allSettled(raw.splice(0).map((c) => c.deactivate()));
  });

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  const unique = () => randomBytes(4).toString('hex');

  function options(instanceName: string, topicName: string, url = broker.url): BrokerClientOptions {
    return { url: new URL(url), instanceName, group: 'g', topicName, durable: true, ...broker.auth, log };
  }

  async function connected(o: BrokerClientOptions): Promise<BrokerClient> {
    const c = await stompAdapter.create(o);
    clients.push(c);
    await c.connect();
    return c;
  }

  /** A plain STOMP client, as another ActiveMQ user (or GeoServer's side of a mixed setup) would be. */
  async function plainClient(): Promise<Client> {
    const port = Number(new URL(broker.url).port);
    const c = new Client({ webSocketFactory: () => new TCPWrapper('127.0.0.1', port), connectHeaders: { login: broker.auth!.username, passcode: broker.auth!.password }, reconnectDelay: 0, debug: () => undefined });
    raw.push(c);
    await new Promise<void>((resolve, reject) => {
      c.onConnect = () => resolve();
      c.onStompError = (f) => reject(new Error(f.headers.message));
      c.activate();
    });
    return c;
  }

  async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(20);
    }
  }

  it("uses the JMS cluster module's names: publishes to topic <topicName>, consumes queue Consumer.<instanceName>.<topicName>", async () => {
    const topic = `VirtualTopic.names${unique()}`;
    const plain = await plainClient();
    const seen: string[] = [];
    // the queue GeoServer's JMSActiveMQFactory would consume for instance 'other'
    const receipt = `r${unique()}`;
    const subscribed = new Promise<void>((resolve) => plain.watchForReceipt(receipt, () => resolve()));
    plain.subscribe(`/queue/Consumer.other.${topic}`, (m: IMessage) => seen.push(m.body), { ack: 'auto', receipt });
    await subscribed;
    const node = await connected(options('node1', topic));
    const inbox: string[] = [];
    await node.subscribe((body, ack) => (inbox.push(body), ack()));
    await node.publish('from-node1');
    await until('the plain consumer of Consumer.other.<topic> to get it', () => seen.includes('from-node1'));
    // and a message sent to the topic by anyone reaches the node's queue
    plain.publish({ destination: `/topic/${topic}`, body: 'from-plain', headers: { persistent: 'true' } });
    await until('the node to get the plain message', () => inbox.includes('from-plain'));
    expect(inbox).toContain('from-node1'); // a node's own messages come back too: the protocol drops them
  });

  it('heartbeats (publishTransient) reach live nodes only: they never pile up in an absent node queue', async () => {
    const topic = `VirtualTopic.hb${unique()}`;
    const live = await connected(options('live', topic));
    const beats: string[] = [];
    await live.subscribe((body, ack) => (beats.push(body), ack()));
    const away = await connected(options('away', topic));
    await away.subscribe(() => undefined);
    await away.close();
    const pub = await connected(options('pub', topic));
    for (let i = 0; i < 3; i++) await pub.publishTransient(`{"hb":{"i":${i}}}`);
    await pub.publish('event'); // its receipt means the broker has handled the heartbeats sent before it
    await until('the live node to get the heartbeats', () => beats.filter((b) => b.startsWith('{"hb"')).length === 3);
    // what waits in the absent node's queue, read with an ActiveMQ STOMP queue browser (no consumer, nothing taken)
    const plain = await plainClient();
    const queued: string[] = [];
    let ended = false;
    plain.subscribe(`/queue/Consumer.away.${topic}`, (m: IMessage) => (m.headers.browser === 'end' ? (ended = true) : queued.push(m.body)), { browser: 'true' });
    await until('the end of the queue browse', () => ended);
    expect(queued).toEqual(['event']);
  });

  it('stomp+ssl: connects with the CA from ?ca=, and says why when the certificate is not trusted', async () => {
    const topic = `VirtualTopic.tls${unique()}`;
    const secure = await connected(options('tls1', topic, `${broker.stompSslUrl}?ca=${encodeURIComponent(broker.caFile!)}`));
    const inbox: string[] = [];
    await secure.subscribe((body, ack) => (inbox.push(body), ack()));
    await secure.publish('over-tls');
    await until('the message over TLS', () => inbox.includes('over-tls'));

    const untrusted = await stompAdapter.create(options('tls2', topic, broker.stompSslUrl));
    clients.push(untrusted);
    await expect(untrusted.connect()).rejects.toThrow(/stomp\+ssl:\/\/127\.0\.0\.1:\d+: self-signed certificate/);
    await expect(stompAdapter.create(options('tls3', topic, `${broker.stompSslUrl}?ca=/nonexistent/ca.pem`))).rejects.toThrow(/cannot read the CA file/);
  });

  it('durable=false subscribes to the topic itself: nothing published while the node is away reaches it', async () => {
    const topic = `VirtualTopic.nd${unique()}`;
    const first = await connected({ ...options('nd', topic), durable: false });
    await first.subscribe(() => undefined);
    await first.close();
    const pub = await connected(options('pub', topic));
    await pub.publish('missed');
    const back = await connected({ ...options('nd', topic), durable: false });
    const inbox: string[] = [];
    await back.subscribe((body, ack) => (inbox.push(body), ack()));
    await pub.publish('live');
    await until('the live message', () => inbox.length > 0);
    expect(inbox[0]).toBe('live');
  });

  it('events published together travel as one message, one a line, and arrive one by one; it is acknowledged once all of them are', async () => {
    const topic = `VirtualTopic.batch${unique()}`;
    const plain = await plainClient();
    const frames: IMessage[] = [];
    const receipt = `r${unique()}`;
    const subscribed = new Promise<void>((resolve) => plain.watchForReceipt(receipt, () => resolve()));
    plain.subscribe(`/queue/Consumer.other.${topic}`, (m: IMessage) => frames.push(m), { ack: 'auto', receipt });
    await subscribed;
    const first = await connected(options('b1', topic));
    const taken: string[] = [];
    // the third event is never acknowledged: the message must come again, whole
    await first.subscribe((body, ack) => (taken.push(body), body === 'e3' ? undefined : ack()));
    const pub = await connected(options('b2', topic));
    const withLineBreak = 'a line\nbreak';
    await Promise.all(['e1', 'e2', 'e3', withLineBreak].map((body) => pub.publish(body)));
    await until('the messages at the plain consumer', () => frames.length === 2);
    expect(frames.map((m) => [m.headers.events, m.body])).toEqual([['3', 'e1\ne2\ne3'], [undefined, withLineBreak]]);
    await until('the events at the node', () => taken.length === 4);
    expect(taken).toEqual(['e1', 'e2', 'e3', withLineBreak]);
    await first.close();
    const again = await connected(options('b1', topic));
    const redelivered: string[] = [];
    await again.subscribe((body, ack) => (redelivered.push(body), ack()));
    await until('the unacknowledged message again', () => redelivered.length === 3);
    expect(redelivered).toEqual(['e1', 'e2', 'e3']);
  });

  it('carries any UTF-8 text unchanged (content-length counts bytes, not characters)', async () => {
    const topic = `VirtualTopic.utf${unique()}`;
    const sub = await connected(options('u1', topic));
    const inbox: string[] = [];
    await sub.subscribe((body, ack) => (inbox.push(body), ack()));
    const pub = await connected(options('u2', topic));
    const text = JSON.stringify({ name: 'Zürich – 東京 ✓ 🗺', nul: '\u0000', nl: 'a\nb:c' });
    await pub.publish(text);
    await until('the UTF-8 message', () => inbox.length > 0);
    expect(inbox[0]).toBe(text);
  });

  it('refuses an instanceName that an ActiveMQ virtual topic cannot route (Consumer.*.<topic> is one name element)', async () => {
    await expect(stompAdapter.create(options('node.1', 'VirtualTopic.x'))).rejects.toThrow(/instanceName 'node\.1'.*must not contain '\.'/);
  });

  it('an OpenWire port behind a stomp:// URL fails fast with a hint', async () => {
    const c = await stompAdapter.create(options('ow', 'VirtualTopic.x', broker.openwireUrl.replace(/^tcp:/, 'stomp:')));
    clients.push(c);
    await expect(c.connect()).rejects.toThrow(/before STOMP CONNECTED \(is this its STOMP port\?\)/);
  });
});
