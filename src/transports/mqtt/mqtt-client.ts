import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { IClientOptions, IPublishPacket, MqttClient as Connection } from 'mqtt';
import type { Logger } from '../../logger.js';
import { ConnectionState } from '../broker/connection-state.js';
import type { BrokerClient, BrokerClientOptions } from '../broker/broker-client.js';

export type MqttLibrary = typeof import('mqtt');

const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 3_000;

/** MQTT 3.1.1 CONNACK return codes (§3.2.2.3). */
const CONNACK: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

/** Handed to mqtt.js's handleMessage callback: skip its automatic PUBACK, this client acks later. */
const DEFER_ACK = new Error('acknowledged later by geocluster');

interface Settings {
  host: string;
  port: number;
  keepalive: number;
  clientIdMaxLength: number;
}

type Handler = (body: string, ack: () => void) => void;

/**
 * One MQTT connection with a persistent session. mqtt.js PUBACKs a QoS 1 message as soon as it has
 * read it; this client defers each PUBACK until the message is acknowledged, in arrival order as
 * MQTT requires (§4.6), so a message not acknowledged before a disconnect comes again.
 */
export class MqttClient implements BrokerClient {
  private readonly settings: Settings;
  private readonly clientId: string;
  private readonly eventsTopic: string;
  private readonly heartbeatTopic: string;
  private readonly log: Logger;
  private client: Connection | undefined;
  private handler: Handler | undefined;
  /** Messages that arrived before subscribe() gave a handler (a session's queue comes right after CONNACK). */
  private early: [string, () => void][] = [];
  private readonly acks: { messageId: number; acked: boolean }[] = [];
  private readonly state = new ConnectionState('MQTT');
  /** connect() resolved: only then is there a connection to lose, and onClose to fire. */
  private lastError: Error | undefined;

  constructor(
    private readonly lib: MqttLibrary,
    private readonly o: BrokerClientOptions,
  ) {
    this.settings = settingsOf(o.url);
    this.clientId = clientIdOf(o.instanceName, this.settings.clientIdMaxLength);
    const prefix = `${o.topicName.replace(/[+#\0]/g, '_') || '_'}/${o.group.replace(/[+#/\0]/g, '_') || '_'}`;
    this.eventsTopic = `${prefix}/events`;
    this.heartbeatTopic = `${prefix}/heartbeats`;
    this.log = o.log.child({ broker: `${o.url.protocol}//${this.settings.host}:${this.settings.port}` });
  }

