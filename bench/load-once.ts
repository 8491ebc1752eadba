import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../src/catalog/catalog.js';
import { loadDataDir } from '../src/datadir/loader.js';

/**
 * Loads one data directory in a fresh process and prints wall time, CPU time and peak RSS as JSON;
 * progress (files read of all files) goes to stderr every 10 s.
 *   load-once <data dir> [threads]
 *   load-once --read <data dir>     one thread reading every file of the directory, nothing more
 */
const read = process.argv[2] === '--read';
const dir = process.argv[read ? 3 : 2];
const threads = !read && process.argv[3] ? Number(process.argv[3]) : undefined;
if (!dir) {
  process.stderr.write('usage: load-once <data dir> [threads] | load-once --read <data dir>\n');
  process.exit(2);
}
const t0 = performance.now();
const result = read ? readEveryFile(dir) : await load(dir);
const usage = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    ms: Math.round(performance.now() - t0),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    mainThreadCpuMs: mainThreadCpuMs(),
    ...result,
    peakRssMB: Math.round(usage.maxRSS / 1024),
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576),
  }) + '\n',
);

async function load(root: string): Promise<Record<string, number>> {
  const catalog = new Catalog();
  let shown = Date.now();
  const progress = (files: number, total: number) => {
    if (Date.now() - shown < 10_000) return;
    shown = Date.now();
    process.stderr.write(`loading: ${files} of ${total} files, ${Math.round((performance.now() - t0) / 1000)} s\n`);
  };
  const report = await loadDataDir(root, catalog, { threads, progress });
  return { objects: report.objects, files: report.files, failures: report.failures.length, layers: catalog.count('layer') };
}

/** The floor a load is compared with: every file of the directory read once by one thread. */
function readEveryFile(root: string): Record<string, number> {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += fs.readFileSync(p).length;
        files++;
      }
    }
  };
  walk(root);
  return { files, bytes };
}

/** CPU time of this process's main thread alone (Linux, 100 clock ticks a second). */
function mainThreadCpuMs(): number {
  const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
