import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converged, freePort, inParallel, listNames, nodeStatus, peerUrl, restartMember, startCluster, stopAll, type ClusterMember } from '../helpers/cluster.js';
import { call, startNode, until, type NodeProcess } from '../helpers/node-process.js';

/**
 * The BrokerClient contract (src/transports/broker/broker-client.ts, test/transports/contract.ts),
 * point by point, for the embedded transport. It is not a BrokerClient — there is no broker: each
 * node streams its journal to its peers — so the same promises are checked on real node
 * processes: the journal is the durable subscription and a cursor advance is the acknowledgement.
 * The Transport contract runs it in process too (embedded.transport.test.ts).
 */
const SECRET = 'embedded-contract-secret-0123456789';

describe('embedded transport contract', () => {
  let nodes: ClusterMember[];
  let extra: NodeProcess | undefined;
  let extraPort: number;
  const env = { secret: SECRET, group: 'embedded-contract', 'connection.maxwait': '1000' };

  beforeAll(async () => {
    extraPort = await freePort();
    nodes = await startCluster(2, { names: ['pub', 'sub'], env, extraPeers: [peerUrl(extraPort)] });
  });
  afterAll(async () => {
    await stopAll([...nodes, extra]);
  });

  const create = (node: NodeProcess, name: string) => call(node, 'POST', '/workspaces', { type: 'application/json', body: JSON.stringify({ workspace: { name } }) });
  const has = async (node: NodeProcess, name: string) => (await call(node, 'GET', `/workspaces/${name}.json`)).status === 200;

  it('publish/consume: a change on one node is applied by the other', async () => {
    expect((await create(nodes[0], 'pc1')).status).toBe(201);
    await until('pc1 on the subscriber', () => has(nodes[1], 'pc1'));
  });

  it('durable per-node subscription across a disconnect: what was published meanwhile arrives after it', async () => {
    await nodes[1].stop();
    for (let i = 0; i < 20; i++) expect((await create(nodes[0], `away${i}`)).status).toBe(201);
    await restartMember(nodes, 1, env);
    await converged(nodes, 20000);
    const names = await listNames(nodes[1], '/workspaces.json', 'workspaces', 'workspace');
    for (let i = 0; i < 20; i++) expect(names).toContain(`away${i}`);
  });

  it('order per publisher: a create / rename / create-again chain ends the same on the subscriber', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await create(nodes[0], `o${i}`)).status).toBe(201);
      expect((await call(nodes[0], 'PUT', `/workspaces/o${i}`, { type: 'application/json', body: JSON.stringify({ workspace: { name: `r${i}` } }) })).status).toBe(200);
    }
    const [a] = await converged(nodes, 20000);
    expect((await nodeStatus(nodes[1])).counters.stale ?? 0).toBe(0);
    expect(a.heldBack).toBe(0);
    const names = await listNames(nodes[1], '/workspaces.json', 'workspaces', 'workspace');
    for (let i = 0; i < 30; i++) {
      expect(names).toContain(`r${i}`);
      expect(names).not.toContain(`o${i}`);
    }
  });

  it('redelivery of what was not acknowledged: a subscriber killed mid-stream gets it again, once', async () => {
    const before = await nodeStatus(nodes[1]);
    const burst = inParallel(Array.from({ length: 120 }, (_v, i) => () => create(nodes[0], `k${i}`)), 4);
    await until('the subscriber in the middle of the burst', async () => ((await nodeStatus(nodes[1])).cursors.pub ?? 0) > (before.cursors.pub ?? 0) + 10);
    await nodes[1].kill();
    const replies = await burst;
    expect(replies.every((r) => r.status === 201)).toBe(true);
    await restartMember(nodes, 1, env);
    const [pub, sub] = await converged(nodes, 30000);
    expect(sub.cursors.pub).toBe(pub.cursors.pub);
    const names = await listNames(nodes[1], '/workspaces.json', 'workspaces', 'workspace');
    for (let i = 0; i < 120; i++) expect(names).toContain(`k${i}`);
  });

  it('reconnect and resubscribe: the publisher restarted, the subscriber follows it again by itself', async () => {
    await nodes[0].stop();
    await restartMember(nodes, 0, env);
    expect((await create(nodes[0], 'after-restart')).status).toBe(201);
    await until('after-restart on the subscriber', () => has(nodes[1], 'after-restart'), 20000);
  });

  it('close while publishing: a node stopped mid-burst exits in time, and every acknowledged change arrives', async () => {
    const acked: string[] = [];
    const burst = inParallel(
      Array.from({ length: 80 }, (_v, i) => async () => {
        const r = await create(nodes[0], `c${i}`).catch(() => undefined);
        if (r?.status === 201) acked.push(`c${i}`);
      }),
      4,
    );
    await until('a few acknowledged', () => acked.length >= 10);
    await nodes[0].stop();
    await burst;
    expect(await nodes[0].exited).toBe(0);
    await restartMember(nodes, 0, env);
    await converged(nodes, 30000);
    const names = await listNames(nodes[1], '/workspaces.json', 'workspaces', 'workspace');
    for (const n of acked) expect(names).toContain(n);
  });

  it('bad credentials give a clear error: a node with another secret is refused and says why', async () => {
    extra = await startNode({
      port: extraPort,
      env: { ...env, secret: 'not-the-cluster-secret-at-all', instanceName: 'intruder', 'discovery.peers': nodes.map((n) => peerUrl(n.port)).join(',') },
    });
    const s = await until('the intruder to report the refusal', async () => {
      const st = await nodeStatus(extra!);
      return st.transport.lastError ? st : undefined;
    });
    expect(s.transport.connected).toBe(false);
    expect(s.transport.lastError).toMatch(/401.*(token|secret)/i);
    expect((await fetch(`http://127.0.0.1:${extraPort}/geoserver/cluster/ready`)).status).toBe(503);
    expect((await create(extra, 'from-intruder')).status).toBe(201);
    expect(await has(nodes[1], 'from-intruder')).toBe(false);
  });
});
