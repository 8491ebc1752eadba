import type { Principal } from '../security/authenticate.js';
import { statusOverrides, toRestError } from './errors.js';
import { EXTENSIONS, type Format, type RestRequest } from './http.js';
import type { Router } from './router.js';

export interface InProcessOptions {
  /** /rest and /gwc/rest, as the HTTP server routes them. */
  router: Router;
  gwcRouter?: Router;
  /** Makes a change durable before it is answered, as after any REST change. */
  commit(): Promise<void>;
  /** Who the requests act as (the node's administrator, resolved at each call). */
  principal(): Principal | undefined;
  /** The node's public base URL (links in answers). */
  base: string;
}

/**
 * The node's own REST API called inside the process, for parts of the node that act as a REST
 * client of it (the GeoServer bridge publishing changes found in its GeoServer) and hold no
 * password: the same routes, rules, change context (local) and commit as a request over HTTP.
 * Paths start at the GeoServer base (`/rest/workspaces.xml`, `/gwc/rest/layers`).
 */
export function inProcessRest(o: InProcessOptions) {
  return {
    url: o.base,
    async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: { type: string; text: string }, accept = 'application/xml'): Promise<{ status: number; text: string }> {
      const gwc = path.startsWith('/gwc/rest/') || path === '/gwc/rest';
      const router = gwc ? o.gwcRouter : o.router;
      const principal = o.principal();
      if (!router || (!gwc && !path.startsWith('/rest'))) return { status: 404, text: `No handler for ${method} ${path}` };
      if (!principal) return { status: 401, text: 'no administrator to act as' };
      let kind: Parameters<typeof statusOverrides>[0];
      try {
        const req = requestOf(method, path, gwc ? '/gwc/rest' : '/rest', body, accept, o.base);
        req.principal = principal;
        const match = router.match(req.method, req.segments);
        req.params = match.params;
        kind = match.kind;
        const answer = await match.handler(req);
        if (method !== 'GET') await o.commit();
        return { status: answer.status, text: answer.body === undefined ? '' : answer.body.toString() };
      } catch (err) {
        const refusal = toRestError(err, statusOverrides(kind, method));
        return { status: refusal.status, text: refusal.message };
      }
    },
  };
}

function requestOf(method: string, path: string, prefix: string, body: { type: string; text: string } | undefined, accept: string, base: string): RestRequest {
  const url = new URL(path, 'http://in-process');
  const segments = url.pathname.slice(prefix.length).split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  let extension: Format | undefined;
  const last = segments[segments.length - 1];
  const dot = last ? last.lastIndexOf('.') : -1;
  if (last && dot > 0 && (EXTENSIONS as readonly string[]).includes(last.slice(dot + 1).toLowerCase())) {
    extension = last.slice(dot + 1).toLowerCase() as Format;
    segments[segments.length - 1] = last.slice(0, dot);
  }
  const headers: Record<string, string> = { accept };
  if (body) headers['content-type'] = body.type;
  return { method, segments, extension, query: url.searchParams, headers, body: Buffer.from(body?.text ?? ''), params: {}, base: `${base}${prefix}` };
}
