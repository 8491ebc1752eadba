import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/cluster/envelope.js';
import { Journal } from '../../src/cluster/journal.js';
import { BrokerTransport } from '../../src/transports/broker/broker-transport.js';
import { parseBrokerUrl } from '../../src/transports/broker/failover.js';
import { stompAdapter } from '../../src/transports/stomp/adapter.js';
import { startActiveMQPair, type ActiveMQPair } from '../helpers/brokers.js';

/**
 * Broker HA as GeoServer deployments run it (jms-cluster-anatomy §2.2: failover:(a,b) over an
 * ActiveMQ shared-store master/slave pair; broker lab §2): two private brokers share one KahaDB,
 * two nodes' BrokerTransports use failover:(stomp://a,stomp://b)?randomize=false. The master is
 * killed -9 in the middle of a burst of confirmed publishes; the standby takes the store lock and
 * opens its ports; both transports move to it; every event the publisher's outbox marked as
 * published (broker receipt) reaches the subscriber's durable queue — duplicates allowed, loss not.
 */
const log = pino({ level: process.env.CONTRACT_LOG_LEVEL ?? 'silent' });
const GROUP = 'failover';
const TOPIC = 'VirtualTopic.failover';

interface Node {
  transport: BrokerTransport;
  journal: Journal;
  received: string[];
}

function node(pair: ActiveMQPair, dir: string, instanceName: string): Node {
  const journal = new Journal(path.join(dir, instanceName, 'journal.sqlite'));
  const received: string[] = [];
  const transport = new BrokerTransport({
    adapter: stompAdapter,
    urls: parseBrokerUrl(pair.failoverUrl, { maxReconnectDelay: 1000 }),
    journal,
    log: log.child({ node: instanceName }),
    self: () => ({ instanceName, group: GROUP, url: 'http://127.0.0.1:9/unused', topicName: TOPIC, durable: true }),
    heartbeat: () => ({ instanceName, group: GROUP }),
    snapshot: () => '{}',
    commit: async () => journal.commit(),
    onHello: async () => undefined,
    subscribe: () => true,
    heartbeatMs: 60_000,
  });
  void transport.start({ deliver: (m) => received.push(m) });
  return { transport, journal, received };
}

/** A local change as the replicator would journal it (only origin and seq matter here). */
function change(origin: string, seq: number): Envelope {
  return { v: 1, group: GROUP, origin, seq, hlc: [Date.now(), 0], deps: {}, op: 'put', type: 'test', id: `o${seq}` } as Envelope;
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
  let dir: string;
  const nodes: Node[] = [];

  beforeAll(async () => {
    pair = await startActiveMQPair();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-failover-'));
  }, 180_000);

  afterAll(async () => {
    for (const n of nodes) {
      await n.transport.close();
      n.journal.close();
    }
    await pair?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('kill -9 of the master during a burst of confirmed publishes: the standby takes over and every confirmed event arrives', async () => {
    expect(await pair.a.listening()).toBe(true);
    expect(await pair.b.listening(), 'the standby waits for the store lock').toBe(false);
    const sub = node(pair, dir, 'sub');
    nodes.push(sub);
    await until('the subscriber to connect to broker a', () => sub.transport.status().connected, 30_000);
    const pub = node(pair, dir, 'pub');
    nodes.push(pub);
    await until('the publisher to connect to broker a', () => pub.transport.status().connected, 30_000);
    expect(pub.transport.status().detail?.url).toBe(pair.a.stompUrl);

    // the burst: one journalled change every 5 ms for 6 s; the master dies after 1.5 s
    const confirmedAtKill: number[] = [];
    let seq = 0;
    const t0 = Date.now();
    let killed: Promise<void> | undefined;
    while (Date.now() - t0 < 6000) {
      pub.journal.append(change('pub', ++seq), true);
      pub.journal.commit();
      void pub.transport.publish([]);
      if (!killed && Date.now() - t0 > 1500) {
        confirmedAtKill.push(confirmed(pub));
        killed = pair.a.kill('SIGKILL');
      }
      await delay(5);
    }
    await killed;
    expect(confirmedAtKill[0], 'some events were confirmed by the master before it died').toBeGreaterThan(0);

    await until('broker b to take over', () => pub.transport.status().connected && sub.transport.status().connected, 60_000);
    expect(pub.transport.status().detail?.url).toBe(pair.b.stompUrl);
    expect(sub.transport.status().detail?.url).toBe(pair.b.stompUrl);
    void pub.transport.publish([]);
    await until(`the outbox to drain (${seq} events)`, () => pub.transport.unpublished === 0, 60_000);
    const all = confirmed(pub);
    expect(all).toBe(seq);
    await until(`the subscriber to have all ${seq} events`, () => uniqueSeqs(sub).size >= seq, 60_000);
    const got = uniqueSeqs(sub);
    const missing = Array.from({ length: seq }, (_, i) => i + 1).filter((s) => !got.has(s));
    expect(missing).toEqual([]);
    expect(got.size).toBe(all);
    console.log(`failover: ${seq} events, ${confirmedAtKill[0]} confirmed before the kill, ${sub.received.length} deliveries (${sub.received.length - got.size} duplicates)`);
  }, 240_000);
});

/** Events the outbox has marked published: their lsn is at or below published_lsn (own events only here). */
function confirmed(n: Node): number {
  return Number(n.journal.meta('published_lsn') ?? 0);
}

function uniqueSeqs(n: Node): Set<number> {
  const out = new Set<number>();
  for (const m of n.received) {
    const env = JSON.parse(m) as Envelope;
    if (env.origin === 'pub') out.add(env.seq);
  }
  return out;
}
