import { createHash } from 'node:crypto';
import type { ConsumerConfig, ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg, NatsConnection, NatsError, StreamConfig } from 'nats';
import type { Logger } from '../../logger.js';
import { ConnectionState } from '../broker/connection-state.js';
import type { BrokerClient, BrokerClientOptions } from '../broker/broker-client.js';

export type NatsLibrary = typeof import('nats');

const CONNECT_TIMEOUT_MS = 10_000;
const PUBLISH_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 3_000;
const NAK_DELAY_MS = 250;
/** JetStream API error codes (nats-server errors.json). */
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

interface Settings {
  servers: string;
  tls: boolean;
  ackWaitMs: number;
  maxAgeMs: number;
}

/**
 * One connection to one NATS server. Reconnecting is left to BrokerTransport (the client's own
 * reconnect is off), so `onClose` fires exactly when this connection is gone.
 */
export class NatsClient implements BrokerClient {
  private readonly settings: Settings;
  private readonly stream: string;
  private readonly eventsSubject: string;
  private readonly heartbeatSubject: string;
  private readonly log: Logger;
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private jsm: JetStreamManager | undefined;
  private messages: ConsumerMessages | undefined;
  /** Delivered, not yet acknowledged: handed back (nak) on close so they come again at once. */
  private readonly unacked = new Set<JsMsg>();
  private readonly state = new ConnectionState('NATS');
  /** connect() resolved: only then is there a connection to lose, and onClose to fire. */

  constructor(
    private readonly lib: NatsLibrary,
    private readonly o: BrokerClientOptions,
  ) {
    this.settings = settingsOf(o.url);
    const topic = token(o.topicName);
    const group = token(o.group);
    this.stream = `${topic}_${group}`;
    this.eventsSubject = `${topic}.${group}.events`;
    this.heartbeatSubject = `${topic}.${group}.heartbeats`;
    this.log = o.log.child({ broker: `${o.url.protocol}//${this.settings.servers}` });
  }

  async connect(): Promise<void> {
    const { username, password } = this.o;
    const auth = username && password ? { user: username, pass: password } : username || password ? { token: username || password } : {};
    let nc: NatsConnection;
    try {
      nc = await this.lib.connect({
        servers: this.settings.servers,
        ...auth,
        name: `geocluster ${this.o.instanceName}`,
        reconnect: false,
        ignoreClusterUpdates: true,
        timeout: CONNECT_TIMEOUT_MS,
        pingInterval: 5_000,
        maxPingOut: 3,
        ...(this.settings.tls ? { tls: { ca: this.o.tls?.ca, cert: this.o.tls?.cert, key: this.o.tls?.key } } : {}),
      });
    } catch (err) {
      throw this.connectError(err as NatsError);
    }
    this.nc = nc;
    void nc.closed().then((err) => this.fail(err ?? (this.state.closed ? undefined : new Error('the NATS connection closed'))));
    try {
      this.jsm = await nc.jetstreamManager({ timeout: CONNECT_TIMEOUT_MS });
      this.js = nc.jetstream({ timeout: PUBLISH_TIMEOUT_MS });
      await this.ensureStream(this.jsm);
    } catch (err) {
      await this.close();
      const e = err as NatsError;
      if (e.code === '503' || /jetstream not enabled/i.test(e.message)) throw new Error(`NATS at ${this.settings.servers} has no JetStream: start nats-server with -js (--jetstream)`, { cause: err });
      throw new Error(`NATS JetStream: cannot set up the stream '${this.stream}': ${e.message}`, { cause: err });
    }
    if (this.state.closed) throw new Error(`NATS at ${this.settings.servers} closed the connection while it was being set up`);
    this.state.established = true;
  }

