import * as http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../logger.js';
import type { PeerHeartbeat } from '../transport.js';
import { CLUSTER_PATH, TOKEN_HEADER } from './journal-server.js';

export interface PeerLinkOptions {
  /** The peer's base URL, e.g. http://127.0.0.1:8080/geoserver */
  url: string;
  self: () => { instanceName: string; group: string; url: string };
  cursors: () => Record<string, number>;
  token?: () => string;
  maxWaitMs: number;
  log: Logger;
  onHello: (peer: PeerHeartbeat, link: PeerLink) => Promise<void> | void;
  onMessage: (line: string, via: string) => void;
  onHeartbeat: (peer: PeerHeartbeat) => void;
}

/**
 * One subscription to one peer's journal stream, kept open for good: on any failure it waits
 * (back-off up to connection.maxwait) and subscribes again from this node's current cursors.
 */
export class PeerLink {
  connected = false;
  lastError: string | undefined;
  peer: PeerHeartbeat | undefined;
  /** Set when the peer refused us for a reason retrying cannot fix (same instanceName). */
  refused: string | undefined;
  private closed = false;
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
        this.attempts = 0;
      } catch (err) {
        this.lastError = (err as Error).message;
        this.attempts++;
      }
      this.connected = false;
      if (this.closed || this.refused) return;
      await delay(Math.min(this.o.maxWaitMs, 100 * 2 ** Math.min(this.attempts, 10)));
    }
  }

  private once(): Promise<void> {
    const self = this.o.self();
    const q = new URLSearchParams({ instance: self.instanceName, group: self.group, url: self.url, cursors: JSON.stringify(this.o.cursors()) });
    const target = new URL(`${this.o.url}${CLUSTER_PATH.replace(/^\/geoserver/, '')}/stream?${q}`);
    return new Promise<void>((resolve, reject) => {
      const req = http.get(target, { headers: this.o.token ? { [TOKEN_HEADER]: this.o.token() } : {}, agent: false }, (res) => {
        if (res.statusCode !== 200) {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () => {
            const msg = `peer ${this.o.url} refused the subscription (${res.statusCode}): ${body}`;
            if (res.statusCode === 409) {
              this.refused = msg;
              this.o.log.error({ peer: this.o.url }, msg);
            }
            reject(new Error(msg));
          });
          return;
        }
        this.connected = true;
        this.lastError = undefined;
        res.setEncoding('utf8');
        let buf = '';
        let chain = Promise.resolve();
        res.on('data', (chunk: string) => {
          buf += chunk;
          let nl = buf.indexOf('\n');
          while (nl >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (line) chain = chain.then(() => this.line(line));
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

  private async line(line: string): Promise<void> {
    if (line.startsWith('{"hello":')) {
      this.peer = (JSON.parse(line) as { hello: PeerHeartbeat }).hello;
      await this.o.onHello(this.peer, this);
    } else if (line.startsWith('{"hb":')) {
      this.peer = (JSON.parse(line) as { hb: PeerHeartbeat }).hb;
      this.o.onHeartbeat(this.peer);
    } else {
      this.o.onMessage(line, this.peer?.instanceName ?? this.o.url);
    }
  }
}
