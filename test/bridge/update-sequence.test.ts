import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converged, startCluster, stopAll } from '../helpers/cluster.js';
import { call, startNode, until, type NodeProcess } from '../helpers/node-process.js';

// GeoServer's UpdateSequenceListener (org.geoserver.config.UpdateSequenceListener) increments
// GeoServerInfo.updateSequence on every catalog add/modify/remove and every configuration change;
// GET /rest/settings reports it as global.updateSequence (SettingsController). The bridge polls it
// as the cheap signal that a GeoServer changed. A read is no change.

describe('updateSequence in GET /rest/settings', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });

  const sequence = async () => Number((await call(node, 'GET', '/settings.json')).json().global.updateSequence);
  const sequenceXml = async () => Number(/<updateSequence>(\d+)<\/updateSequence>/.exec((await call(node, 'GET', '/settings.xml')).text)?.[1]);

  it('grows with every catalog or configuration change, and not with a read', async () => {
    const before = await sequence();
    expect(await sequenceXml()).toBe(before);
    await call(node, 'GET', '/workspaces.json');
    expect(await sequence()).toBe(before);

    const ws = await call(node, 'POST', '/workspaces', { type: 'application/json', body: JSON.stringify({ workspace: { name: 'seq' } }) });
    expect(ws.status).toBe(201);
    const afterCatalog = await sequence();
    expect(afterCatalog).toBeGreaterThan(before);
    expect(await sequenceXml()).toBe(afterCatalog);

    const wms = await call(node, 'PUT', '/services/wms/settings', { type: 'application/json', body: JSON.stringify({ wms: { title: 'changed' } }) });
    expect(wms.status).toBe(200);
    const afterConfig = await sequence();
    expect(afterConfig).toBeGreaterThan(afterCatalog);
    expect(await sequence()).toBe(afterConfig);
  });

  it('is not itself a change: the stored global settings keep their own value', async () => {
    // the global object (global.xml) is not rewritten per change: what the node counts is local
    const { text } = await call(node, 'GET', '/settings.xml');
    const onDisk = (await import('node:fs')).readFileSync(`${node.dataDir}/global.xml`, 'utf8');
    expect(/<updateSequence>(\d+)/.exec(onDisk)?.[1]).toBe('0');
    expect(Number(/<updateSequence>(\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
  });
});

describe('updateSequence of a node that applies a replicated change', () => {
  it('grows too (a change applied is a change of its configuration), and each node counts its own', async () => {
    const [a, b] = await startCluster(2);
    try {
      await converged([a, b]);
      // a node that has not taken its first snapshot yet would get the workspace through one, which journals no event
      for (const n of [a, b]) await until(`${n.rest} ready`, async () => (await fetch(n.rest.replace(/\/rest$/, '/cluster/ready'))).status === 200, 30_000);
      const sequenceOf = async (n: NodeProcess) => Number((await call(n, 'GET', '/settings.json')).json().global.updateSequence);
      const before = await sequenceOf(b);
      expect((await call(a, 'POST', '/workspaces', { type: 'application/json', body: JSON.stringify({ workspace: { name: 'replicated' } }) })).status).toBe(201);
      await until('the workspace on b', async () => (await call(b, 'GET', '/workspaces/replicated.json')).status === 200);
      expect(await sequenceOf(b)).toBeGreaterThan(before);
    } finally {
      await stopAll([a, b]);
    }
  }, 60_000);
});
