import { isIP } from 'node:net';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from '../../logger.js';
import { ConnectionState } from '../broker/connection-state.js';
import type { BrokerClient, BrokerClientOptions } from '../broker/broker-client.js';

export type AmqpLibrary = typeof import('amqplib');

/** AMQP reply codes the adapter reacts to (AMQP 0-9-1 §1.2 constants). */
const ACCESS_REFUSED = 403;
const NOT_FOUND = 404;
const PRECONDITION_FAILED = 406;
const NOT_ALLOWED = 530;
const NOT_IMPLEMENTED = 540;

const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 3_000;

interface Settings {
  host: string;
  port: number;
  vhost: string;
  heartbeat: number;
  prefetch: number;
  queueType: 'quorum' | 'classic';
  confirmTimeoutMs: number;
}

/** One connection to one RabbitMQ broker: a confirm channel to publish, a channel to consume. */
export class AmqpClient implements BrokerClient {
  private readonly settings: Settings;
  private readonly exchange: string;
  private readonly groupKey: string;
  private readonly log: Logger;
  private conn: ChannelModel | undefined;
  private pub: ConfirmChannel | undefined;
  private sub: Channel | undefined;
  private readonly state = new ConnectionState('RabbitMQ');
  private blocked = false;
  /** connect() resolved: only then is there a connection to lose, and onClose to fire. */

  constructor(
    private readonly lib: AmqpLibrary,
    private readonly o: BrokerClientOptions,
  ) {
    this.settings = settingsOf(o.url);
    this.exchange = o.topicName;
    // a routing-key word: dots separate words, '*' and '#' are wildcards in bindings
    this.groupKey = o.group.replace(/[.*#]/g, '_') || '_';
    this.log = o.log.child({ broker: `${o.url.protocol}//${this.settings.host}:${this.settings.port}` });
  }

  async connect(): Promise<void> {
    const s = this.settings;
    const tls = this.o.url.protocol === 'amqps:';
    const connectOptions: Options.Connect = {
      protocol: tls ? 'amqps' : 'amqp',
      hostname: s.host,
      port: s.port,
      vhost: s.vhost,
      heartbeat: s.heartbeat,
      username: this.o.username ?? 'guest',
      password: this.o.password ?? 'guest',
    };
    const socketOptions = {
      timeout: CONNECT_TIMEOUT_MS,
      // small messages one at a time: without this, Nagle's algorithm holds each back ~40 ms
      noDelay: true,
      clientProperties: { connection_name: `geocluster ${this.o.instanceName}` },
      ...(tls && isIP(s.host) === 0 ? { servername: s.host } : {}),
      ...(tls ? { ca: this.o.tls?.ca, cert: this.o.tls?.cert, key: this.o.tls?.key } : {}),
    };
    let conn: ChannelModel;
    try {
      conn = await this.lib.connect(connectOptions, socketOptions);
    } catch (err) {
      throw this.connectError(err as Error & { code?: unknown });
    }
    this.conn = conn;
    conn.on('error', (err: Error) => this.fail(err));
    conn.on('close', (err?: Error) => this.fail(err ?? (this.state.closed ? undefined : new Error('the broker closed the connection'))));
    conn.on('blocked', (reason: string) => {
      this.blocked = true;
      this.log.warn({ reason }, 'RabbitMQ blocks publishing (resource alarm)');
    });
    conn.on('unblocked', () => {
      this.blocked = false;
      this.log.info('RabbitMQ publishing unblocked');
    });
    try {
      const pub = await conn.createConfirmChannel();
      pub.on('error', (err: Error) => this.fail(err));
      pub.on('close', () => this.fail(new Error('the publishing channel closed')));
      await pub.assertExchange(this.exchange, 'topic', { durable: true });
      this.pub = pub;
    } catch (err) {
      await this.close();
      throw new Error(`RabbitMQ: cannot declare the exchange '${this.exchange}': ${(err as Error).message}`, { cause: err });
    }
    if (this.state.closed) throw new Error(`RabbitMQ at ${s.host}:${s.port} closed the connection while it was being set up`);
    this.state.established = true;
  }

  async subscribe(onMessage: (body: string, ack: () => void) => void): Promise<void> {
    const conn = this.conn;
    if (this.state.closed || !conn) throw new Error('RabbitMQ connection is closed');
    try {
      await this.consume(conn, onMessage);
    } catch (err) {
      // half a subscription is none: close, so that the next connection starts over
      await this.failAndClose(err as Error);
      throw err;
    }
  }

  private async consume(conn: ChannelModel, onMessage: (body: string, ack: () => void) => void): Promise<void> {
    const queue = this.o.durable ? await this.declareNodeQueue(conn) : '';
    const sub = await conn.createChannel();
    sub.on('error', (err: Error) => this.fail(err));
    sub.on('close', () => this.fail(new Error('the consuming channel closed')));
    this.sub = sub;
    await sub.prefetch(this.settings.prefetch);
    const events = queue || (await sub.assertQueue('', { exclusive: true, autoDelete: true, durable: false })).queue;
    await sub.bindQueue(events, this.exchange, `${this.groupKey}.events`);
    await sub.consume(events, (msg) => this.onDelivery(sub, msg, onMessage), { noAck: false });
    const beats = (await sub.assertQueue('', { exclusive: true, autoDelete: true, durable: false })).queue;
    await sub.bindQueue(beats, this.exchange, `${this.groupKey}.heartbeats`);
    await sub.consume(beats, (msg) => msg && onMessage(msg.content.toString('utf8'), () => undefined), { noAck: true });
  }

  publish(body: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const pub = this.pub;
      if (this.state.closed || !pub) return reject(new Error('RabbitMQ connection is closed'));
      this.state.pending.add(reject);
      const timer = setTimeout(() => this.unconfirmed(), this.settings.confirmTimeoutMs);
      const options: Options.Publish = { persistent: true, deliveryMode: 2, contentType: 'application/json' };
      const settled = () => {
        clearTimeout(timer);
        this.state.pending.delete(reject);
      };
      try {
        pub.publish(this.exchange, `${this.groupKey}.events`, Buffer.from(body, 'utf8'), options, (err: unknown) => {
          settled();
          if (err) reject(new Error('RabbitMQ did not take the message (nack)', { cause: err }));
          else resolve();
        });
      } catch (err) {
        settled();
        reject(err as Error);
      }
    });
  }

