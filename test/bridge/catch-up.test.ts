import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterMember } from '../helpers/cluster.js';
import { call, startNode, until, type NodeProcess } from '../helpers/node-process.js';
import { bridgedPair, bridgeEnv, bridgeStatus, caughtUp, changesReceived, getJson, startStandIn } from './helpers.js';

const XML = 'application/xml';

/*
 * Once, in order, from a persisted cursor: a stand-in stopped during 500 changes gets each of them
 * exactly once when it returns (its own journal counts what it received), and a restarted bridged
 * node goes on from its cursor instead of sending everything again.
 */
describe('GeoServer bridge: catching up and resuming', () => {
  let nodes: ClusterMember[];
  let standIns: NodeProcess[];
  let pwFile: string;

  beforeAll(async () => {
    ({ nodes, standIns, pwFile } = await bridgedPair());
    await Promise.all(nodes.map((n) => caughtUp(n)));
    const r = await call(nodes[0], 'POST', '/workspaces', { body: '<workspace><name>cu</name></workspace>', type: XML });
    expect(r.status).toBe(201);
    expect((await call(nodes[0], 'POST', '/workspaces/cu/datastores', { body: '<dataStore><name>ds</name></dataStore>', type: XML })).status).toBe(201);
    await Promise.all(nodes.map((n) => caughtUp(n)));
  }, 60000);

  afterAll(async () => {
    await Promise.all([...(nodes ?? []), ...(standIns ?? [])].map((n) => n.stop()));
  });

  const describeAs = (node: NodeProcess, text: string) => call(node, 'PUT', '/workspaces/cu/datastores/ds', { body: `<dataStore><description>${text}</description></dataStore>`, type: XML });
  const description = async (node: NodeProcess) => (await getJson(node, '/workspaces/cu/datastores/ds.json'))?.dataStore.description;

  it('a stand-in stopped during 500 changes receives each of them once when it returns', async () => {
    const standIn = standIns[1];
    const received = await changesReceived(standIn, 'standin-2');
    for (let i = 1; i <= 500; i++) {
      // stopped while the bridge of node 2 is sending them
      if (i === 100) await standIn.stop();
      expect((await describeAs(nodes[0], `v${i}`)).status).toBe(200);
    }
    // node 2 applied them (replicated) and waits for its GeoServer
    await until('node 2 has v500', async () => (await description(nodes[1])) === 'v500', 30000);
    expect((await bridgeStatus(nodes[1])).connected).toBe(false);
    standIns[1] = await startStandIn('standin-2', { port: standIn.port, dataDir: standIn.dataDir });
    await until('v500 on the returned stand-in', async () => (await description(standIns[1])) === 'v500', 60000);
    await caughtUp(nodes[1]);
    expect((await changesReceived(standIns[1], 'standin-2')) - received).toBe(500);
    expect((await bridgeStatus(nodes[1])).refused).toBe(0);
  }, 120000);

  it('kill -9 of a bridged node while it sends: each change arrives, at most the one in flight twice', async () => {
    const received = await changesReceived(standIns[1], 'standin-2');
    const node = nodes[1];
    for (let i = 1; i <= 200; i++) {
      if (i === 150) await node.kill();
      expect((await describeAs(nodes[0], `k${i}`)).status).toBe(200);
    }
    nodes[1] = Object.assign(await startNode({ port: node.port, dataDir: node.dataDir, env: { instanceName: 'bridged-2', 'discovery.peers': nodes[0].rest.replace(/\/rest$/, ''), ...bridgeEnv(standIns[1], pwFile) } }), { instanceName: 'bridged-2' });
    await until('k200 on stand-in 2', async () => (await description(standIns[1])) === 'k200', 60000);
    const s = await caughtUp(nodes[1]);
    expect(s.fullPasses).toBe(0);
    // a crash between a REST call and the cursor write sends that change again (whole state: same result)
    const got = (await changesReceived(standIns[1], 'standin-2')) - received;
    expect(got).toBeGreaterThanOrEqual(200);
    expect(got).toBeLessThanOrEqual(201);
  }, 120000);

  it('a restarted bridged node resumes from its cursor', async () => {
    const node = nodes[1];
    const received = await changesReceived(standIns[1], 'standin-2');
    await node.stop();
    for (let i = 1; i <= 10; i++) expect((await describeAs(nodes[0], `r${i}`)).status).toBe(200);
    nodes[1] = Object.assign(await startNode({ port: node.port, dataDir: node.dataDir, env: { instanceName: 'bridged-2', 'discovery.peers': nodes[0].rest.replace(/\/rest$/, ''), ...bridgeEnv(standIns[1], pwFile) } }), { instanceName: 'bridged-2' });
    await until('r10 on stand-in 2', async () => (await description(standIns[1])) === 'r10', 30000);
    const s = await caughtUp(nodes[1]);
    expect(s.fullPasses).toBe(0);
    expect((await changesReceived(standIns[1], 'standin-2')) - received).toBe(10);
  }, 90000);
});
