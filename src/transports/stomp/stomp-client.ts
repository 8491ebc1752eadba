import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Client, IFrame, IMessage, IStompSocket, StompHeaders } from '@stomp/stompjs';
import type { Logger } from '../../logger.js';
import type { BrokerClient, BrokerClientOptions } from '../broker/broker-client.js';

export type StompLibrary = typeof import('@stomp/stompjs');
export type TcpWrapperLibrary = typeof import('@stomp/tcp-wrapper');

const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 3_000;
/** STOMP heart-beats both ways; a silent broker is given up after twice that. */
const HEARTBEAT_MS = 10_000;
/** Header of a message that carries several events, one a line: how many. */
const EVENTS_HEADER = 'events';
/** A message carries events of at most this many characters together; more go in the next one. */
const MAX_MESSAGE_CHARS = 1 << 20;

/** Where and how to reach the broker: from the URL, checked by the adapter. */
export interface StompEndpoint {
  host: string;
  port: number;
  /** TLS options for stomp+ssl, undefined for plain TCP. */
  tls?: tls.ConnectionOptions;
}

type Pending = { resolve: () => void; reject: (err: Error) => void };
type Batch = { bodies: string[]; done: Promise<void> };

/**
 * One STOMP connection to one ActiveMQ broker, over TCP (or TLS) through @stomp/tcp-wrapper.
 * Destinations, as the GeoServer JMS cluster module names them (ActiveMQ Virtual Topics):
 * - events are SENT persistent, with a receipt, to `/topic/<topicName>` (e.g. VirtualTopic.geoserver);
 *   the events published together go in one message, one a line, with an `events` header that
 *   counts them (see publish);
 * - this node consumes `/queue/Consumer.<instanceName>.<topicName>` with client-individual acks:
 *   the broker copies every topic message into each such queue, which buffers it while the node
 *   is away and redelivers what was not acknowledged. No client-id is needed. With `durable=false`
 *   the node subscribes to the topic itself instead: it gets only what is published while connected.
 * - heartbeats go non-persistent to a plain topic, `/topic/geocluster.heartbeats.<topicName>`, that
 *   only live subscribers see, so an offline node's queue never fills up with them;
 * Gotchas (broker lab §1.5, §1.7): a SEND without `persistent:true` is lost when the broker restarts;
 * a node's queue exists only from its first SUBSCRIBE, so what was published before that never
 * reaches it (BrokerTransport repairs such gaps from peers).
 */
export class StompClient implements BrokerClient {
  private readonly log: Logger;
  private readonly where: string;
  private client: Client | undefined;
  private state: 'new' | 'connecting' | 'open' | 'done' = 'new';
  private abortConnect: ((err: Error) => Promise<void>) | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly closeListeners: ((err?: Error) => void)[] = [];
  private counter = 0;
  /** The events published in this synchronous run, sent together in the microtask that follows. */
  private batch: Batch | undefined;

