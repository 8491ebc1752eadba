import * as path from 'node:path';
import { expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { refsOf } from '../../src/catalog/refs.js';
import type { Info } from '../../src/catalog/types.js';
import type { ParsedFile } from '../../src/datadir/parse-file.js';
import { inListedOrder } from '../../src/datadir/loader.js';
import { readAndParse } from '../../src/datadir/parse-file.js';
import { scanDataDir } from '../../src/datadir/scan.js';
import { tempDir } from '../helpers/node-process.js';

/*
 * The loader adds each object as soon as its file is parsed, and holds back one whose references
 * are not loaded yet, looking them up again when they come. So the scan lists a file after the
 * files of what it refers to wherever the layout allows (a workspace's files and styles before its
 * stores, layer groups after the layers of their workspace, the global ones last), and parsed
 * chunks are handed on in that order. Only a layer group in a layer group can come first.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

it('lists every file after the files of the objects it refers to, but for layer groups in layer groups', async () => {
  const generated = path.join(tempDir('geocluster-scan-order-'), 'dd');
  await generateDataDir(generated, { layers: 600, seed: 7 });
  for (const dir of [generated, path.join(FIXTURES, 'datadir-full')]) {
    const seen = new Set<string>();
    const workspaces = new Set<string>();
    const late: string[] = [];
    let checked = 0;
    for (const file of scanDataDir(dir)) {
      const parsed = readAndParse(file.path, file.optional === true);
      if (!parsed.ok) continue;
      const info = parsed.value as Info;
      for (const ref of refsOf(file.type, info)) {
        checked++;
        const nested = file.type === 'layerGroup' && ref.targets.includes('layerGroup') && !ref.targets.includes('layer');
        if (!seen.has(ref.id) && !nested) late.push(`${path.relative(dir, file.path)} refers to ${ref.id} (${ref.field}), listed later or not at all`);
      }
      if (file.workspace && file.type !== 'workspace' && file.type !== 'namespace' && !workspaces.has(file.workspace)) late.push(`${path.relative(dir, file.path)} comes before its workspace`);
      if (typeof info.id === 'string') seen.add(info.id);
      if (file.type === 'workspace' && typeof info.name === 'string') workspaces.add(info.name);
    }
    expect(late).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  }
});

it('hands parsed chunks on in the order they were listed, whatever order they come in', () => {
  const handed: number[] = [];
  const chunk = (n: number) => Array.from({ length: n }, (): ParsedFile => ({ ok: false, missing: true }));
  const handle = inListedOrder((first, results) => handed.push(first, results.length));
  handle(512, chunk(100));
  handle(256, chunk(256));
  expect(handed).toEqual([]);
  handle(0, chunk(256));
  expect(handed).toEqual([0, 256, 256, 256, 512, 100]);
});