  async connect(): Promise<void> {
    const s = this.settings;
    const tls = this.o.url.protocol === 'mqtts:';
    const options: IClientOptions = {
      protocol: tls ? 'mqtts' : 'mqtt',
      host: s.host,
      port: s.port,
      clientId: this.clientId,
      clean: !this.o.durable,
      protocolVersion: 4,
      keepalive: s.keepalive,
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectPeriod: 0,
      manualConnect: true,
      username: this.o.username,
      password: this.o.password,
      ...(tls && isIP(s.host) === 0 ? { servername: s.host } : {}),
      ...(tls ? { ca: this.o.tls?.ca, cert: this.o.tls?.cert, key: this.o.tls?.key, rejectUnauthorized: true } : {}),
    };
    const client = this.lib.connect(options);
    this.client = client;
    // attached before connecting: a persistent session's queued messages follow the CONNACK at once
    client.handleMessage = (packet, callback) => this.onPublish(client, packet, callback);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(this.connectError(err));
      const onClose = () => reject(this.lastError ? this.connectError(this.lastError) : new Error(`the MQTT broker at ${s.host}:${s.port} closed the connection before CONNACK`));
      client.once('connect', () => {
        // small messages one at a time: without this, Nagle's algorithm holds each back ~40 ms
        (client.stream as { setNoDelay?: (on: boolean) => void } | undefined)?.setNoDelay?.(true);
        client.off('error', onError);
        client.off('close', onClose);
        resolve();
      });
      client.once('error', onError);
      client.once('close', onClose);
      client.on('error', (err: Error) => (this.lastError = err));
      client.connect();
    }).catch(async (err: Error) => {
      await this.close();
      throw err;
    });
    if (typeof (client as unknown as Record<string, unknown>)._sendPacket !== 'function') {
      this.log.warn('this mqtt.js cannot defer PUBACKs: messages are acknowledged on arrival');
    }
    client.on('close', () => this.fail(this.lastError ?? new Error('the MQTT connection closed')));
    if (this.state.closed || !client.connected) throw new Error(`the MQTT broker at ${s.host}:${s.port} closed the connection while it was being set up`);
    this.state.established = true;
  }

  async subscribe(onMessage: Handler): Promise<void> {
    const client = this.client;
    if (this.state.closed || !client) throw new Error('MQTT connection is closed');
    this.handler = onMessage;
    const early = this.early;
    this.early = [];
    for (const [body, ack] of early) onMessage(body, ack);
    const granted = await client.subscribeAsync({ [this.eventsTopic]: { qos: 1 }, [this.heartbeatTopic]: { qos: 0 } }).catch(async (err: Error) => {
      await this.failAndClose(err);
      throw err;
    });
    const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    if (refused.length > 0) {
      const err = new Error(`the MQTT broker refused the subscription to ${refused.join(', ')} (not authorized?)`);
      await this.failAndClose(err);
      throw err;
    }
    const events = granted.find((g) => g.topic === this.eventsTopic);
    if (events && events.qos < 1) this.log.warn({ topic: this.eventsTopic, qos: events.qos }, 'the broker granted less than QoS 1: messages may be lost (the protocol repairs them from peers)');
  }

  publish(body: string): Promise<void> {
    const client = this.client;
    if (this.state.closed || !client) return Promise.reject(new Error('MQTT connection is closed'));
    return new Promise((resolve, reject) => {
      this.state.pending.add(reject);
      client.publish(this.eventsTopic, body, { qos: 1 }, (err) => {
        this.state.pending.delete(reject);
        if (err) reject(new Error(`the MQTT broker did not take the message: ${err.message}`, { cause: err }));
        else resolve();
      });
    });
  }

  async publishTransient(body: string): Promise<void> {
    const client = this.client;
    if (this.state.closed || !client) throw new Error('MQTT connection is closed');
    client.publish(this.heartbeatTopic, body, { qos: 0 });
  }

  onClose(listener: (err?: Error) => void): void {
    this.state.onClose(listener);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.fail(undefined);
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => client.end(false, () => resolve())),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (client.connected || !client.disconnected) client.end(true);
  }

  private onPublish(client: Connection, packet: IPublishPacket, callback: (err?: Error) => void): void {
    const body = Buffer.isBuffer(packet.payload) ? packet.payload.toString('utf8') : String(packet.payload);
    const send = (client as unknown as { _sendPacket?: (p: object, cb: () => void) => void })._sendPacket;
    if (packet.qos === 0 || packet.messageId === undefined || typeof send !== 'function') {
      callback();
      this.deliver(body, () => undefined);
      return;
    }
    const entry = { messageId: packet.messageId, acked: false };
    this.acks.push(entry);
    callback(DEFER_ACK);
    this.deliver(body, () => {
      if (entry.acked) return;
      entry.acked = true;
      while (this.acks.length > 0 && this.acks[0].acked) {
        const { messageId } = this.acks.shift()!;
        if (!this.state.closed && client.connected) send.call(client, { cmd: 'puback', messageId }, () => undefined);
      }
    });
  }

  private deliver(body: string, ack: () => void): void {
    if (this.handler) this.handler(body, ack);
    else this.early.push([body, ack]);
  }

  private async failAndClose(err: Error): Promise<void> {
    this.fail(err);
    await this.close();
  }

  /** Marks the client closed once: pending publishes reject, close listeners hear about it. */
  private fail(err: Error | undefined): void {
    if (!this.state.end(err)) return;
    if (err) this.client?.end(true);
  }

  private connectError(err: Error & { code?: unknown }): Error {
    const s = this.settings;
    const where = `the MQTT broker at ${s.host}:${s.port}`;
    const code = typeof err.code === 'number' ? err.code : undefined;
    let message: string;
    if (code === 4 || code === 5) message = `${where} refused the login for ${this.o.username ? `user '${this.o.username}'` : 'an anonymous client'} (CONNACK ${code}: ${CONNACK[code]})`;
    else if (code === 2) message = `${where} rejected the client id '${this.clientId}' (CONNACK 2: identifier rejected): lower clientIdMaxLength`;
    else if (code !== undefined && CONNACK[code]) message = `${where} refused the connection (CONNACK ${code}: ${CONNACK[code]})`;
    else if (err.code === 'ECONNREFUSED') message = `${where} refused the connection (ECONNREFUSED): is the broker running?`;
    else if (/connack timeout/i.test(err.message)) message = `${where} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
    else message = `${where}: ${err.message}`;
    return new Error(message, { cause: err });
  }
}

/** The client id: the instance name where the broker takes it, else a readable prefix and a hash of it. */
export function clientIdOf(instanceName: string, maxLength: number): string {
  const clean = instanceName.replace(/[^A-Za-z0-9_-]/g, '_');
  if (clean === instanceName && clean !== '' && (maxLength === 0 || clean.length <= maxLength)) return clean;
  const hash = createHash('sha256').update(instanceName).digest('hex').slice(0, 8);
  const room = maxLength === 0 ? clean.length : Math.max(0, maxLength - hash.length - 1);
  return `${clean.slice(0, room)}-${hash}`.replace(/^-/, '');
}

function settingsOf(url: URL): Settings {
  const q = url.searchParams;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: Number(url.port) || (url.protocol === 'mqtts:' ? 8883 : 1883),
    keepalive: whole(q, 'keepalive', 10),
    clientIdMaxLength: whole(q, 'clientIdMaxLength', 23),
  };
}

function whole(q: URLSearchParams, name: string, dflt: number): number {
  const v = q.get(name);
  if (v === null) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`MQTT: ${name}=${v} must be a whole number ≥ 0`);
  return n;
}
