import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cpuPerOp, freePort, launch, removeAtExit, rest, stop } from './cluster-harness.js';
import { generateDataDir } from './generate-datadir.js';
import { numberOption } from './args.js';
import type { BenchResponse } from './http-client.js';

/**
 * REST benchmark on one node: write throughput (workspace creates), read throughput (workspace
 * GETs), both from many concurrent clients, and GET /rest/layers.json on a large catalog.
 *   node dist/bench/rest.js [--writes 3000] [--reads 10000] [--concurrency 32] [--layers 100000]
 */
const WRITES = numberOption('--writes', 3000);
const READS = numberOption('--reads', 10000);
const CONCURRENCY = numberOption('--concurrency', 32);
const LAYERS = numberOption('--layers', 100000);
/** `--layers 0` measures the single node only. */
const benchDir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'geocluster-bench');

const result: Record<string, unknown> = {};
const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-bench-rest-'));
let node = await launch({ name: 'rest1', port: await freePort(), dataDir: empty }, []);
try {
  const writes = await cpuPerOp([node], WRITES, () => timed(WRITES, (i) => rest(node, 'POST', '/workspaces', { workspace: { name: `w${i}` } }), 201));
  result.writes = { ...writes.result, nodeCpuMsPerRequest: writes.cpuMsPerOp };
  const reads = await cpuPerOp([node], READS, () => timed(READS, (i) => rest(node, 'GET', `/workspaces/w${i % WRITES}.json`), 200));
  result.reads = { ...reads.result, nodeCpuMsPerRequest: reads.cpuMsPerOp };
} finally {
  await stop(node);
  removeAtExit([empty]);
}

if (LAYERS === 0) {
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
const big = path.join(benchDir, `datadir-${LAYERS}`);
if (!fs.existsSync(path.join(big, 'global.xml'))) await generateDataDir(big, { layers: LAYERS, seed: 1 });
// the node writes its cluster folder into the data directory: give it a copy of nothing else
const t0 = performance.now();
node = await launch({ name: 'rest2', port: await freePort(), dataDir: big }, []);
const startSeconds = (performance.now() - t0) / 1000;
try {
  const samples: number[] = [];
  let bytes = 0;
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await rest(node, 'GET', '/layers.json');
    const body = await r.text();
    samples.push(performance.now() - t);
    bytes = body.length;
    count = (JSON.parse(body) as { layers: { layer: unknown[] } }).layers.layer.length;
  }
  samples.sort((a, b) => a - b);
  result.layersJson = { layers: count, bytes, medianMs: Math.round(samples[2]), minMs: Math.round(samples[0]) };
  result.startWith = { layers: LAYERS, secondsUntilReady: Math.round(startSeconds * 10) / 10 };
} finally {
  await stop(node);
  fs.rmSync(path.join(big, 'cluster'), { recursive: true, force: true });
  fs.rmSync(path.join(big, 'security'), { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result) + '\n');

async function timed(n: number, call: (i: number) => Promise<BenchResponse>, expect: number): Promise<Record<string, number>> {
  let next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < n; i = next++) {
        const r = await call(i);
        await r.arrayBuffer();
        if (r.status !== expect) throw new Error(`unexpected ${r.status}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  return { requests: n, concurrency: CONCURRENCY, perSecond: Math.round(n / seconds), clientCpuMsPerRequest: Math.round((used.user + used.system) / 10 / n) / 100 };
}
