import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { replyError } from '../http/reply.js';
import type { InfoType } from '../catalog/kinds.js';
import type { Logger } from '../logger.js';
import type { RestDecision } from '../security/rest-access.js';
import type { SecurityGate } from './auth.js';
import type { Principal } from '../security/authenticate.js';
import { statusOverrides, toRestError } from './errors.js';
import { EXTENSIONS, RestError, type Format, type RestRequest, type RestResponse } from './http.js';
import type { Router } from './router.js';

export const REST_PREFIX = '/geoserver/rest';
/** GeoWebCache's REST API as GeoServer serves it. */
export const GWC_REST_PREFIX = '/geoserver/gwc/rest';

export interface HttpServerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  router: Router;
  /** The routes under /geoserver/gwc/rest, authenticated like the REST API. */
  gwcRouter?: Router;
  auth: SecurityGate;
  log: Logger;
  /** Called after a successful request that may have changed something, before answering. */
  commit: () => Promise<void>;
  /** The web UI's session check, for requests without an Authorization header: who logged in, or why not. */
  session?: (req: http.IncomingMessage) => { admitted: true; principal: { name: string; userGroupService?: string } } | { admitted: false; status: number; message: string } | undefined;
  /** The URL of /geoserver as clients see it (proxyBaseUrl, X-Forwarded-*): hrefs and Location headers start with it. */
  publicBase?: (headers: http.IncomingHttpHeaders) => string;
  /** Delays failed logins, growing per user and address (GeoServer's brute force prevention). */
  guard: LoginGuard;
  /** Serve HTTPS with these (PEM contents); with `ca`, clients must present a certificate it signed. */
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  /** Other paths served outside the REST API (health, cluster stream); return undefined to pass. */
  extra?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** Told of every REST answer: its route pattern (or `unmatched`), method, status and seconds taken. */
  observe?: (route: string, method: string, status: number, seconds: number) => void;
  /** Prometheus text for GET /geoserver/metrics, served with the REST API's authentication. */
  metrics?: () => string;
}

/** Brute-force prevention around the password check (src/security/brute-force.ts, given by main.ts). */
export interface LoginGuard {
  attempt(authorization: string | undefined, address: string, verify: () => boolean): Promise<'ok' | 'refused' | 'too-many'>;
}

export const METRICS_PATH = '/geoserver/metrics';

/**
 * The node's HTTP server: GeoServer's REST API under /geoserver/rest, behind HTTP Basic auth
 * against GeoServer's users and rest.properties (SecurityGate).
 * Bodies are size-limited before they are read; every refusal is a plain-text GeoServer message.
 */
export class HttpServer {
  private readonly server: http.Server;

  constructor(private readonly opts: HttpServerOptions) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch((err) => {
        opts.log.error({ err }, 'request failed');
        replyError(res, 500, String(err?.message ?? err));
      });
    };
    const { tls } = opts;
    this.server = tls ? https.createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: !!tls.ca, rejectUnauthorized: !!tls.ca }, handler) : http.createServer(handler);
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

  /** Prometheus text, to the same users and rules as the REST API (GET under /rest). */
  private async metrics(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    req.resume();
    let principal: Principal | undefined;
    const login = await this.opts.guard.attempt(req.headers.authorization, req.socket.remoteAddress ?? '', () => (principal = this.opts.auth.principal(req.headers.authorization)) !== undefined);
    if (login === 'too-many') return replyError(res, 429, 'Too many failed logins waiting on delay already. Please wait a bit and try again.');
    if (login !== 'ok' || !principal || principal.anonymous) {
      return replyError(res, 401, 'Full authentication is required to access this resource', { 'WWW-Authenticate': 'Basic realm="GeoServer Realm"' });
    }
    if (!this.opts.auth.access(principal, 'GET', '/rest/metrics').allowed) return replyError(res, 403, 'Access Denied');
    const body = this.opts.metrics!();
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }).end(body);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.opts.extra?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === METRICS_PATH && this.opts.metrics) return this.metrics(req, res);
    const prefix = [REST_PREFIX, GWC_REST_PREFIX].find((p) => url.pathname.startsWith(p + '/') || url.pathname === p);
    const router = prefix === GWC_REST_PREFIX ? this.opts.gwcRouter : this.opts.router;
    if (!prefix || !router) {
      req.resume();
      return replyError(res, 404, 'Not found');
    }
    let kind: InfoType | undefined;
    let route = 'unmatched';
    const started = performance.now();
    res.once('finish', () => this.opts.observe?.(route, req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000));
    try {
      const session = req.headers.authorization ? undefined : this.opts.session?.(req);
      if (session && !session.admitted) {
        req.resume();
        return replyError(res, session.status, session.message);
      }
      let principal: Principal | undefined;
      if (session) principal = this.opts.auth.principalOfUser(session.principal.userGroupService, session.principal.name);
      else {
        const login = await this.opts.guard.attempt(req.headers.authorization, req.socket.remoteAddress ?? '', () => (principal = this.opts.auth.principal(req.headers.authorization)) !== undefined);
        if (login === 'too-many') {
          req.resume();
          return replyError(res, 429, 'Too many failed logins waiting on delay already. Please wait a bit and try again.');
        }
        if (login !== 'ok') principal = undefined;
      }
      const decision = principal ? this.opts.auth.access(principal, (req.method ?? 'GET').toUpperCase(), url.pathname.slice('/geoserver'.length)) : undefined;
      if (!principal || !decision || (!decision.allowed && decision.reason === 'unauthenticated')) {
        req.resume();
        return replyError(res, 401, 'Full authentication is required to access this resource', { 'WWW-Authenticate': 'Basic realm="GeoServer Realm"' });
      }
      if (!decision.allowed || outsideOwnWorkspace(decision, req.method ?? 'GET', url.pathname)) {
        req.resume();
        return replyError(res, 403, 'Access Denied');
      }
      const body = await readBody(req, this.opts.maxBodyBytes);
      const root = this.opts.publicBase?.(req.headers) ?? `http://${req.headers.host ?? 'localhost'}/geoserver`;
      const restReq = parseRequest(req, url, body, prefix, root);
      restReq.principal = principal;
      if (decision.by === 'workspace-admin') restReq.visibleWorkspaces = decision.workspaces;
      const match = router.match(restReq.method, restReq.segments);
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

/**
 * A workspace administrator changes its own workspace and nothing else: a change whose path names
 * no workspace (an unqualified `/rest/layers/{layer}`) is refused, except its own password.
 */
function outsideOwnWorkspace(decision: RestDecision, method: string, pathname: string): boolean {
  if (!decision.allowed || decision.by !== 'workspace-admin' || decision.workspace !== undefined) return false;
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) && !pathname.startsWith(`${REST_PREFIX}/security/self/`);
}

function parseRequest(req: http.IncomingMessage, url: URL, body: Buffer, prefix: string, root: string): RestRequest {
  const raw = url.pathname.slice(prefix.length);
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
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    segments,
    extension,
    query: url.searchParams,
    headers: req.headers,
    body,
    params: {},
    base: `${root}${prefix.slice('/geoserver'.length)}`,
  };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new RestError(400, `Malformed percent-encoding in path segment '${s}'`);
  }
}

const NO_BODY = Buffer.alloc(0);

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  // most requests (GETs) declare no body: no stream to read
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return NO_BODY;
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