  async subscribe(onMessage: (body: string, ack: () => void) => void): Promise<void> {
    const nc = this.nc;
    const js = this.js;
    const jsm = this.jsm;
    if (this.state.closed || !nc || !js || !jsm) throw new Error('NATS connection is closed');
    let messages: ConsumerMessages;
    try {
      nc.subscribe(this.heartbeatSubject, { callback: (err, msg) => !err && onMessage(msg.string(), () => undefined) });
      const name = await this.ensureConsumer(jsm);
      const consumer = await js.consumers.get(this.stream, name);
      // pulls expire after 10 s, so a deleted consumer or stream is noticed within that
      messages = await consumer.consume({ max_messages: 256, expires: 10_000 });
    } catch (err) {
      // half a subscription is none: close, so that the next connection starts over
      await this.failAndClose(err as Error);
      throw err;
    }
    this.messages = messages;
    void this.watch(messages);
    void (async () => {
      for await (const m of messages) {
        this.unacked.add(m);
        onMessage(m.string(), () => {
          if (!this.unacked.delete(m) || this.state.closed) return;
          m.ack();
        });
      }
    })().catch((err: Error) => this.fail(err));
  }

  publish(body: string): Promise<void> {
    const js = this.js;
    if (this.state.closed || !js) return Promise.reject(new Error('NATS connection is closed'));
    return new Promise((resolve, reject) => {
      this.state.pending.add(reject);
      // the message id lets JetStream drop a re-publish of the same event within its duplicate window
      const msgID = createHash('sha256').update(body).digest('base64url');
      js.publish(this.eventsSubject, body, { msgID, timeout: PUBLISH_TIMEOUT_MS }).then(
        () => {
          this.state.pending.delete(reject);
          resolve();
        },
        (err: NatsError) => {
          this.state.pending.delete(reject);
          reject(new Error(`NATS JetStream did not take the message: ${err.message}`, { cause: err }));
          // no stream listens on the subject (deleted?): reconnecting creates it again
          if (err.code === '503') void this.failAndClose(new Error(`no JetStream stream takes '${this.eventsSubject}' (stream '${this.stream}' deleted?)`, { cause: err }));
        },
      );
    });
  }

  async publishTransient(body: string): Promise<void> {
    if (this.state.closed || !this.nc) throw new Error('NATS connection is closed');
    this.nc.publish(this.heartbeatSubject, body);
  }

  onClose(listener: (err?: Error) => void): void {
    this.state.onClose(listener);
  }

  async close(): Promise<void> {
    const nc = this.nc;
    const unacked = [...this.unacked];
    this.unacked.clear();
    this.fail(undefined);
    if (!nc || nc.isClosed()) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
    // Hand back what was not acknowledged, with a short delay: an immediate nak is redelivered at
    // once to this connection's own outstanding pull request, i.e. lost until ackWait runs out.
    await Promise.race([nc.flush().catch(() => undefined), timeout]);
    for (const m of unacked) m.nak(NAK_DELAY_MS);
    await Promise.race([nc.flush().catch(() => undefined), timeout]);
    await Promise.race([nc.close().catch(() => undefined), timeout]);
    clearTimeout(timer);
  }

  /** The group's stream: reused when it exists, created (file storage, interest retention) when not. */
  private async ensureStream(jsm: JetStreamManager): Promise<void> {
    try {
      const info = await jsm.streams.info(this.stream);
      if (!info.config.subjects.includes(this.eventsSubject)) this.log.warn({ stream: this.stream, subjects: info.config.subjects, wanted: this.eventsSubject }, 'the existing stream does not list the events subject');
      return;
    } catch (err) {
      if ((err as NatsError).api_error?.err_code !== STREAM_NOT_FOUND) throw err;
    }
    const config: Partial<StreamConfig> = {
      name: this.stream,
      subjects: [this.eventsSubject],
      storage: this.lib.StorageType.File,
      retention: this.lib.RetentionPolicy.Interest,
      max_age: this.lib.nanos(this.settings.maxAgeMs),
      duplicate_window: this.lib.nanos(120_000),
    };
    try {
      await jsm.streams.add(config);
      this.log.info({ stream: this.stream, subject: this.eventsSubject }, 'created the JetStream stream');
    } catch (err) {
      // another node created it meanwhile
      await jsm.streams.info(this.stream).catch(() => Promise.reject(err));
    }
  }

