import * as fs from 'node:fs';
import * as https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startNode, tempDir, until, type NodeProcess } from '../helpers/node-process.js';
import { makeCA, makeCert, type TestCA, type TestCert } from '../helpers/tls-certs.js';

/*
 * TLS on the node's HTTP port (issue 9, point 3): certificate and key in GEOCLUSTER_TLS_CERT/KEY,
 * client certificates required and verified with GEOCLUSTER_TLS_CLIENT_CA, peers' https:// URLs
 * verified with tls.ca. Two nodes replicate over TLS; a peer whose certificate another CA signed
 * is refused, and a client that does not trust the node's CA refuses the node.
 */

const nodes: NodeProcess[] = [];
let dir: string;
let ca: TestCA;
let other: TestCA;
const certs: Record<string, TestCert> = {};

beforeAll(() => {
  dir = tempDir('geocluster-tls-');
  ca = makeCA(dir, 'cluster-ca');
  other = makeCA(dir, 'other-ca');
  for (const n of ['a', 'b', 'client']) certs[n] = makeCert(dir, ca, n);
  certs.c = makeCert(dir, other, 'c');
});

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
});

async function tlsNode(name: string, cert: TestCert, env: Record<string, string> = {}): Promise<NodeProcess> {
  const n = await startNode({
    env: { instanceName: name, GEOCLUSTER_TLS_CERT: cert.cert, GEOCLUSTER_TLS_KEY: cert.key, GEOCLUSTER_TLS_CLIENT_CA: ca.ca, 'tls.ca': ca.ca, 'connection.maxwait': '500', ...env },
  });
  nodes.push(n);
  return n;
}

/** A REST call over https with the client certificate, trusting `trust`. */
function rest(n: NodeProcess, method: string, path: string, opts: { body?: string; trust?: string; client?: TestCert } = {}): Promise<{ status: number; text: string }> {
  const client = opts.client ?? certs.client;
  return new Promise((resolve, reject) => {
    const req = https.request(`https://127.0.0.1:${n.port}/geoserver/rest${path}`, {
      method, agent: false, ca: fs.readFileSync(opts.trust ?? ca.ca), cert: fs.readFileSync(client.cert), key: fs.readFileSync(client.key),
      headers: { Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`, ...(opts.body ? { 'Content-Type': 'text/xml' } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('TLS on the node port', () => {
  it('two nodes replicate over TLS; a peer with a certificate of another CA is refused and gets nothing', async () => {
    const a = await tlsNode('tls-a', certs.a);
    const aUrl = `https://127.0.0.1:${a.port}/geoserver`;
    const b = await tlsNode('tls-b', certs.b, { 'discovery.peers': aUrl });
    const c = await tlsNode('tls-c', certs.c, { 'discovery.peers': aUrl });
    expect((await rest(a, 'POST', '/workspaces', { body: '<workspace><name>overtls</name></workspace>' })).status).toBe(201);
    await until('b to replicate over TLS', async () => (await rest(b, 'GET', '/workspaces/overtls.json')).status === 200, 20_000);
    const status = await until('c to say why a refuses it', async () => {
      const s = JSON.parse((await rest(c, 'GET', '/cluster/status.json', { trust: other.ca })).text).cluster.node;
      return s.transport.lastError ? s : undefined;
    }, 20_000);
    expect(JSON.stringify(status.transport)).toMatch(/certificate|socket hang up|ECONNRESET|alert/i);
    expect((await rest(c, 'GET', '/workspaces/overtls.json', { trust: other.ca })).status).toBe(404);
  });

  it('a client that does not trust the cluster CA refuses the node, and one without a client certificate is refused', async () => {
    const a = nodes[0];
    await expect(rest(a, 'GET', '/workspaces.json', { trust: other.ca })).rejects.toThrow(/certificate/i);
    await expect(rest(a, 'GET', '/workspaces.json', { client: certs.c })).rejects.toThrow();
    expect((await rest(a, 'GET', '/workspaces.json')).status).toBe(200);
  });
});
