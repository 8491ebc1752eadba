import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sessionIdOf } from './cookies.js';
import type { Principal } from './ports.js';
import type { Session, SessionStore } from './sessions.js';

export const CSRF_HEADER = 'x-csrf-token';

/** How a request fares with the web UI's session: admitted as a principal, or refused with why. */
export type SessionVerdict =
  | { admitted: true; principal: Principal; session: Session }
  | { admitted: false; status: number; message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates a request by its session cookie. Undefined when it carries none (HTTP Basic
 * applies instead). A change (any method but GET/HEAD/OPTIONS) must also carry the session's CSRF
 * token in X-CSRF-Token, and an Origin header, when sent, must be this node's own.
 */
export function sessionVerdict(sessions: SessionStore, req: IncomingMessage): SessionVerdict | undefined {
  const id = sessionIdOf(req);
  if (id === undefined) return undefined;
  const session = sessions.get(id);
  // no WWW-Authenticate on purpose: a browser would answer it with its own password dialog
  if (!session) return { admitted: false, status: 401, message: 'Your web session has expired or was closed: log in again' };
  if (SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) return { admitted: true, principal: session.principal, session };
  if (!sameOrigin(req)) return { admitted: false, status: 403, message: `Cross-site request refused: Origin ${String(req.headers.origin)} is not this node` };
  if (!sameToken(req.headers[CSRF_HEADER], session.csrfToken)) {
    return { admitted: false, status: 403, message: 'Missing or wrong X-CSRF-Token header: a change made with the web session must carry its CSRF token (reload the page)' };
  }
  return { admitted: true, principal: session.principal, session };
}

/** An Origin header, when present, names this node (the Host the browser used). */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