  /**
   * A confirm that never comes (outside a resource alarm) means a queue that cannot take messages,
   * e.g. a quorum queue left without a leader: RabbitMQ before Ra 3.0.1 may not elect one again
   * when the broker was killed within about two seconds of the queue's creation. Closing makes
   * the failure visible (BrokerTransport's lastError) and retried instead of a silent stall.
   */
  private unconfirmed(): void {
    if (this.blocked || this.state.closed) return;
    const err = new Error(`RabbitMQ did not confirm a message within ${this.settings.confirmTimeoutMs / 1000} s: a queue bound to exchange '${this.exchange}' may be unavailable (a quorum queue without a leader? see rabbitmq-queues quorum_status)`);
    this.log.warn({ err: err.message }, 'publish not confirmed; closing the connection');
    void this.failAndClose(err);
  }

  async publishTransient(body: string): Promise<void> {
    const pub = this.pub;
    if (this.state.closed || !pub) throw new Error('RabbitMQ connection is closed');
    pub.publish(this.exchange, `${this.groupKey}.heartbeats`, Buffer.from(body, 'utf8'), { persistent: false, contentType: 'application/json' });
  }

  onClose(listener: (err?: Error) => void): void {
    this.state.onClose(listener);
  }

  async close(): Promise<void> {
    const conn = this.conn;
    this.fail(undefined);
    if (!conn) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
    // channels first: a channel's close-ok comes after the broker has taken its acks, whereas
    // amqplib may write the connection's close ahead of acks still queued on a channel
    const channels = [this.sub, this.pub].filter((c): c is Channel => c !== undefined);
    await Promise.race([Promise.all(channels.map((c) => c.close().catch(() => undefined))), timeout]);
    await Promise.race([conn.close().catch(() => undefined), timeout]);
    clearTimeout(timer);
    // a broker that stopped answering never sends close-ok: drop the socket
    (conn as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }

  private onDelivery(sub: Channel, msg: ConsumeMessage | null, onMessage: (body: string, ack: () => void) => void): void {
    if (msg === null) {
      // the broker cancelled the consumer: the queue was deleted; reconnecting declares it again
      void this.failAndClose(new Error('RabbitMQ cancelled the subscription (queue deleted?)'));
      return;
    }
    let acked = false;
    onMessage(msg.content.toString('utf8'), () => {
      if (acked || this.state.closed || this.sub !== sub) return;
      acked = true;
      sub.ack(msg);
    });
  }

  /** The node's durable queue: quorum where the broker has quorum queues (3.8+), else classic. */
  private async declareNodeQueue(conn: ChannelModel): Promise<string> {
    const name = `${this.o.topicName}.${this.o.instanceName}`;
    const quorum = this.settings.queueType === 'quorum';
    const refused = await this.tryDeclare(conn, name, quorum ? { durable: true, arguments: { 'x-queue-type': 'quorum' } } : { durable: true });
    if (refused === true) return name;
    // PRECONDITION_FAILED: the queue exists with other arguments (e.g. an earlier classic one): keep it
    if ((await this.tryDeclare(conn, name, undefined)) === true) {
      this.log.info({ queue: name, reason: refused.message }, 'kept the existing queue of this node as it is');
      return name;
    }
    const classic = quorum ? await this.tryDeclare(conn, name, { durable: true }) : refused;
    if (classic !== true) throw new Error(`RabbitMQ: cannot declare the queue '${name}': ${classic.message}`, { cause: classic });
    this.log.info({ queue: name, reason: refused.message }, 'this RabbitMQ has no quorum queues; using a classic durable queue');
    return name;
  }

  /**
   * Declares (or, with no options, checks for) a queue on a channel of its own, because a refused
   * declaration closes its channel. Resolves true, or the broker's refusal (precondition failed,
   * not implemented, not found); other errors reject.
   */
  private async tryDeclare(conn: ChannelModel, name: string, options: Options.AssertQueue | undefined): Promise<true | Error> {
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    try {
      if (options) await ch.assertQueue(name, options);
      else await ch.checkQueue(name);
      await ch.close().catch(() => undefined);
      return true;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === PRECONDITION_FAILED || code === NOT_IMPLEMENTED || code === NOT_FOUND) return err as Error;
      throw err;
    }
  }

