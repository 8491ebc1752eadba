import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { basicEndpoint } from '../src/bridge/rest-endpoint.js';
import { seedFromGeoServer } from '../src/bridge/seed.js';
import { freePort, launch, PASSWORD, status, stop, until, type BenchNode } from './cluster-harness.js';
import { generateDataDir } from './generate-datadir.js';

/**
 * `geocluster import` at scale: a stand-in GeoServer (a lone node on a generated data directory of
 * N layers) imported into an empty cluster of two nodes through REST (src/bridge/seed.ts). Reports
 * the wall time of each phase, until both nodes hold the same digest, and the CPU time (user+sys)
 * of the import itself and of each process, which a machine shared with other work disturbs less.
 *
 *   npm run bench:bridge-import -- --layers 10000
 */
const args = process.argv.slice(2);
const layers = Number(args[args.indexOf('--layers') + 1] ?? 10_000) || 10_000;
const benchDir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'geocluster-bench');

function cpuSeconds(pid: number | undefined): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// its own copy: the stand-in writes its cluster and security folders, which the load benchmark's directories must not get
const dir = path.join(benchDir, `standin-${layers}`);
if (!fs.existsSync(path.join(dir, 'global.xml'))) await generateDataDir(dir, { layers, seed: 1 });
fs.rmSync(path.join(dir, 'cluster'), { recursive: true, force: true });
const [ps, p1, p2] = await Promise.all([freePort(), freePort(), freePort()]);
const url = (p: number) => `http://127.0.0.1:${p}/geoserver`;
const emptyDirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-bench-import-')));
const nodes: BenchNode[] = [];
try {
  nodes.push(await launch({ name: 'standin', port: ps, dataDir: dir }, [], { group: 'bench-standin' }, 600_000));
  nodes.push(...(await Promise.all([launch({ name: 'target1', port: p1, dataDir: emptyDirs[0] }, [url(p2)]), launch({ name: 'target2', port: p2, dataDir: emptyDirs[1] }, [url(p1)])])));
  const cpuBefore = nodes.map((n) => cpuSeconds(n.child.pid));
  const self = process.cpuUsage();
  const marks: Record<string, number> = {};
  const t0 = performance.now();
  const report = await seedFromGeoServer(basicEndpoint(url(ps), 'admin', PASSWORD), basicEndpoint(url(p1), 'admin', PASSWORD), { phase: (what) => void (marks[what] = performance.now()) });
  const imported = performance.now();
  await until(async () => {
    const [a, b] = await Promise.all([status(nodes[1]), status(nodes[2])]);
    return a.node.digest === b.node.digest && a.node.objects === b.node.objects;
  }, 1_800_000, 100);
  const cpu = process.cpuUsage(self);
  out({
    bench: 'bridge-import',
    layers,
    objectsRead: Object.values(report.read).reduce((a, b) => a + b, 0),
    objectsWritten: Object.values(report.written).reduce((a, b) => a + b, 0),
    failures: report.failures.length,
    readSourceSeconds: round((marks['read-target'] - marks['read-source']) / 1000),
    writeSeconds: round((imported - marks.write) / 1000),
    importSeconds: round((imported - t0) / 1000),
    bothNodesSameDigestSeconds: round((performance.now() - t0) / 1000),
    importCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    cpuSeconds: Object.fromEntries(nodes.map((n, i) => [n.name, round(cpuSeconds(n.child.pid) - cpuBefore[i])])),
    loadAverage: os.loadavg().map(round),
  });
} finally {
  for (const n of nodes) await stop(n);
  for (const d of emptyDirs) fs.rmSync(d, { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'cluster'), { recursive: true, force: true });
}

function out(o: object): void {
  process.stdout.write(JSON.stringify(o) + '\n');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
