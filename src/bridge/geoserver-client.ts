import * as http from 'node:http';
import * as https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';

/** One REST call to the GeoServer: a path under its base URL (`/rest/workspaces`), a body and its type. */
export interface RestCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string | Buffer;
  contentType?: string;
}

export interface RestAnswer {
  status: number;
  text: string;
}

export interface GeoServerClientOptions {
  /** Base URL without a trailing slash: `http://127.0.0.1:8080/geoserver`. */
  url: string;
  user: string;
  /** Read at each call and never kept in any field that a log or a status could show. */
  password: () => string;
  timeoutMs: number;
  /** CA (PEM) for an https:// GeoServer. */
  ca?: Buffer;
  /** Back-off while the GeoServer is down or starting: first wait and cap, in ms. */
  backoff?: { firstMs: number; maxMs: number };
}

/**
 * The GeoServer is not answering, or answers that it cannot yet (connection refused or reset, a
 * time-out, 502/503/504 from it or a proxy in front): the call may be retried as it is.
 */
export class GeoServerUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeoServerUnavailable';
  }
}

const UNAVAILABLE = new Set([502, 503, 504]);

/**
 * A small client of GeoServer's REST API: Basic authentication (GeoServer's default for /rest),
 * a time-out per call, optional TLS, and retries with capped exponential back-off while the
 * GeoServer is unavailable. Any other answer, success or refusal, is returned to the caller.
 */
export class GeoServerClient {
  private readonly agent: http.Agent;

  constructor(private readonly o: GeoServerClientOptions) {
    this.agent = o.url.startsWith('https:') ? new https.Agent({ keepAlive: true, ca: o.ca }) : new http.Agent({ keepAlive: true });
  }

  /** The GeoServer's base URL, as status shows it (it never carries credentials: src/config/bridge-config.ts). */
  get url(): string {
    return this.o.url;
  }

  /** One attempt. Throws GeoServerUnavailable when the GeoServer cannot answer now. */
  async send(call: RestCall): Promise<RestAnswer> {
    const answer = await this.request(call);
    if (UNAVAILABLE.has(answer.status)) throw new GeoServerUnavailable(`${call.method} ${call.path}: ${answer.status} ${firstLine(answer.text)}`);
    // wrong credentials refuse every change alike: wait for them to be fixed rather than dead-letter everything
    if (answer.status === 401) throw new GeoServerUnavailable(`${call.method} ${call.path}: 401, the GeoServer refused the bridge's user and password`);
    return answer;
  }

  /**
   * Sends until the GeoServer answers, waiting first, 2×first, … up to the cap between attempts;
   * `waiting` is told of each failed attempt. Stops (GeoServerUnavailable) once `signal` aborts.
   */
  async sendRetrying(call: RestCall, signal: AbortSignal, waiting?: (err: GeoServerUnavailable, attempt: number) => void): Promise<RestAnswer> {
    const { firstMs, maxMs } = this.o.backoff ?? { firstMs: 200, maxMs: 10_000 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(call);
      } catch (err) {
        if (!(err instanceof GeoServerUnavailable)) throw err;
        if (signal.aborted) throw err;
        waiting?.(err, attempt);
        await delay(Math.min(maxMs, firstMs * 2 ** Math.min(attempt - 1, 20)), undefined, { signal }).catch(() => undefined);
        if (signal.aborted) throw err;
      }
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private request(call: RestCall): Promise<RestAnswer> {
    const url = new URL(this.o.url + call.path);
    const lib = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = {
      Authorization: `Basic ${Buffer.from(`${this.o.user}:${this.o.password()}`).toString('base64')}`,
      Accept: 'application/xml, application/json;q=0.9, */*;q=0.5',
    };
    if (call.body !== undefined) {
      headers['Content-Type'] = call.contentType ?? 'application/xml';
      headers['Content-Length'] = String(Buffer.byteLength(call.body));
    }
    return new Promise<RestAnswer>((resolve, reject) => {
      const req = lib.request(url, { method: call.method, headers, agent: this.agent, timeout: this.o.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(new GeoServerUnavailable(`${call.method} ${call.path}: ${err.message}`)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
      // connection refused or reset, DNS, TLS: the GeoServer is down or starting
      req.on('error', (err) => reject(new GeoServerUnavailable(`${call.method} ${call.path}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
      req.end(call.body);
    });
  }
}

/** The first line of an answer, short: what status and dead letters show of a refusal. */
export function firstLine(text: string): string {
  const line = text.split('\n', 1)[0].trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
