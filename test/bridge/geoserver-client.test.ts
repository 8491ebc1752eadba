import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GeoServerClient, GeoServerUnavailable } from '../../src/bridge/geoserver-client.js';

/*
 * The bridge's REST client against a real HTTP server on loopback that answers like a GeoServer
 * behind a proxy while it starts: 503 and 502 first, then the answer.
 */
describe('GeoServerClient', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  async function serve(answers: number[]): Promise<{ url: string; seen: Array<{ auth?: string; method?: string; url?: string; type?: string; body: string }> }> {
    const seen: Array<{ auth?: string; method?: string; url?: string; type?: string; body: string }> = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, method: req.method, url: req.url, type: req.headers['content-type'], body });
        const status = answers[Math.min(seen.length - 1, answers.length - 1)];
        res.writeHead(status).end(status === 200 ? 'done' : 'starting');
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/geoserver`, seen };
  }

  it('retries 503 and 502 with back-off, then returns the answer; Basic auth, body and type as given', async () => {
    const { url, seen } = await serve([503, 502, 200]);
    const client = new GeoServerClient({ url, user: 'admin', password: () => 'pw', timeoutMs: 2000, backoff: { firstMs: 5, maxMs: 20 } });
    const waits: number[] = [];
    const answer = await client.sendRetrying({ method: 'PUT', path: '/rest/workspaces/a', body: '<workspace/>', contentType: 'application/xml' }, new AbortController().signal, (_e, n) => waits.push(n));
    client.close();
    expect(answer).toEqual({ status: 200, text: 'done' });
    expect(waits).toEqual([1, 2]);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toEqual({ auth: `Basic ${Buffer.from('admin:pw').toString('base64')}`, method: 'PUT', url: '/geoserver/rest/workspaces/a', type: 'application/xml', body: '<workspace/>' });
  });

  it('returns a refusal as it is, and gives up on an unavailable GeoServer only when told to stop', async () => {
    const { url } = await serve([400]);
    const client = new GeoServerClient({ url, user: 'admin', password: () => 'pw', timeoutMs: 2000 });
    expect((await client.send({ method: 'POST', path: '/rest/workspaces' })).status).toBe(400);
    client.close();
    const down = new GeoServerClient({ url: 'http://127.0.0.1:9/geoserver', user: 'admin', password: () => 'pw', timeoutMs: 500, backoff: { firstMs: 5, maxMs: 10 } });
    const stop = new AbortController();
    let attempts = 0;
    const err = await down.sendRetrying({ method: 'GET', path: '/rest/about/version' }, stop.signal, () => attempts++ === 3 && stop.abort()).catch((e: Error) => e);
    expect(err).toBeInstanceOf(GeoServerUnavailable);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect((err as Error).message).not.toContain('pw');
    down.close();
  });
});
