import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerAdapter, BrokerClient, BrokerClientOptions } from '../../src/transports/broker/broker-client.js';
import { freePort, type BrokerHandle } from '../helpers/brokers.js';

/**
 * The transport contract (src/transports/broker/broker-client.ts), run by every broker adapter
 * against its REAL broker, a private process from test/helpers/brokers.ts that the suite may
 * kill and restart. It drives the adapter's BrokerClient directly, with fresh names per test.
 *
 * One level up, the Transport contract (test/transports/transport-contract.ts) runs the embedded
 * transport and BrokerTransport over every adapter; whole nodes are covered by test/cluster/*.
 */
export interface ContractOptions {
  /**
   * How the broker dies in the kill-and-restart test; default SIGKILL. A broker that only persists
   * on a clean shutdown (Mosquitto saves by periodic snapshot) passes SIGTERM and says so.
   */
  crashSignal?: NodeJS.Signals;
  /** topicName for a unique id; default `VirtualTopic.t<id>` (ActiveMQ's virtual topic prefix, fine for all). */
  topicName?: (id: string) => string;
  /** Why the bad-credentials test cannot run, when the broker's handle has no `auth`. */
  noAuthReason?: string;
}

const WAIT_MS = 20_000;
const log = pino({ level: process.env.CONTRACT_LOG_LEVEL ?? 'silent' });

interface Delivery {
  body: string;
  ack: () => void;
}

/** What one subscription received, with a deadline-bounded wait. */
class Inbox {
  readonly got: Delivery[] = [];
  private wake: (() => void) | undefined;

  /** `autoAck`: acknowledge on receipt, as BrokerTransport does after its commit (a prefetch window never fills). */
  constructor(private readonly autoAck = false) {}

  readonly onMessage = (body: string, ack: () => void): void => {
    this.got.push({ body, ack });
    if (this.autoAck) ack();
    this.wake?.();
  };

  bodies(): string[] {
    return this.got.map((d) => d.body);
  }

