import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Difference } from '../../src/bridge/drift.js';
import { restWriter } from '../../src/bridge/rest-writer.js';
import { UpstreamWatch } from '../../src/bridge/upstream.js';
import { converged, nodeStatus, startCluster, stopAll, type ClusterMember } from '../helpers/cluster.js';
import { call, startNode, until, type NodeProcess } from '../helpers/node-process.js';
import { endpointOf } from './bridge-helpers.js';

// Drift between a node and its co-located GeoServer (a lone stand-in node). The signal is
// updateSequence in GET /rest/settings (GeoServer's UpdateSequenceListener increments it on every
// catalog or configuration change); then both are read through REST and compared. On connection
// the GeoServer is converged to the node; afterwards a master publishes what was changed directly
// in its GeoServer, a pure slave reverts it (DESIGN §2: a pure slave never makes a change).

const XML = 'application/xml';
const store = (name: string, description: string) => `<dataStore><name>${name}</name><description>${description}</description><connectionParameters><entry key="url">file:data/${name}</entry></connectionParameters></dataStore>`;
const description = async (node: NodeProcess, path: string) => (await call(node, 'GET', `${path}.json`)).json().dataStore?.description;

describe('upstream: a master publishes what was changed directly in its GeoServer', () => {
  let cluster: ClusterMember[] = [];
  let standIn: NodeProcess;
  beforeAll(async () => {
    [cluster, standIn] = await Promise.all([startCluster(2), startNode()]);
  }, 60_000);
  afterAll(async () => {
    await stopAll([standIn, ...cluster]);
  });

  it('converges the GeoServer on connection, then publishes its changes to the cluster', async () => {
    const [a, b] = cluster;
    expect((await call(a, 'POST', '/workspaces', { type: XML, body: '<workspace><name>w1</name></workspace>' })).status).toBe(201);
    expect((await call(a, 'POST', '/workspaces/w1/datastores', { type: XML, body: store('ds', 'from the cluster') })).status).toBe(201);
    const watch = new UpstreamWatch({ geoserver: endpointOf(standIn), node: endpointOf(a), isMaster: () => true });
    const first = await watch.round();
    expect(first.action).toBe('reverted');
    expect(first.sample).toContainEqual({ kind: 'missing', path: '/rest/workspaces/w1/datastores/ds', fields: undefined });
    expect(await description(standIn, '/workspaces/w1/datastores/ds')).toBe('from the cluster');

    // nothing moved: the poll reads two numbers and compares nothing
    expect((await watch.round()).action).toBe('none');

    // changed directly in the GeoServer: a new workspace, a changed store
    expect((await call(standIn, 'POST', '/workspaces', { type: XML, body: '<workspace><name>direct</name></workspace>' })).status).toBe(201);
    expect((await call(standIn, 'PUT', '/workspaces/w1/datastores/ds', { type: XML, body: '<dataStore><description>changed in the GeoServer</description></dataStore>' })).status).toBe(200);
    const round = await watch.round();
    expect(round.action).toBe('published');
    expect(round.byFamily.workspace).toMatchObject({ missing: 1 });
    expect(round.sample).toContainEqual({ kind: 'different', path: '/rest/workspaces/w1/datastores/ds', fields: ['description'] });
    expect(round.result?.failures).toEqual([]);
    await converged(cluster);
    expect((await call(b, 'GET', '/workspaces/direct.json')).status).toBe(200);
    expect(await description(b, '/workspaces/w1/datastores/ds')).toBe('changed in the GeoServer');

    // removed directly in the GeoServer: removed from the cluster
    expect((await call(standIn, 'DELETE', '/workspaces/direct')).status).toBe(200);
    expect((await watch.round()).action).toBe('published');
    await until('the workspace removed on every node', async () => (await call(b, 'GET', '/workspaces/direct.json')).status === 404);
    expect((await watch.round()).action).toBe('none');
  }, 120_000);
});

describe('drift: a pure slave reverts what was changed directly in its GeoServer', () => {
  let cluster: ClusterMember[] = [];
  let standIn: NodeProcess;
  beforeAll(async () => {
    [cluster, standIn] = await Promise.all([startCluster(2, { envOf: (i): Record<string, string> => (i === 1 ? { toggleMaster: 'false' } : {}) }), startNode()]);
  }, 60_000);
  afterAll(async () => {
    await stopAll([standIn, ...cluster]);
  });

  it('reports the drift and converges the GeoServer back to the node, changing nothing in the cluster', async () => {
    const [master, slave] = cluster;
    expect((await nodeStatus(slave)).roles.master).toBe(false);
    expect((await call(master, 'POST', '/workspaces', { type: XML, body: '<workspace><name>s1</name></workspace>' })).status).toBe(201);
    expect((await call(master, 'POST', '/workspaces/s1/datastores', { type: XML, body: store('ds', 'from the master') })).status).toBe(201);
    await converged(cluster);
    const applied: Difference[] = [];
    const writeToGeoServer = restWriter(endpointOf(standIn));
    const watch = new UpstreamWatch({
      geoserver: endpointOf(standIn),
      node: endpointOf(slave),
      isMaster: () => false,
      revert: async (d) => {
        applied.push(d);
        await writeToGeoServer(d);
      },
    });
    expect((await watch.round()).action).toBe('reverted');
    expect(await description(standIn, '/workspaces/s1/datastores/ds')).toBe('from the master');

    applied.length = 0;
    expect((await call(standIn, 'PUT', '/workspaces/s1/datastores/ds', { type: XML, body: '<dataStore><description>tampered</description></dataStore>' })).status).toBe(200);
    expect((await call(standIn, 'POST', '/workspaces', { type: XML, body: '<workspace><name>rogue</name></workspace>' })).status).toBe(201);
    const round = await watch.round();
    expect(round.action).toBe('reverted');
    expect(round.total).toBe(3);
    expect(round.sample).toEqual([
      { kind: 'extra', path: '/rest/namespaces/rogue', fields: undefined },
      { kind: 'extra', path: '/rest/workspaces/rogue', fields: undefined },
      { kind: 'different', path: '/rest/workspaces/s1/datastores/ds', fields: ['description'] },
    ]);
    // changes and creations first, removals after (the workspace before its namespace)
    expect(applied.map((d) => `${d.kind} ${d.path}`)).toEqual(['different /rest/workspaces/s1/datastores/ds', 'extra /rest/workspaces/rogue', 'extra /rest/namespaces/rogue']);
    expect(await description(standIn, '/workspaces/s1/datastores/ds')).toBe('from the master');
    expect((await call(standIn, 'GET', '/workspaces/rogue.json')).status).toBe(404);
    for (const node of cluster) {
      expect((await call(node, 'GET', '/workspaces/rogue.json')).status).toBe(404);
      expect(await description(node, '/workspaces/s1/datastores/ds')).toBe('from the master');
    }
    expect((await watch.round()).action).toBe('none');
  }, 120_000);
});
