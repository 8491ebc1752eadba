import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export const SESSION_COOKIE = 'geocluster_session';

/**
 * The cookie's name carries the node's own port: browsers keep cookies per host, not per port,
 * so nodes on one host (a test cluster, a laptop) would otherwise log each other's users out.
 */
export function sessionCookieName(req: IncomingMessage): string {
  return `${SESSION_COOKIE}_${req.socket.localPort ?? 0}`;
}

/**
 * The session cookie: HttpOnly (page scripts never see it), SameSite=Strict (no other site's page
 * can make the browser send it), scoped to /geoserver (the UI and the REST API it calls), and
 * Secure whenever the node itself serves TLS.
 */
export function sessionCookie(req: IncomingMessage, id: string): string {
  return `${sessionCookieName(req)}=${id}; Path=/geoserver; HttpOnly; SameSite=Strict${secure(req) ? '; Secure' : ''}`;
}

export function clearedSessionCookie(req: IncomingMessage): string {
  return `${sessionCookieName(req)}=; Path=/geoserver; Max-Age=0; HttpOnly; SameSite=Strict${secure(req) ? '; Secure' : ''}`;
}

/** The session id the request carries, if any. */
export function sessionIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const name = sessionCookieName(req);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function secure(req: IncomingMessage): boolean {
  return Boolean((req.socket as TLSSocket).encrypted);
}