  /** Waits until `n` messages (or one matching `match`) have arrived. */
  async until(what: string, done: (got: Delivery[]) => boolean, timeoutMs = WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.got)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${this.got.length}: ${this.bodies().slice(0, 10).join(', ')}${this.got.length > 10 ? ', …' : ''}`);
      await Promise.race([new Promise<void>((r) => (this.wake = r)), delay(Math.min(left, 200))]);
    }
  }

  count(n: number, timeoutMs?: number): Promise<void> {
    return this.until(`${n} messages`, (g) => g.length >= n, timeoutMs);
  }
}

function bounded<T>(what: string, p: Promise<T>, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export function transportContract(
  name: string,
  startBroker: () => Promise<BrokerHandle>,
  adapter: BrokerAdapter,
  urlOf: (b: BrokerHandle) => string,
  options: ContractOptions = {},
): void {
  describe(`${name}: BrokerClient contract`, () => {
    let broker: BrokerHandle;
    let clients: BrokerClient[] = [];
    let id = '';

    beforeAll(async () => {
      broker = await startBroker();
    }, 180_000);

    afterAll(async () => {
      await broker?.stop();
    }, 60_000);

    afterEach(async () => {
      await Promise.allSettled(clients.map((c) => bounded('close after test', c.close(), 10_000)));
      clients = [];
    });

    /** Names of one test: each test has its own topic, group and instances. */
    const names = () => {
      id = randomBytes(4).toString('hex');
      return { topicName: options.topicName?.(id) ?? `VirtualTopic.t${id}`, group: `g${id}` };
    };

    function optionsFor(instanceName: string, n: { topicName: string; group: string }, override: Partial<BrokerClientOptions> = {}): BrokerClientOptions {
      const url = new URL(urlOf(broker));
      const username = decodeURIComponent(url.username) || broker.auth?.username;
      const password = decodeURIComponent(url.password) || broker.auth?.password;
      return { url, instanceName, group: n.group, topicName: n.topicName, durable: true, username, password, log, ...override };
    }

    async function client(instanceName: string, n: { topicName: string; group: string }, override?: Partial<BrokerClientOptions>): Promise<BrokerClient> {
      const c = await adapter.create(optionsFor(instanceName, n, override));
      clients.push(c);
      await bounded(`connect of ${instanceName}`, c.connect());
      return c;
    }

    async function subscriber(instanceName: string, n: { topicName: string; group: string }, autoAck = true): Promise<[BrokerClient, Inbox]> {
      const c = await client(instanceName, n);
      const inbox = new Inbox(autoAck);
      await bounded(`subscribe of ${instanceName}`, c.subscribe(inbox.onMessage));
      return [c, inbox];
    }

    async function publishAll(c: BrokerClient, bodies: string[]): Promise<void> {
      for (const b of bodies) await bounded(`publish of ${b}`, c.publish(b));
    }

    const seq = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

    it('connect to a port where no broker listens rejects with a clear error, once, in bounded time', async () => {
      const n = names();
      const url = new URL(urlOf(broker));
      url.port = String(await freePort());
      const c = await adapter.create(optionsFor(`a${id}`, n, { url }));
      let closes = 0;
      c.onClose(() => closes++);
      const err = await bounded('connect to a closed port', c.connect().then(() => undefined, (e: Error) => e), 15_000);
      expect(err, 'connect() must reject').toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/ECONNREFUSED|refused|cannot|unreachable/i);
      expect(closes, 'onClose is for connections that were established').toBe(0);
      await bounded('close of a client that never connected', c.close());
    });

    it('publish reaches a subscriber of another node; acknowledged messages are not delivered again', async () => {
      const n = names();
      const [, inbox] = await subscriber(`a${id}`, n, false);
      const pub = await client(`b${id}`, n);
      await publishAll(pub, ['one', 'two', 'three']);
      await inbox.count(3);
      expect(inbox.bodies()).toEqual(['one', 'two', 'three']);
      for (const d of inbox.got) d.ack();
      await clients[0].close();
      // reconnect the same node: only what is published now arrives (no fixed wait: a marker ends it)
      const [, again] = await subscriber(`a${id}`, n);
      await publishAll(pub, ['marker']);
      await again.count(1);
      expect(again.bodies()).toEqual(['marker']);
    });

    it('publishTransient reaches a live subscriber', async () => {
      const n = names();
      const [, inbox] = await subscriber(`a${id}`, n);
      const pub = await client(`b${id}`, n);
      // best effort may drop one; a live subscriber on a healthy broker gets one of a few
      for (let i = 0; i < 5 && inbox.got.length === 0; i++) {
        await bounded('publishTransient', pub.publishTransient(JSON.stringify({ hb: { i } })));
        await inbox.until('a transient message', (g) => g.length > 0, 2_000).catch(() => undefined);
      }
      expect(inbox.got.length).toBeGreaterThan(0);
      expect(inbox.got[0].body).toMatch(/^\{"hb":\{"i":\d\}\}$/);
    });

    it('durable per-node subscription: what is published while the node is away arrives, in order, on reconnect', async () => {
      const n = names();
      const [sub] = await subscriber(`a${id}`, n);
      await sub.close();
      const pub = await client(`b${id}`, n);
      const sent = seq('d', 20);
      await publishAll(pub, sent);
      const [, inbox] = await subscriber(`a${id}`, n);
      await inbox.count(20);
      expect(inbox.bodies().slice(0, 20)).toEqual(sent);
    });

    it('a message not acknowledged before a disconnect is delivered again', async () => {
      const n = names();
      const [sub, inbox] = await subscriber(`a${id}`, n, false);
      const pub = await client(`b${id}`, n);
      const sent = seq('r', 5);
      await publishAll(pub, sent);
      await inbox.count(5);
      await sub.close(); // nothing acknowledged
      const [, again] = await subscriber(`a${id}`, n);
      await again.until('the 5 unacknowledged messages', (g) => sent.every((s) => g.some((d) => d.body === s)));
    });

    it('messages of one publisher arrive in publish order (500, pipelined)', async () => {
      const n = names();
      const [, inbox] = await subscriber(`a${id}`, n);
      const pub = await client(`b${id}`, n);
      const sent = seq('o', 500);
      await bounded('500 publishes', Promise.all(sent.map((b) => pub.publish(b))), 60_000);
      await inbox.count(500, 60_000);
      expect(inbox.bodies()).toEqual(sent);
    }, 120_000);

    it('after the broker is killed and restarted: clients are told, reconnect, resubscribe and get the confirmed messages', async () => {
      const n = names();
      const [sub] = await subscriber(`a${id}`, n);
      await sub.close();
      const pub = await client(`b${id}`, n);
      const live = await client(`c${id}`, n);
      const closed: (Error | undefined)[] = [];
      const told = new Promise<void>((resolve) => live.onClose((err) => (closed.push(err), resolve())));
      let pubCloses = 0;
      pub.onClose(() => pubCloses++);
      // published in one turn, as the outbox sends a backlog (ActiveMQ: one transaction)
      const sent = seq('k', 10);
      await Promise.all(sent.map((b) => bounded(`publish of ${b}`, pub.publish(b))));
      await broker.kill(options.crashSignal ?? 'SIGKILL');
      await bounded('onClose after the broker died', told, 30_000);
      expect(closed).toHaveLength(1);
      await expect(bounded('publish to a dead broker', pub.publish('lost'))).rejects.toThrow();
      await broker.restart();
      const [again, inbox] = await reconnectingSubscriber(`a${id}`, n);
      await inbox.count(10);
      expect(inbox.bodies().slice(0, 10)).toEqual(sent);
      const pub2 = await client(`b${id}`, n);
      await publishAll(pub2, ['after']);
      await inbox.until("'after'", (g) => g.some((d) => d.body === 'after'));
      expect(again).toBeDefined();
      expect(pubCloses, 'onClose fires once').toBe(1);
    }, 180_000);

    /** The broker was just restarted: connect attempts may be refused a little longer. */
    async function reconnectingSubscriber(instanceName: string, n: { topicName: string; group: string }): Promise<[BrokerClient, Inbox]> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          return await subscriber(instanceName, n);
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await delay(200);
        }
      }
    }

    it('close while publishing: every pending publish settles, close resolves, nothing hangs; onClose fires once', async () => {
      const n = names();
      const pub = await client(`b${id}`, n);
      let closes = 0;
      pub.onClose(() => closes++);
      const pending = Promise.allSettled(seq('c', 200).map((b) => pub.publish(b)));
      await bounded('close while publishing', pub.close(), 10_000);
      const settled = await bounded('the pending publishes', pending, 10_000);
      expect(settled).toHaveLength(200);
      await expect(bounded('publish after close', pub.publish('late'))).rejects.toThrow();
      await bounded('second close', pub.close());
      expect(closes).toBe(1);
    });

    it('bad credentials: connect rejects with a clear error that does not show the password', async (ctx) => {
      if (!broker.auth) ctx.skip(options.noAuthReason ?? 'the private broker has no authentication configured');
      const n = names();
      const url = new URL(urlOf(broker));
      url.username = '';
      url.password = '';
      const wrong = `wrong-${randomBytes(6).toString('hex')}`;
      const c = await adapter.create(optionsFor(`a${id}`, n, { url, username: broker.auth!.username, password: wrong }));
      clients.push(c);
      const err = await bounded('connect with a wrong password', c.connect().then(() => undefined, (e: Error) => e));
      expect(err, 'connect() must reject').toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/auth|password|credential|login|denied|refused|not authori[sz]ed|invalid|user/i);
      expect((err as Error).message).not.toContain(wrong);
    });
  });
}
