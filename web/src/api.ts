/**
 * How the UI talks to its node: the REST API under /geoserver/rest (with the session cookie and
 * the CSRF token on every change) and the login session under /geoserver/web/session.
 */
export const REST = '/geoserver/rest';
const SESSION = '/geoserver/web/session';

/** A refusal from the node, with its plain-text message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface SessionInfo {
  user: string | null;
  roles?: string[];
  csrfToken?: string;
  /** Things to fix on this node (e.g. a well-known password in use). */
  warnings?: string[];
}

export type Body = { json: unknown } | { sld: string } | { xml: string };

export class Api {
  /** Aborts every request still in flight when the session ends. */
  private readonly inFlight = new AbortController();

  constructor(
    private readonly csrfToken: string,
    /** Told when the node answers 401: the session is gone. */
    private readonly onExpired: () => void,
  ) {}

  /** A REST call; resolves to the parsed JSON answer, the text, or undefined when empty. */
  async rest<T = any>(method: string, path: string, body?: Body, accept = 'application/json'): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const headers: Record<string, string> = { Accept: accept };
    let payload: string | undefined;
    if (body && 'json' in body) [headers['Content-Type'], payload] = ['application/json', JSON.stringify(body.json)];
    if (body && 'sld' in body) [headers['Content-Type'], payload] = ['application/vnd.ogc.sld+xml', body.sld];
    if (body && 'xml' in body) [headers['Content-Type'], payload] = ['application/xml', body.xml];
    if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = this.csrfToken;
    const res = await fetch(REST + path, { method, headers, body: payload, credentials: 'same-origin', signal: this.inFlight.signal });
    const text = await res.text();
    if (res.status === 401) this.onExpired();
    if (!res.ok) throw new ApiError(res.status, text.trim() || `${res.status} ${res.statusText}`);
    if (!text) return undefined as T;
    return (res.headers.get('Content-Type') ?? '').includes('json') ? JSON.parse(text) : (text as T);
  }

  get<T = any>(path: string): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.rest<T>('GET', path);
  }

  /** Ends the session; requests still in flight are dropped first, so none answers 401 after it. */
  async logout(): Promise<void> {
    this.inFlight.abort();
    await fetch(SESSION, { method: 'DELETE', headers: { 'X-CSRF-Token': this.csrfToken }, credentials: 'same-origin' });
  }
}

export async function readSession(): Promise<SessionInfo> {
  const res = await fetch(SESSION, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new ApiError(res.status, (await res.text()) || res.statusText);
  return res.json();
}

export async function login(username: string, password: string): Promise<SessionInfo> {
  const res = await fetch(SESSION, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
    credentials: 'same-origin',
  });
  if (!res.ok) throw new ApiError(res.status, (await res.text()).trim() || res.statusText);
  return res.json();
}

/** The path with each segment percent-encoded. */
export function restPath(...segments: string[]): string {
  return '/' + segments.map(encodeURIComponent).join('/');
}

/** A GeoServer JSON list (`{"styles":{"style":[..]}}`, or `""` when empty) as an array. */
export function listOf<T>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value as T];
}
