import type * as http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../logger.js';
import type { PeerHeartbeat } from '../transport.js';
import { peerGet, type PeerTls } from '../peer-http.js';
import { retryDelay } from '../retry.js';
import { CLUSTER_PATH, REFUSAL_HEADER, TOKEN_HEADER } from './journal-server.js';

export interface PeerLinkOptions {
  /** The peer's base URL, e.g. http://127.0.0.1:8080/geoserver */
  url: string;
  self: () => { instanceName: string; group: string; url: string };
  cursors: () => Record<string, number>;
  /** A token for this one request, proving this node holds the cluster secret. */
  token: (url: URL) => string;
  tls: PeerTls;
  maxWaitMs: number;
  log: Logger;
  /**
   * The origins to ask for, as query parameters of the stream (`scope=own`, `origins=[...]`, see
   * JournalServer); none: every origin.
   */
  origins?: Record<string, string>;
  onHello?: (peer: PeerHeartbeat, link: PeerLink) => Promise<void> | void;
  onMessage: (line: string, via: string) => void;
  onHeartbeat?: (peer: PeerHeartbeat) => void;
  /** Checks a peer's hello; a reason means the peer is ignored (another node already has its name). */
  admit?: (peer: PeerHeartbeat, link: PeerLink) => string | undefined;
}

/**
 * One subscription to one peer's journal stream, kept open for good: on any failure it waits
 * (back-off up to connection.maxwait) and subscribes again from this node's current cursors.
 */
export class PeerLink {
  connected = false;
  lastError: string | undefined;
  peer: PeerHeartbeat | undefined;
  /** Set while the peer refuses this node itself: it has this node's instanceName. */
  refused: string | undefined;
  /** Set while this peer is ignored: another group, refused by the cluster, or an instanceName taken. */
  ignored: string | undefined;
  private closed = false;
  /** The current stream's hello was accepted: its events and heartbeats may be delivered. */
  private admitted = false;
  private req: http.ClientRequest | undefined;
  private attempts = 0;

  constructor(private readonly o: PeerLinkOptions) {}

  get url(): string {
    return this.o.url;
  }

  start(): void {
    void this.loop();
  }

  close(): void {
    this.closed = true;
    this.req?.destroy();
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      try {
        await this.once();
      } catch (err) {
        this.lastError = this.refused ?? this.ignored ?? (err as Error).message;
        this.attempts++;
      }
      this.connected = false;
      this.admitted = false;
      if (this.closed) return;
      // a refusal lasts until a node is reconfigured or replaced: ask again, but slowly
      await delay(this.refused || this.ignored ? this.o.maxWaitMs : retryDelay(this.attempts, this.o.maxWaitMs));
    }
  }

  private once(): Promise<void> {
    const self = this.o.self();
    const q = new URLSearchParams({ instance: self.instanceName, group: self.group, url: self.url, cursors: JSON.stringify(this.o.cursors()), ...this.o.origins });
    const target = new URL(`${this.o.url}${CLUSTER_PATH.replace(/^\/geoserver/, '')}/stream?${q}`);
    return new Promise<void>((resolve, reject) => {
      const req = peerGet(target, { [TOKEN_HEADER]: this.o.token(target) }, this.o.tls, (res) => {
        if (res.statusCode !== 200) {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () => {
            const msg = `peer ${this.o.url} refused the subscription (${res.statusCode}): ${body}`;
            const why = res.headers[REFUSAL_HEADER];
            if (res.statusCode === 409 && (why === 'group' || why === 'refused')) this.ignore(msg);
            else if (res.statusCode === 409 && this.refused !== msg) {
              this.refused = msg;
              this.o.log.error({ peer: this.o.url }, msg);
            }
            reject(new Error(msg));
          });
          return;
        }
        res.setEncoding('utf8');
        let buf = '';
        let chain = Promise.resolve();
        let failed = false;
        res.on('data', (chunk: string) => {
          buf += chunk;
          let nl = buf.indexOf('\n');
          while (nl >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (line) chain = chain.then(() => (failed ? undefined : this.line(line))).catch((err: Error) => {
              // a line this node could not act on (a bad hello, a bootstrap that failed) must not
              // crash the node nor let the events behind it through: subscribe again, later
              failed = true;
              this.o.log.warn({ peer: this.o.url, err: err.message }, 'could not handle a line from the peer; subscribing again');
              req.destroy(err);
            });
            nl = buf.indexOf('\n');
          }
        });
        res.on('end', () => chain.then(() => reject(new Error(`peer ${this.o.url} closed the stream`))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error(`peer ${this.o.url} sent nothing for 30 s`)));
      this.req = req;
    });
  }

  private ignore(reason: string): void {
    if (this.ignored !== reason) this.o.log.warn({ peer: this.o.url }, `peer ignored: ${reason}`);
    this.ignored = reason;
  }

  private async line(line: string): Promise<void> {
    if (line.startsWith('{"hello":')) {
      const hello = (JSON.parse(line) as { hello: PeerHeartbeat }).hello;
      const objection = this.o.admit?.(hello, this);
      if (objection) {
        this.ignore(objection);
        this.req?.destroy(new Error(objection));
        return;
      }
      this.peer = hello;
      this.admitted = true;
      this.connected = true;
      // a stream that got through starts the back-off again: the next loss of this link is a new outage
      this.attempts = 0;
      this.lastError = this.refused = this.ignored = undefined;
      await this.o.onHello?.(this.peer, this);
    } else if (!this.admitted) {
      return;
    } else if (line.startsWith('{"hb":')) {
      this.peer = (JSON.parse(line) as { hb: PeerHeartbeat }).hb;
      this.o.onHeartbeat?.(this.peer);
    } else {
      this.o.onMessage(line, this.peer?.instanceName ?? this.o.url);
    }
  }
}
