import type { IncomingMessage, ServerResponse } from 'node:http';
import { replyError, replyJson } from '../http/reply.js';
import type { Logger } from '../logger.js';
import { clearedSessionCookie, sessionCookie, sessionIdOf } from './cookies.js';
import type { Authenticate, LoginGuard, Principal } from './ports.js';
import { sameOrigin, sessionVerdict } from './session-access.js';
import type { Session, SessionStore } from './sessions.js';

export interface SessionEndpointOptions {
  sessions: SessionStore;
  authenticate: Authenticate;
  guard: LoginGuard;
  log: Logger;
  /** Things an administrator must fix (e.g. a well-known password still in use), shown as banners. */
  warnings?: () => string[];
}

const MAX_LOGIN_BYTES = 16 * 1024;
const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * /geoserver/web/session: GET says who is logged in (with the CSRF token for changes), POST
 * {username, password} logs in, DELETE logs out. Answers are JSON; refusals plain text.
 */
export async function handleSession(req: IncomingMessage, res: ServerResponse, o: SessionEndpointOptions): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') {
    const id = sessionIdOf(req);
    const session = id === undefined ? undefined : o.sessions.get(id);
    return replyJson(res, 200, describe(session, o), NO_STORE);
  }
  if (method === 'POST') return login(req, res, o);
  if (method === 'DELETE') return logout(req, res, o);
  req.resume();
  replyError(res, 405, `Request method '${method}' is not supported`, { Allow: 'GET, POST, DELETE' });
}

async function login(req: IncomingMessage, res: ServerResponse, o: SessionEndpointOptions): Promise<void> {
  const credentials = await readCredentials(req);
  if (typeof credentials === 'string') return replyError(res, credentials.startsWith('Content-Type') ? 415 : credentials.startsWith('A login body') ? 413 : 400, credentials);
  if (!sameOrigin(req)) return replyError(res, 403, `Cross-site login refused: Origin ${String(req.headers.origin)} is not this node`);
  const address = req.socket.remoteAddress ?? '';
  let principal: Principal | undefined;
  const verdict = await o.guard.attemptLogin(credentials.username, address, async () => (principal = await o.authenticate(credentials.username, credentials.password)) !== undefined);
  if (verdict !== 'ok' || !principal) {
    o.log.warn({ user: credentials.username, address }, 'failed web login');
    if (verdict === 'too-many') return replyError(res, 429, `Too many failed logins waiting on delay already (for '${credentials.username}' or in all); wait a few seconds and try again`);
    return replyError(res, 401, 'Wrong user name or password');
  }
  const previous = sessionIdOf(req);
  if (previous !== undefined) o.sessions.destroy(previous);
  const session = o.sessions.create(principal);
  o.log.info({ user: session.principal.name, address }, 'web login');
  replyJson(res, 200, describe(session, o), { ...NO_STORE, 'Set-Cookie': sessionCookie(req, session.id) });
}

function logout(req: IncomingMessage, res: ServerResponse, o: SessionEndpointOptions): void {
  req.resume();
  const verdict = sessionVerdict(o.sessions, req);
  if (verdict && !verdict.admitted && verdict.status === 403) return replyError(res, 403, verdict.message);
  if (verdict?.admitted) o.sessions.destroy(verdict.session.id);
  res.writeHead(204, { ...NO_STORE, 'Set-Cookie': clearedSessionCookie(req) }).end();
}

function describe(session: Session | undefined, o: SessionEndpointOptions): unknown {
  if (!session) return { user: null };
  return { user: session.principal.name, roles: session.principal.roles, csrfToken: session.csrfToken, warnings: o.warnings?.() ?? [] };
}

/** {username, password} from a JSON body, or what was wrong with it. */
async function readCredentials(req: IncomingMessage): Promise<{ username: string; password: string } | string> {
  const media = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (media !== 'application/json') {
    req.resume();
    // a cross-site HTML form cannot send application/json without the browser asking this node first
    return `Content-Type must be application/json, got '${media}'`;
  }
  const tooBig = `A login body is at most ${MAX_LOGIN_BYTES} bytes`;
  if (Number(req.headers['content-length'] ?? 0) > MAX_LOGIN_BYTES) {
    req.resume();
    return tooBig;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // read to the end even when too big, so that the refusal can still be answered on this socket
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_LOGIN_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_LOGIN_BYTES) return tooBig;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return 'The login body is not JSON: send {"username": "...", "password": "..."}';
  }
  const { username, password } = (body ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || username === '' || typeof password !== 'string') return 'The login body needs a non-empty "username" and a "password", both strings';
  return { username, password };
}