  private async failAndClose(err: Error): Promise<void> {
    this.fail(err);
    await this.close();
  }

  /** Marks the client closed once: pending publishes reject, close listeners hear about it. */
  private fail(err: Error | undefined): void {
    if (!this.state.end(err)) return;
    if (err) void this.conn?.close().catch(() => undefined);
  }

  private connectError(err: Error & { code?: unknown }): Error {
    const s = this.settings;
    const where = `RabbitMQ at ${s.host}:${s.port}`;
    const text = err.message ?? String(err);
    const user = this.o.username ?? 'guest';
    let message: string;
    if (err.code === ACCESS_REFUSED || /ACCESS[-_]REFUSED/.test(text)) message = `RabbitMQ refused the login for user '${user}' (ACCESS_REFUSED)`;
    // amqplib reports a refused connection.open (unknown vhost, no permission) only as an unexpected ConnectionClose
    else if (err.code === NOT_ALLOWED || /NOT[-_]ALLOWED|Expected ConnectionOpenOk; got <ConnectionClose/.test(text)) message = `RabbitMQ refused user '${user}' access to virtual host '${s.vhost}' (NOT_ALLOWED: no such vhost, or no permission on it)`;
    else if (err.code === 'ECONNREFUSED') message = `${where} refused the connection (ECONNREFUSED): is the broker running?`;
    else if (err.code === 'ETIMEDOUT' || /timeout/i.test(text)) message = `${where} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
    else message = `${where}: ${text}`;
    return new Error(message, { cause: err });
  }
}

function settingsOf(url: URL): Settings {
  const q = url.searchParams;
  const queueType = (q.get('queueType') ?? 'quorum').toLowerCase();
  if (queueType !== 'quorum' && queueType !== 'classic') throw new Error(`RabbitMQ: queueType=${queueType} must be 'quorum' or 'classic'`);
  const path = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: Number(url.port) || (url.protocol === 'amqps:' ? 5671 : 5672),
    vhost: path ? decodeURIComponent(path) : '/',
    heartbeat: count(q, 'heartbeat', 10),
    prefetch: Math.max(1, count(q, 'prefetch', 256)),
    queueType,
    confirmTimeoutMs: Math.max(1, count(q, 'confirmTimeout', 30)) * 1000,
  };
}

function count(q: URLSearchParams, name: string, dflt: number): number {
  const v = q.get(name);
  if (v === null) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`RabbitMQ: ${name}=${v} must be a whole number ≥ 0`);
  return n;
}
