/**
 * The little the bridge's reader and writer need of a GeoServer REST API (or a node's: it serves
 * the same API): one request, answered with its status and text. Paths start at the GeoServer
 * base URL (`/rest/workspaces.xml`, `/gwc/rest/layers.xml`).
 */
export interface RestEndpoint {
  /** For messages: where it is. */
  readonly url: string;
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: { type: string; text: string }, accept?: string): Promise<RestAnswer>;
}

export interface RestAnswer {
  status: number;
  text: string;
}

/** A failure to reach the endpoint at all (not an HTTP answer). */
export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

/** A RestEndpoint over fetch with Basic authentication; the password is never part of a message. */
export function basicEndpoint(baseUrl: string, user: string, password: string, timeoutMs = 60_000): RestEndpoint {
  const url = baseUrl.replace(/\/+$/, '').replace(/\/rest$/, '');
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return {
    url,
    async request(method, path, body, accept = 'application/xml') {
      const headers: Record<string, string> = { Authorization: auth, Accept: accept };
      if (body) headers['Content-Type'] = body.type;
      let res: Response;
      try {
        res = await fetch(url + path, { method, headers, body: body?.text, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        const cause = (err as Error).cause as Error | undefined;
        throw new EndpointError(`cannot reach ${url}: ${cause?.message ?? (err as Error).message}`);
      }
      return { status: res.status, text: await res.text() };
    },
  };
}

/** Runs `work` over every item with at most `limit` at once; results in the items' order. */
export async function eachLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
