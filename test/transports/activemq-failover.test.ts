import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerTransport } from '../../src/transports/broker/broker-transport.js';
import { parseBrokerUrl } from '../../src/transports/broker/failover.js';
import { stompAdapter } from '../../src/transports/stomp/adapter.js';
import { freePort, startActiveMQPair, type ActiveMQPair } from '../helpers/brokers.js';
import { log, TransportMember } from '../helpers/transport-member.js';

/**
 * Broker HA as GeoServer deployments run it (jms-cluster-anatomy §2.2: failover:(a,b) over an
 * ActiveMQ shared-store master/slave pair; broker lab §2): two private brokers share one KahaDB,
 * two nodes' BrokerTransports use failover:(stomp://a,stomp://b)?randomize=false. The master is
 * killed -9 in the middle of a burst of confirmed publishes; the standby takes the store lock and
 * opens its ports; both transports move to it; every event the publisher's outbox marked as
 * published (broker receipt) reaches the subscriber's durable queue — duplicates allowed, loss not.
 */
const GROUP = 'failover';
const TOPIC = 'VirtualTopic.failover';

/**
 * A node's BrokerTransport over the failover URL. Heartbeats are sent only once a minute, so no
 * repair from the peer's journal can make up for an event the brokers lost: what arrives came
 * through the brokers.
 */
async function node(pair: ActiveMQPair, instanceName: string): Promise<TransportMember> {
  const member = await TransportMember.start({ instanceName, port: await freePort(), env: { brokerURL: pair.failoverUrl, group: GROUP, topicName: TOPIC } });
  const urls = parseBrokerUrl(pair.failoverUrl, { maxReconnectDelay: 1000 });
  const transport = member.makeTransport((ports) => new BrokerTransport({ adapter: stompAdapter, urls, ports, log: log.child({ node: instanceName }), heartbeatMs: 60_000 }));
  void transport.start(member.sink());
  return member;
}

async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(25);
  }
}

describe('ActiveMQ shared-store pair behind failover:(stomp://a,stomp://b)', () => {
  let pair: ActiveMQPair;
  const nodes: TransportMember[] = [];

  beforeAll(async () => {
    pair = await startActiveMQPair();
  }, 180_000);

  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await pair?.stop();
  }, 60_000);

  it('kill -9 of the master during a burst of confirmed publishes: the standby takes over and every confirmed event arrives', async () => {
    expect(await pair.a.listening()).toBe(true);
    expect(await pair.b.listening(), 'the standby waits for the store lock').toBe(false);
    const sub = await node(pair, 'sub');
    nodes.push(sub);
    await until('the subscriber to connect to broker a', () => sub.transport.status().connected, 30_000);
    const pub = await node(pair, 'pub');
    nodes.push(pub);
    await until('the publisher to connect to broker a', () => pub.transport.status().connected, 30_000);
    expect(pub.transport.status().detail?.url).toBe(pair.a.stompUrl);

    // the burst: one journalled change every 5 ms for 6 s; the master dies after 1.5 s, once it has
    // confirmed some (the outbox's own count: the journal records its position with a later commit)
    const confirmedAtKill: number[] = [];
    let seq = 0;
    const t0 = Date.now();
    let killed: Promise<void> | undefined;
    while (Date.now() - t0 < 6000) {
      pub.journalOnly(1);
      seq++;
      pub.transport.notify();
      const confirmedNow = seq - pub.transport.unpublished();
      if (!killed && Date.now() - t0 > 1500 && confirmedNow > 0) {
        confirmedAtKill.push(confirmedNow);
        killed = pair.a.kill('SIGKILL');
      }
      await delay(5);
    }
    await killed;
    expect(confirmedAtKill[0], 'some events were confirmed by the master before it died').toBeGreaterThan(0);

    await until('broker b to take over', () => pub.transport.status().connected && sub.transport.status().connected, 60_000);
    expect(pub.transport.status().detail?.url).toBe(pair.b.stompUrl);
    expect(sub.transport.status().detail?.url).toBe(pair.b.stompUrl);
    pub.transport.notify();
    await until(`the outbox to drain (${seq} events)`, () => pub.transport.unpublished() === 0, 60_000);
    const all = confirmed(pub);
    expect(all).toBe(seq);
    await until(`the subscriber to have all ${seq} events`, () => uniqueSeqs(sub).size >= seq, 60_000);
    const got = uniqueSeqs(sub);
    const missing = Array.from({ length: seq }, (_, i) => i + 1).filter((s) => !got.has(s));
    expect(missing).toEqual([]);
    expect(got.size).toBe(all);
    console.log(`failover: ${seq} events, ${confirmedAtKill[0]} confirmed before the kill, ${sub.deliveries.length} deliveries (${sub.deliveries.length - got.size} duplicates)`);
  }, 240_000);
});

/** Events the journal records as published: their lsn is at or below its published_lsn (own events only here). */
function confirmed(n: TransportMember): number {
  return Number(n.journal.meta('published_lsn') ?? 0);
}

function uniqueSeqs(n: TransportMember): Set<number> {
  return new Set(n.deliveries.filter((d) => d.origin === 'pub').map((d) => d.seq));
}
