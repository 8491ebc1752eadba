import { afterAll, describe, expect, it } from 'vitest';
import { call, startNode, until, type NodeProcess } from '../helpers/node-process.js';
import { bridgeEnv, bridgeStatus, caughtUp, getJson, passwordFile, startStandIn } from './helpers.js';

const XML = 'application/xml';

/*
 * A snapshot replaces a node's state without journal events: its bridge cannot follow the journal
 * across it and sends the whole state instead (a full pass), adding what came and removing what went.
 */
describe('GeoServer bridge: full pass after a snapshot install', () => {
  const started: NodeProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((n) => n.stop()));
  });

  it('a bridged node that takes a snapshot from a peer puts the snapshot on its GeoServer', async () => {
    const a = await startNode({ env: { instanceName: 'fp-a', 'discovery.peers': '' } });
    started.push(a);
    for (const ws of ['snap1', 'snap2']) expect((await call(a, 'POST', '/workspaces', { body: `<workspace><name>${ws}</name></workspace>`, type: XML })).status).toBe(201);
    expect((await call(a, 'POST', '/workspaces/snap1/datastores', { body: '<dataStore><name>ds</name><description>from the snapshot</description></dataStore>', type: XML })).status).toBe(201);

    const standIn = await startStandIn('fp-standin');
    started.push(standIn);
    // made on the stand-in directly and sent by nobody: a full pass leaves what it did not send
    expect((await call(standIn, 'POST', '/workspaces', { body: '<workspace><name>own</name></workspace>', type: XML })).status).toBe(201);
    const b = await startNode({ env: { instanceName: 'fp-b', 'discovery.peers': '', ...bridgeEnv(standIn, passwordFile()) } });
    started.push(b);
    const first = await caughtUp(b);
    expect(first.fullPasses).toBe(1);

    // b joins a: its journal is empty, so it takes a's snapshot (src/cluster/bootstrap.ts)
    const joined = await call(b, 'POST', '/cluster', { type: XML, body: `<properties><property name="discovery.peers" value="${a.rest.replace(/\/rest$/, '')}"/></properties>` });
    expect(joined.status, joined.text).toBeLessThan(300);
    await until('the snapshot on b', () => getJson(b, '/workspaces/snap1/datastores/ds.json'), 30000);
    await until('the snapshot on the stand-in', async () => (await getJson(standIn, '/workspaces/snap1/datastores/ds.json'))?.dataStore.description === 'from the snapshot', 30000);
    expect(await getJson(standIn, '/workspaces/snap2.json')).toBeDefined();
    expect(await getJson(standIn, '/workspaces/own.json')).toBeDefined();
    const s = await caughtUp(b);
    expect(s.fullPasses).toBe(2);
    expect(s.refused).toBe(0);
    expect((await bridgeStatus(b)).lag).toBe(0);
  }, 90000);
});

describe('GeoServer bridge: full pass after compaction past the cursor', () => {
  const started: NodeProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((n) => n.stop()));
  });

  it('a GeoServer away while the journal compacted the changes it missed gets the state instead', async () => {
    let standIn = await startStandIn('fc-standin');
    started.push(standIn);
    const node = await startNode({ env: { instanceName: 'fc-node', 'discovery.peers': '', 'journal.maxEvents': '20', ...bridgeEnv(standIn, passwordFile()) } });
    started.push(node);
    expect((await call(node, 'POST', '/workspaces', { body: '<workspace><name>fc</name></workspace>', type: XML })).status).toBe(201);
    expect((await call(node, 'POST', '/workspaces/fc/datastores', { body: '<dataStore><name>ds</name></dataStore>', type: XML })).status).toBe(201);
    await caughtUp(node);
    await standIn.stop();
    for (let i = 1; i <= 200; i++) {
      const r = await call(node, 'PUT', '/workspaces/fc/datastores/ds', { body: `<dataStore><description>c${i}</description></dataStore>`, type: XML });
      expect(r.status).toBe(200);
    }
    // the journal kept the latest state of each object only: the bridge's cursor is behind its horizon
    await until('compaction', async () => {
      const r = await call(node, 'GET', '/cluster/status.json');
      return (r.json().cluster.node.journal.horizons['fc-node'] ?? 0) > 10 ? true : undefined;
    }, 20000);
    standIn = await startStandIn('fc-standin', { port: standIn.port, dataDir: standIn.dataDir });
    started.push(standIn);
    await until('c200 on the stand-in', async () => (await getJson(standIn, '/workspaces/fc/datastores/ds.json'))?.dataStore.description === 'c200', 30000);
    const s = await caughtUp(node);
    expect(s.fullPasses).toBe(2);
    expect(s.refused).toBe(0);
  }, 90000);
});
