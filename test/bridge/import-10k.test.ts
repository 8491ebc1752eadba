import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { converged, listNames, startCluster, stopAll, type ClusterMember } from '../helpers/cluster.js';
import { call, startNode, tempDir, type NodeProcess } from '../helpers/node-process.js';
import { baseUrl, runCli } from './bridge-helpers.js';

// The seed of issue 13: a 10,000-layer GeoServer (the stand-in on a generated data directory)
// imported into an empty two-node cluster through REST. Bounded: the import has 15 minutes (it
// takes a few on a loaded 2-core machine; timings go to BENCHMARKS.md, not here).

const LAYERS = 10_000;

describe(`import of a ${LAYERS}-layer GeoServer into an empty cluster`, () => {
  let standIn: NodeProcess;
  let cluster: ClusterMember[] = [];
  beforeAll(async () => {
    const dir = tempDir();
    await generateDataDir(dir, { layers: LAYERS, seed: 3 });
    [standIn, cluster] = await Promise.all([startNode({ dataDir: dir, timeoutMs: 120_000 }), startCluster(2)]);
  }, 240_000);
  afterAll(async () => {
    await stopAll([standIn, ...cluster]);
  });

  it('every layer, store, style and group reaches both nodes', async () => {
    const r = await runCli(['import', '--from', baseUrl(standIn), '--url', baseUrl(cluster[0])], {}, 900_000);
    expect(r.stdout, r.stderr).toContain('every object was imported');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^layer\\s+${LAYERS}\\s+${LAYERS}$`, 'm'));
    await converged(cluster, 300_000);
    const want = (await listNames(standIn, '/layers.json', 'layers', 'layer')).sort();
    expect(want).toHaveLength(LAYERS);
    for (const node of cluster) {
      expect((await listNames(node, '/layers.json', 'layers', 'layer')).sort()).toEqual(want);
      expect((await listNames(node, '/layergroups.json', 'layerGroups', 'layerGroup')).sort()).toEqual((await listNames(standIn, '/layergroups.json', 'layerGroups', 'layerGroup')).sort());
    }
    // one layer in full, as a client reads it: the same styles on every node
    const sample = want[Math.floor(LAYERS / 2)];
    const layer = (await call(standIn, 'GET', `/layers/${sample}.json`)).json().layer;
    for (const node of cluster) {
      const got = (await call(node, 'GET', `/layers/${sample}.json`)).json().layer;
      expect(got.defaultStyle.name).toBe(layer.defaultStyle.name);
      expect(JSON.stringify(got.styles ?? null).replace(/"href":"[^"]*"/g, '')).toBe(JSON.stringify(layer.styles ?? null).replace(/"href":"[^"]*"/g, ''));
    }
  }, 1_200_000);
});
