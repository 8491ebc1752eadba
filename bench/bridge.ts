import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, launch, percentile, PASSWORD, removeAtExit, rest, stop, type BenchNode } from './cluster-harness.js';

/*
 * The GeoServer bridge (docs/bridge.md): a node and the GeoServer it keeps in step, here a node
 * running alone as the stand-in. Latency: a change on the node → visible over the stand-in's REST
 * (one change at a time, the stand-in polled every 1 ms). Throughput: changes made by 8 concurrent
 * clients → the last one visible on the stand-in. Run: npm run bench:bridge
 */
const LATENCY_CHANGES = Number(process.env.BENCH_BRIDGE_LATENCY ?? 200);
const BURST_CHANGES = Number(process.env.BENCH_BRIDGE_BURST ?? 2000);

async function main(): Promise<void> {
  const dir = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));
  const standIn = await launch({ name: 'bench-standin', port: await freePort(), dataDir: dir('geocluster-bench-standin-') }, [], { group: 'bench-standin' });
  const pw = path.join(dir('geocluster-bench-pw-'), 'password');
  fs.writeFileSync(pw, PASSWORD, { mode: 0o600 });
  const node = await launch({ name: 'bench-bridged', port: await freePort(), dataDir: dir('geocluster-bench-node-') }, [], {
    GEOCLUSTER_BRIDGE_URL: standIn.rest.replace(/\/rest$/, ''),
    GEOCLUSTER_BRIDGE_PASSWORD_FILE: pw,
  });
  const nodes: BenchNode[] = [standIn, node];
  try {
    await rest(node, 'POST', '/workspaces', { workspace: { name: 'bench' } });
    await rest(node, 'POST', '/workspaces/bench/datastores', { dataStore: { name: 'ds' } });
    await seen(standIn, "start", undefined, 30_000);
    const latencies: number[] = [];
    const puts: number[] = [];
    for (let i = 1; i <= LATENCY_CHANGES; i++) {
      const t0 = performance.now();
      await describe(node, `l${i}`);
      puts.push(performance.now() - t0);
      await seen(standIn, `l${i}`);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    puts.sort((a, b) => a - b);
    const t0 = performance.now();
    let next = 1;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next <= BURST_CHANGES) await describe(node, `b${next++}`);
    }));
    const made = performance.now() - t0;
    const last = await lastDescription(node);
    await seen(standIn, last, undefined, 120_000);
    const total = performance.now() - t0;
    console.log(JSON.stringify({
      bench: 'bridge',
      latencyMs: { changes: LATENCY_CHANGES, p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), nodePutP50: round(percentile(puts, 50)) },
      burst: { changes: BURST_CHANGES, madePerSecond: Math.round(BURST_CHANGES / (made / 1000)), onGeoServerPerSecond: Math.round(BURST_CHANGES / (total / 1000)) },
    }));
  } finally {
    await Promise.all(nodes.map((n) => stop(n)));
    removeAtExit(nodes.map((n) => n.dataDir));
  }
}

async function describe(node: BenchNode, text: string): Promise<void> {
  const r = await rest(node, 'PUT', '/workspaces/bench/datastores/ds', { dataStore: { description: text } });
  if (r.status !== 200) throw new Error(`PUT: ${r.status} ${await r.text()}`);
}

async function lastDescription(node: BenchNode): Promise<string> {
  return ((await (await rest(node, 'GET', '/workspaces/bench/datastores/ds.json')).json()) as { dataStore: { description: string } }).dataStore.description;
}

/** Waits until the stand-in's store has this description (`start`: until the store is there). */
async function seen(standIn: BenchNode, text: string, _unused?: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await rest(standIn, 'GET', '/workspaces/bench/datastores/ds.json');
    if (r.status === 200) {
      const d = ((await r.json()) as { dataStore: { description?: string } }).dataStore.description;
      if (text === 'start' || d === text) return;
    } else {
      await r.text();
    }
    if (Date.now() > deadline) throw new Error(`the stand-in did not get '${text}' within ${timeoutMs} ms`);
    await new Promise((r2) => setTimeout(r2, 1));
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

await main();
