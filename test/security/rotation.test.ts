import { afterAll, describe, expect, it } from 'vitest';
import { call, startNode, until, type NodeProcess } from '../helpers/node-process.js';

/*
 * Secret rotation without downtime (issue 9, point 5; SECURITY.md "Rotating the secret"): a node
 * in round 1 (old secret, new one as secret.previous) and a node in round 2 (new secret, old one
 * as secret.previous) replicate both ways; a node that never learnt the new secret refuses what
 * the new one signs.
 */

const OLD = 'rotation-old-cluster-secret-0123456789';
const NEW = 'rotation-new-cluster-secret-0123456789';
const nodes: NodeProcess[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
});

const base = (n: NodeProcess) => `http://127.0.0.1:${n.port}/geoserver`;
const ws = (name: string) => ({ body: `<workspace><name>${name}</name></workspace>`, type: 'text/xml' });

describe('secret rotation', () => {
  it('round-1 and round-2 nodes replicate both ways; a node without the new secret applies nothing it signed', async () => {
    const env = { 'connection.maxwait': '500' };
    const a = await startNode({ env: { ...env, instanceName: 'rot-a', secret: OLD, 'secret.previous': NEW } });
    nodes.push(a);
    const b = await startNode({ env: { ...env, instanceName: 'rot-b', secret: NEW, 'secret.previous': OLD, 'discovery.peers': base(a) } });
    nodes.push(b);
    const stale = await startNode({ env: { ...env, instanceName: 'rot-c', secret: OLD, 'discovery.peers': base(b) } });
    nodes.push(stale);
    const peers = `<properties><property name="discovery.peers" value="${base(b)}"/></properties>`;
    expect((await call(a, 'POST', '/cluster', { body: peers, type: 'text/xml' })).status).toBeLessThan(300);

    expect((await call(a, 'POST', '/workspaces', ws('froma'))).status).toBe(201);
    expect((await call(b, 'POST', '/workspaces', ws('fromb'))).status).toBe(201);
    await until('b to apply the change a signed with the old secret', async () => (await call(b, 'GET', '/workspaces/froma.json')).status === 200, 20_000);
    await until('a to apply the change b signed with the new secret', async () => (await call(a, 'GET', '/workspaces/fromb.json')).status === 200, 20_000);

    const status = await until('the stale node to dead-letter what b signed', async () => {
      const s = (await call(stale, 'GET', '/cluster/status.json')).json().cluster.node;
      return s.deadLetters > 0 ? s : undefined;
    }, 20_000);
    expect(status.lastDeadLetter?.reason ?? status.lastError).toMatch(/signature/);
    expect((await call(stale, 'GET', '/workspaces/fromb.json')).status).toBe(404);
  }, 90_000);
});
