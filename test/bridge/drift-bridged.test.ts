import { spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterMember } from '../helpers/cluster.js';
import { ADMIN, BIN, call, until, type NodeProcess } from '../helpers/node-process.js';
import { bridgeEnv, caughtUp, getJson, passwordFile, startStandIn } from './helpers.js';
import type { UpstreamStatus } from '../../src/bridge/upstream-start.js';
import type { DriftRound } from '../../src/bridge/upstream.js';

// Upstream with the bridge running inside the nodes (GEOCLUSTER_BRIDGE_UPSTREAM_MS): a master
// bridged to stand-in 1, a pure slave bridged to stand-in 2. The signal is updateSequence of GET
// /rest/settings (GeoServer's UpdateSequenceListener); the master publishes what was changed in
// its GeoServer directly, as its own changes (they replicate, and reach stand-in 2 downstream); the
// pure slave reports what was changed in its GeoServer directly and reverts it (DESIGN §2).

const XML = 'application/xml';

async function upstreamOf(node: NodeProcess): Promise<UpstreamStatus | undefined> {
  return (await getJson(node, '/cluster/status.json'))?.cluster.bridgeUpstream as UpstreamStatus | undefined;
}

describe('bridge upstream inside the nodes: a master publishes, a pure slave reverts', () => {
  let standIns: NodeProcess[] = [];
  let nodes: ClusterMember[] = [];
  beforeAll(async () => {
    standIns = await Promise.all([startStandIn('up-standin-1'), startStandIn('up-standin-2')]);
    const pw = passwordFile();
    nodes = await startCluster(2, {
      names: ['up-master', 'up-slave'],
      envOf: (i) => ({ ...bridgeEnv(standIns[i], pw), GEOCLUSTER_BRIDGE_UPSTREAM_MS: '200', ...(i === 1 ? { toggleMaster: 'false' } : {}) }),
    });
    await Promise.all(nodes.map((n) => caughtUp(n)));
    // connected: the first round has compared (and converged each GeoServer to its node)
    await Promise.all(nodes.map((n) => until(`the first upstream round of ${n.rest}`, async () => (await upstreamOf(n))?.lastRound !== undefined, 30_000)));
  }, 90_000);
  afterAll(async () => {
    await Promise.all([...nodes, ...standIns].map((n) => n.stop()));
  });

  it('a workspace and store made directly in the master\'s GeoServer reach the cluster and the other GeoServer', async () => {
    const [master, slave] = nodes;
    expect((await call(standIns[0], 'POST', '/workspaces', { type: XML, body: '<workspace><name>fromgs</name></workspace>' })).status).toBe(201);
    expect((await call(standIns[0], 'POST', '/workspaces/fromgs/datastores', { type: XML, body: '<dataStore><name>ds</name><description>made in GeoServer 1</description><connectionParameters><entry key="url">file:data/ds</entry></connectionParameters></dataStore>' })).status).toBe(201);
    for (const where of [master, slave, standIns[1]]) {
      await until(`the store on ${where.rest}`, async () => (await getJson(where, '/workspaces/fromgs/datastores/ds.json'))?.dataStore.description === 'made in GeoServer 1', 30_000);
    }
    const round = await until('the master\'s round in its status', async () => (await upstreamOf(master))?.lastDrift);
    expect(round?.action).toBe('published');
    expect(round?.sample.map((d) => `${d.kind} ${d.path}`)).toEqual(expect.arrayContaining(['missing /rest/workspaces/fromgs', 'missing /rest/workspaces/fromgs/datastores/ds']));
    // the published changes come back to the GeoServer downstream, which already has them: no refusal
    const downstream = await caughtUp(master);
    expect(downstream.refused).toBe(0);
  }, 90_000);

  it('a store changed and a workspace made directly in the pure slave\'s GeoServer are reported and reverted', async () => {
    const [master, slave] = nodes;
    await caughtUp(slave);
    // a round may compare between the two changes and revert them one at a time: every round that
    // found drift is kept as the status shows it (rounds compare at most every 2 s here)
    const rounds = new Map<string, DriftRound>();
    let watching = true;
    const watcher = (async () => {
      for (; watching; await delay(20)) {
        const drift = (await upstreamOf(slave))?.lastDrift;
        if (drift) rounds.set(JSON.stringify(drift), drift);
      }
    })();
    expect((await call(standIns[1], 'PUT', '/workspaces/fromgs/datastores/ds', { type: XML, body: '<dataStore><description>tampered</description></dataStore>' })).status).toBe(200);
    expect((await call(standIns[1], 'POST', '/workspaces', { type: XML, body: '<workspace><name>rogue</name></workspace>' })).status).toBe(201);
    await until('stand-in 2 set back', async () => (await getJson(standIns[1], '/workspaces/fromgs/datastores/ds.json'))?.dataStore.description === 'made in GeoServer 1' && (await call(standIns[1], 'GET', '/workspaces/rogue.json')).status === 404, 30_000);
    const expected = [
      { kind: 'different', path: '/rest/workspaces/fromgs/datastores/ds', fields: ['description'] },
      { kind: 'extra', path: '/rest/workspaces/rogue' },
    ];
    const reported = () => [...rounds.values()].filter((r) => r.action === 'reverted').flatMap((r) => r.sample.map((d) => JSON.stringify(d)));
    // the status shows a round once it has acted, a moment after the stand-in was set back
    await until('both reverted in the slave\'s rounds', async () => expected.every((e) => reported().includes(JSON.stringify(e))) || undefined, 30_000).catch(() => undefined);
    watching = false;
    await watcher;
    expect(reported()).toEqual(expect.arrayContaining(expected.map((e) => JSON.stringify(e))));
    // the cluster never saw either
    for (const node of nodes) {
      expect((await call(node, 'GET', '/workspaces/rogue.json')).status).toBe(404);
      expect((await getJson(node, '/workspaces/fromgs/datastores/ds.json'))?.dataStore.description).toBe('made in GeoServer 1');
    }
    expect((await upstreamOf(master))?.lastError).toBeUndefined();
    // `geocluster status` on the slave prints its bridge and the drift it reverted
    const printed = spawnSync(process.execPath, [BIN, 'status', '--url', slave.rest.replace(/\/rest$/, '')], { env: { ...process.env, GEOSERVER_ADMIN_USER: ADMIN.user, GEOSERVER_ADMIN_PASSWORD: ADMIN.password }, encoding: 'utf8', timeout: 30_000 });
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(`GeoServer bridge to ${standIns[1].rest.replace(/\/rest$/, '')}: connected, following`);
    expect(printed.stdout).toMatch(/upstream: every 200 ms; last drift \S+: \d+ difference\(s\), reverted/);
  }, 90_000);
});
