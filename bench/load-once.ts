import { Catalog } from '../src/catalog/catalog.js';
import { loadDataDir } from '../src/datadir/loader.js';

/** Loads one data directory in a fresh process and prints wall time and peak RSS as JSON. */
const dir = process.argv[2];
const threads = process.argv[3] ? Number(process.argv[3]) : undefined;
if (!dir) {
  process.stderr.write('usage: load-once <data dir> [threads]\n');
  process.exit(2);
}
const t0 = performance.now();
const catalog = new Catalog();
const report = await loadDataDir(dir, catalog, { threads });
const ms = performance.now() - t0;
const usage = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    ms: Math.round(ms),
    objects: report.objects,
    files: report.files,
    failures: report.failures.length,
    layers: catalog.count('layer'),
    peakRssMB: Math.round(usage.maxRSS / 1024),
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576),
  }) + '\n',
);