  /** This node's consumer: durable (named after the instance) or, when not durable, ephemeral from now on. */
  private async ensureConsumer(jsm: JetStreamManager): Promise<string> {
    const config: Partial<ConsumerConfig> = {
      ack_policy: this.lib.AckPolicy.Explicit,
      deliver_policy: this.o.durable ? this.lib.DeliverPolicy.All : this.lib.DeliverPolicy.New,
      ack_wait: this.lib.nanos(this.settings.ackWaitMs),
      max_ack_pending: 1024,
      filter_subject: this.eventsSubject,
    };
    if (!this.o.durable) return (await jsm.consumers.add(this.stream, { ...config, inactive_threshold: this.lib.nanos(60_000) })).name;
    const durable = token(this.o.instanceName);
    try {
      await jsm.consumers.info(this.stream, durable);
      return durable;
    } catch (err) {
      if ((err as NatsError).api_error?.err_code !== CONSUMER_NOT_FOUND) throw err;
    }
    await jsm.consumers.add(this.stream, { ...config, durable_name: durable });
    return durable;
  }

  /** A consumer or stream deleted under us: close, so that reconnecting creates them again. */
  private async watch(messages: ConsumerMessages): Promise<void> {
    const gone = new Set<string>([this.lib.ConsumerEvents.ConsumerDeleted, this.lib.ConsumerEvents.ConsumerNotFound, this.lib.ConsumerEvents.StreamNotFound]);
    for await (const s of await messages.status()) {
      if (gone.has(s.type)) {
        await this.failAndClose(new Error(`the JetStream consumer of stream '${this.stream}' is gone (${s.type})`));
        return;
      }
    }
  }

  private async failAndClose(err: Error): Promise<void> {
    this.fail(err);
    await this.close();
  }

  /** Marks the client closed once: pending publishes reject, close listeners hear about it. */
  private fail(err: Error | undefined): void {
    if (!this.state.end(err)) return;
    // stop pulling (otherwise the library retries its pulls on a closed connection)
    this.messages?.stop();
    if (err && this.nc && !this.nc.isClosed()) void this.nc.close().catch(() => undefined);
  }

  private connectError(err: NatsError): Error {
    const where = `NATS at ${this.settings.servers}`;
    const who = this.o.username && this.o.password ? `user '${this.o.username}'` : this.o.username || this.o.password ? 'the token' : 'an anonymous client';
    let message: string;
    if (err.code === 'AUTHORIZATION_VIOLATION' || /authorization violation|authentication/i.test(err.message)) message = `NATS refused the login for ${who} (Authorization Violation)`;
    else if (err.code === 'CONNECTION_REFUSED' || /ECONNREFUSED/.test(err.message)) message = `${where} refused the connection (ECONNREFUSED): is the server running?`;
    else if (err.code === 'TIMEOUT') message = `${where} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
    else message = `${where}: ${err.message}`;
    return new Error(message, { cause: err });
  }
}

/** A subject token / stream or consumer name: letters, digits, '_' and '-'; a hash keeps altered names apart. */
export function token(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_-]/g, '_');
  if (clean === name && name !== '') return name;
  return `${clean}_${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

function settingsOf(url: URL): Settings {
  const q = url.searchParams;
  const port = Number(url.port) || 4222;
  return {
    servers: `${url.hostname || '127.0.0.1'}:${port}`,
    tls: url.protocol === 'tls:',
    ackWaitMs: seconds(q, 'ackWait', 30, 1) * 1000,
    maxAgeMs: seconds(q, 'maxAge', 0, 0) * 1000,
  };
}

function seconds(q: URLSearchParams, name: string, dflt: number, min: number): number {
  const v = q.get(name);
  if (v === null) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`NATS: ${name}=${v} must be a number of seconds ≥ ${min}`);
  return n;
}
