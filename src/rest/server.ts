import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { replyError } from '../http/reply.js';
import type { InfoType } from '../catalog/kinds.js';
import type { Logger } from '../logger.js';
import type { AdminAuth } from './auth.js';
import { statusOverrides, toRestError } from './errors.js';
import { EXTENSIONS, RestError, type Format, type RestRequest, type RestResponse } from './http.js';
import type { Router } from './router.js';

export const REST_PREFIX = '/geoserver/rest';

export interface HttpServerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  router: Router;
  auth: AdminAuth;
  log: Logger;
  /** Called after a successful request that may have changed something, before answering. */
  commit: () => Promise<void>;
  /** Other paths served outside the REST API (health, cluster stream); return undefined to pass. */
  extra?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** Told of every REST answer: its route pattern (or `unmatched`), method, status and seconds taken. */
  observe?: (route: string, method: string, status: number, seconds: number) => void;
  /** Prometheus text for GET /geoserver/metrics, served with the REST API's authentication. */
  metrics?: () => string;
}

export const METRICS_PATH = '/geoserver/metrics';

/**
 * The node's HTTP server: GeoServer's REST API under /geoserver/rest, behind HTTP Basic auth.
 * Bodies are size-limited before they are read; every refusal is a plain-text GeoServer message.
 */
export class HttpServer {
  private readonly server: http.Server;

  constructor(private readonly opts: HttpServerOptions) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        opts.log.error({ err }, 'request failed');
        replyError(res, 500, String(err?.message ?? err));
      });
    });
    this.server.keepAliveTimeout = 30_000;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), 2000).unref();
    });
  }

  private metrics(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    if (!this.opts.auth.check(req.headers.authorization)) {
      return replyError(res, 401, 'Full authentication is required to access this resource', { 'WWW-Authenticate': 'Basic realm="GeoServer Realm"' });
    }
    const body = this.opts.metrics!();
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }).end(body);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.opts.extra?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === METRICS_PATH && this.opts.metrics) return this.metrics(req, res);
    if (!url.pathname.startsWith(REST_PREFIX + '/') && url.pathname !== REST_PREFIX) {
      req.resume();
      return replyError(res, 404, 'Not found');
    }
    let kind: InfoType | undefined;
    let route = 'unmatched';
    const started = performance.now();
    res.once('finish', () => this.opts.observe?.(route, req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000));
    try {
      if (!this.opts.auth.check(req.headers.authorization)) {
        req.resume();
        return replyError(res, 401, 'Full authentication is required to access this resource', { 'WWW-Authenticate': 'Basic realm="GeoServer Realm"' });
      }
      const body = await readBody(req, this.opts.maxBodyBytes);
      const restReq = parseRequest(req, url, body);
      const match = this.opts.router.match(restReq.method, restReq.segments);
      kind = match.kind;
      route = match.route ?? route;
      restReq.params = match.params;
      const response = await match.handler(restReq);
      if (restReq.method !== 'GET' && restReq.method !== 'HEAD') await this.opts.commit();
      if (restReq.method === 'HEAD') response.body = undefined;
      send(res, response);
    } catch (err) {
      const refusal = toRestError(err, statusOverrides(kind, req.method ?? ''));
      if (refusal.status >= 500) this.opts.log.error({ err }, 'REST request failed');
      // GeoServer's ?quietOnNotFound=true keeps the 404 and drops its message
      const quiet = refusal.status === 404 && url.searchParams.get('quietOnNotFound') === 'true';
      replyError(res, refusal.status, quiet ? '' : refusal.message);
    }
  }
}

function parseRequest(req: http.IncomingMessage, url: URL, body: Buffer): RestRequest {
  const raw = url.pathname.slice(REST_PREFIX.length);
  // GeoServer matches no trailing slash, except under /resource/** where the root itself is `/resource/`
  if (raw.length > 1 && raw.endsWith('/') && !raw.startsWith('/resource/')) throw new RestError(404, `No handler for ${req.method} ${url.pathname}`);
  const segments = raw.split('/').filter(Boolean).map(decodeSegment);
  let extension: Format | undefined;
  const last = segments[segments.length - 1];
  if (last) {
    const dot = last.lastIndexOf('.');
    const ext = dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
    if ((EXTENSIONS as readonly string[]).includes(ext)) {
      extension = ext as Format;
      segments[segments.length - 1] = last.slice(0, dot);
    }
  }
  const host = req.headers.host ?? 'localhost';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    segments,
    extension,
    query: url.searchParams,
    headers: req.headers,
    body,
    params: {},
    base: `http://${host}${REST_PREFIX}`,
  };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new RestError(400, `Malformed percent-encoding in path segment '${s}'`);
  }
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new RestError(413, `Request body of ${declared} bytes is larger than the limit of ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new RestError(413, `Request body is larger than the limit of ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, r: RestResponse): void {
  const headers = { ...(r.headers ?? {}) };
  if (r.body !== undefined && !headers['Content-Length']) headers['Content-Length'] = String(Buffer.byteLength(r.body));
  res.writeHead(r.status, headers);
  res.end(r.body);
}