  constructor(
    private readonly lib: { stomp: StompLibrary; tcp: TcpWrapperLibrary },
    private readonly o: BrokerClientOptions,
    private readonly endpoint: StompEndpoint,
  ) {
    this.where = `${o.url.protocol}//${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
    this.log = o.log.child({ broker: this.where });
  }

  get eventsDestination(): string {
    return `/topic/${this.o.topicName}`;
  }

  get queueDestination(): string {
    return this.o.durable ? `/queue/Consumer.${this.o.instanceName}.${this.o.topicName}` : this.eventsDestination;
  }

  get heartbeatDestination(): string {
    return `/topic/geocluster.heartbeats.${this.o.topicName}`;
  }

  connect(): Promise<void> {
    if (this.state !== 'new') return Promise.reject(new Error('a STOMP client connects once; create a new one'));
    this.state = 'connecting';
    return new Promise<void>((resolve, reject) => {
      const fail = async (err: Error): Promise<void> => {
        if (this.state !== 'connecting') return;
        this.state = 'done';
        clearTimeout(timer);
        this.abortConnect = undefined;
        await this.terminate();
        reject(err);
      };
      this.abortConnect = fail;
      const timer = setTimeout(() => void fail(new Error(`ActiveMQ at ${this.where} did not answer the STOMP CONNECT within ${CONNECT_TIMEOUT_MS} ms (is this its ${this.endpoint.tls ? 'stomp+ssl' : 'STOMP'} port?)`)), CONNECT_TIMEOUT_MS);
      const headers: StompHeaders = {};
      if (this.o.username !== undefined) headers.login = this.o.username;
      if (this.o.password !== undefined) headers.passcode = this.o.password;
      const client = new this.lib.stomp.Client({
        webSocketFactory: () => this.socket(),
        connectHeaders: headers,
        reconnectDelay: 0, // one attempt: BrokerTransport does failover and back-off
        heartbeatIncoming: HEARTBEAT_MS,
        heartbeatOutgoing: HEARTBEAT_MS,
        discardWebsocketOnCommFailure: true, // a dead peer never answers a FIN: destroy the socket
        debug: () => undefined,
        onConnect: () => {
          if (this.state !== 'connecting') return;
          this.state = 'open';
          clearTimeout(timer);
          this.abortConnect = undefined;
          resolve();
        },
        onStompError: (frame) => (this.state === 'connecting' ? void fail(this.brokerError(frame, 'refused the connection')) : this.onError(frame)),
        onWebSocketError: (evt: { message?: unknown }) => {
          const err = socketError(evt, this.where);
          if (this.state === 'connecting') void fail(err);
          else this.lost(err);
        },
        onWebSocketClose: () => {
          if (this.state === 'connecting') void fail(new Error(`ActiveMQ at ${this.where} closed the connection before STOMP CONNECTED (is this its STOMP port?)`));
          else this.lost(new Error(`connection to ActiveMQ at ${this.where} lost`));
        },
        onHeartbeatLost: () => this.lost(new Error(`no heart-beat from ActiveMQ at ${this.where} for ${2 * HEARTBEAT_MS} ms`)),
      });
      this.client = client;
      client.activate();
    });
  }

  async subscribe(onMessage: (body: string, ack: () => void) => void): Promise<void> {
    const client = this.open();
    return this.request((receipt) => {
      client.subscribe(this.heartbeatDestination, (m: IMessage) => onMessage(m.body, noop), { ack: 'auto' });
      client.subscribe(
        this.queueDestination,
        (m: IMessage) => this.receive(m, onMessage),
        { ack: 'client-individual', receipt },
      );
    });
  }

  /**
   * Events published in one synchronous run (the outbox hands over its backlog in one loop) go in
   * one message, one a line: ActiveMQ handles a connection's persistent SENDs one at a time, each
   * waiting for its store, and a virtual topic stores a copy in every node's queue, so one SEND per
   * event made the last of a change's events wait for the stores of those before it; a STOMP
   * transaction waits for its COMMIT's sync before the broker dispatches any of them. One message
   * is dispatched to the queues while the broker stores it (concurrentStoreAndDispatchQueues), and
   * its receipt still comes only once it is stored. Each publish resolves on that receipt. They go
   * out in the microtask that follows, not at the next turn of the event loop: the journal's
   * commit tells the transport before the node writes its data directory and answers the REST
   * call, and the peers should not wait for those.
   */
  async publish(body: string): Promise<void> {
    this.open();
    if (!this.batch) {
      const bodies: string[] = [];
      this.batch = { bodies, done: Promise.resolve().then(() => this.send(bodies)) };
    }
    this.batch.bodies.push(body);
    return this.batch.done;
  }

  /** The batch's events in as few messages as fit, each with a receipt, sent back to back. */
  private async send(bodies: string[]): Promise<void> {
    if (this.batch?.bodies === bodies) this.batch = undefined;
    const client = this.open();
    const headers = { persistent: 'true', instanceName: this.o.instanceName, group: this.o.group, 'content-type': 'application/json' };
    const sent = messagesOf(bodies).map((events) =>
      this.request((receipt) =>
        client.publish({
          destination: this.eventsDestination,
          body: events.join('\n'),
          headers: events.length > 1 ? { ...headers, [EVENTS_HEADER]: String(events.length), receipt } : { ...headers, receipt },
        }),
      ),
    );
    await Promise.all(sent);
  }

  async publishTransient(body: string): Promise<void> {
    this.open().publish({
      destination: this.heartbeatDestination,
      body,
      headers: { persistent: 'false', instanceName: this.o.instanceName, group: this.o.group, 'content-type': 'application/json' },
    });
  }

  onClose(listener: (err?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.state === 'connecting') return this.abortConnect?.(new Error(`closed while connecting to ActiveMQ at ${this.where}`));
    if (this.state === 'open') this.finish(undefined, new Error(`STOMP connection to ${this.where} closed while a request was pending`));
    await this.terminate(true);
  }

  /** Sends a frame carrying a receipt header; resolves on the broker's RECEIPT, rejects on ERROR or loss. */
  private request(send: (receipt: string) => void): Promise<void> {
    const client = this.open();
    const receipt = `r-${++this.counter}`;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(receipt, { resolve, reject });
      try {
        client.watchForReceipt(receipt, () => {
          this.pending.delete(receipt);
          resolve();
        });
        send(receipt);
      } catch (err) {
        this.pending.delete(receipt);
        reject(err as Error);
      }
    });
  }

  /**
   * Hands each event of a message to `onMessage`; the message is acknowledged once every one of
   * them is (a message left unacknowledged comes again, and the events already taken are ignored).
   */
  private receive(m: IMessage, onMessage: (body: string, ack: () => void) => void): void {
    const events = m.headers[EVENTS_HEADER] === undefined ? [m.body] : m.body.split('\n');
    let left = events.length;
    for (const body of events) {
      let acked = false;
      onMessage(body, () => {
        if (acked) return;
        acked = true;
        if (--left === 0) this.ack(m);
      });
    }
  }

  /**
   * Each acknowledgement is its own ACK, sent at once, outside any transaction: ActiveMQ 5.17's
   * STOMP COMMIT compares every message its subscription has dispatched with every one the
   * transaction acknowledged (two lists), which took 95 % of the broker's CPU while a node caught
   * up. An ACK without a receipt does not make the broker sync its store either: one the broker
   * loses only brings the event again, which the node ignores.
   */
  private ack(m: IMessage): void {
    if (this.state !== 'open') return; // unacknowledged: the broker delivers it again
    try {
      m.ack();
    } catch {
      // the connection went away meanwhile: same as above
    }
  }

  /** An ERROR after CONNECTED: fails the request it answers, or (no receipt-id) the connection. */
  private onError(frame: IFrame): void {
    const err = this.brokerError(frame, 'reported an error');
    const id = frame.headers['receipt-id'];
    const p = id === undefined ? undefined : this.pending.get(id);
    if (p && id !== undefined) {
      this.pending.delete(id);
      p.reject(err);
      return;
    }
    this.lost(err);
  }

  private lost(err: Error): void {
    if (this.state !== 'open') return;
    this.log.debug({ err: err.message }, 'STOMP connection lost');
    this.finish(err, err);
    void this.terminate();
  }

  /** Ends the connection's life once: rejects every pending request and tells the listeners. */
  private finish(closeErr: Error | undefined, pendingErr: Error): void {
    this.state = 'done';
    for (const p of this.pending.values()) p.reject(pendingErr);
    this.pending.clear();
    for (const l of this.closeListeners.splice(0)) {
      try {
        l(closeErr);
      } catch (e) {
        this.log.warn({ err: (e as Error).message }, 'onClose listener failed');
      }
    }
  }

  /** Closes the socket: DISCONNECT first when `graceful` (bounded), else destroy it. */
  private async terminate(graceful = false): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (graceful) {
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_TIMEOUT_MS)));
      const r = await Promise.race([client.deactivate().catch(() => undefined), bounded]);
      clearTimeout(timer);
      if (r !== 'late') return;
    }
    await client.deactivate({ force: true }).catch(() => undefined);
  }

  private open(): Client {
    if (this.state !== 'open' || !this.client) throw new Error(`not connected to ActiveMQ at ${this.where}`);
    return this.client;
  }

  private brokerError(frame: IFrame, what: string): Error {
    const detail = frame.headers.message || frame.body.split('\n')[0] || '(no message)';
    return new Error(`ActiveMQ at ${this.where} ${what}: ${detail}`);
  }

  private socket(): IStompSocket {
    const { host, port, tls: tlsOptions } = this.endpoint;
    class Socket extends this.lib.tcp.TCPWrapper {
      protected override getSocket(p: number, h: string): net.Socket {
        const s = tlsOptions ? tls.connect({ ...tlsOptions, host: h, port: p }) : net.createConnection(p, h);
        s.setNoDelay(true);
        return s;
      }
    }
    return new Socket(host, port);
  }
}

function noop(): void {}

/**
 * Consecutive events grouped into messages of at most MAX_MESSAGE_CHARS. Events are journal lines,
 * so a line break never occurs in one; one that had it would go alone, uncounted, and arrive whole.
 */
function messagesOf(bodies: readonly string[]): string[][] {
  const messages: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const body of bodies) {
    const alone = body.includes('\n');
    if (current.length > 0 && (alone || chars + body.length > MAX_MESSAGE_CHARS)) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(body);
    chars += body.length;
    if (alone) {
      messages.push(current);
      current = [];
      chars = 0;
    }
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

function socketError(evt: { message?: unknown }, where: string): Error {
  const cause = evt.message instanceof Error ? evt.message : undefined;
  const text = cause?.message ?? (typeof evt.message === 'string' ? evt.message : 'socket error');
  return new Error(`cannot talk to ActiveMQ at ${where}: ${text}`, { cause });
}
