import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataDir } from './generate-datadir.js';

/**
 * Load benchmark: for each size, generate a synthetic data directory (kept under BENCH_DIR for
 * the next run) and load it in a fresh node process, reporting wall time and peak RSS.
 *   node dist/bench/load.js [--layers 10000,100000,1000000] [--threads N] [--keep]
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const sizes = (opt('--layers') ?? '10000,100000').split(',').map(Number);
const threads = opt('--threads');
const keep = args.includes('--keep');
const benchDir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'geocluster-bench');

for (const layers of sizes) {
  const dir = path.join(benchDir, `datadir-${layers}`);
  if (!fs.existsSync(path.join(dir, 'global.xml'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    await generateDataDir(dir, { layers, seed: 1 });
    process.stderr.write(`generated ${layers} layers in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  // drop nothing from the page cache: the figure is a warm-cache load, as on a restart
  const heap = layers >= 500_000 ? ['--max-old-space-size=16384'] : [];
  const run = spawnSync(process.execPath, [...heap, path.join(here, 'load-once.js'), dir, ...(threads ? [threads] : [])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`load of ${layers} layers failed:\n${run.stderr}`);
  const result = JSON.parse(run.stdout) as Record<string, number>;
  process.stdout.write(JSON.stringify({ layers, ...result, seconds: result.ms / 1000 }) + '\n');
  if (!keep && layers >= 500_000) fs.rmSync(dir, { recursive: true, force: true });
}
