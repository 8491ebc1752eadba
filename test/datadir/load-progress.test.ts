import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadDataDir } from '../../src/datadir/loader.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('load progress', () => {
  it('counts files read up to all of them, while the directory is still being listed and chunks come in any order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-load-progress-'));
    dirs.push(dir);
    await generateDataDir(path.join(dir, 'dd'), { layers: 1200, seed: 5 });
    const seen: Array<[number, number]> = [];
    const report = await loadDataDir(path.join(dir, 'dd'), new Catalog(), { threads: 2, progress: (files, total) => seen.push([files, total]) });
    expect(report.failures).toEqual([]);
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
    for (const [files, total] of seen) expect(files).toBeLessThanOrEqual(total);
    const [lastFiles, lastTotal] = seen[seen.length - 1];
    expect(lastFiles).toBe(lastTotal);
    expect(lastFiles).toBe(report.files);
  });
});
