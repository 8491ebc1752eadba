import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { ConfigDigest } from '../../src/cluster/digest.js';
import { loadDataDir, type LoadedHashes } from '../../src/datadir/loader.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * The parsing threads hash each object they read (src/datadir/parse-file.ts), and the node's first
 * configuration digest takes those hashes: they must be exactly the digest's own.
 */
describe('digest hashes computed while loading', () => {
  it('give the same digest, tree and count as hashing every loaded object again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-digest-input-'));
    dirs.push(dir);
    // enough files for the parsing threads (a few hundred files are parsed on the calling thread)
    await generateDataDir(path.join(dir, 'dd'), { layers: 400, seed: 3 });
    const catalog = new Catalog();
    const report = await loadDataDir(path.join(dir, 'dd'), catalog, { threads: 2 });
    expect(report.failures).toEqual([]);
    expect(report.hashes).toBeDefined();
    let used = 0;
    const counting: LoadedHashes = (type, key, info) => {
      const k = report.hashes!(type, key, info);
      if (k) used++;
      return k;
    };
    const fast = new ConfigDigest();
    fast.reset(catalog, counting);
    const slow = new ConfigDigest();
    slow.reset(catalog);
    expect(used).toBeGreaterThan(report.objects * 0.9);
    expect(fast.value).toBe(slow.value);
    expect(fast.count).toBe(slow.count);
    expect(fast.tree()).toEqual(slow.tree());
    const nodes = Object.keys(slow.tree());
    expect(nodes.some((n) => n.includes('/w')), 'workspace nodes in the tree').toBe(true);
    expect(fast.tree(nodes), 'the leaves under every type and workspace').toEqual(slow.tree(nodes));
  });

  it('are not given for an object changed after it was read (a workspace setting without its workspace)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-digest-input-'));
    dirs.push(dir);
    const dd = path.join(dir, 'dd');
    await generateDataDir(dd, { layers: 400, seed: 4 });
    const ws = fs.readdirSync(path.join(dd, 'workspaces'), { withFileTypes: true }).find((e) => e.isDirectory())!.name;
    // GeoServer writes settings.xml of a workspace folder with its workspace; one without it belongs to the folder's
    fs.writeFileSync(path.join(dd, 'workspaces', ws, 'settings.xml'), '<settings><title>no workspace element</title></settings>');
    const catalog = new Catalog();
    const report = await loadDataDir(dd, catalog, { threads: 2 });
    expect(report.failures).toEqual([]);
    const settings = [...catalog.list('settings')].find((s) => s.title === 'no workspace element')!;
    expect(settings.workspace).toBeDefined();
    expect(report.hashes!('settings', catalog.keyOfObject('settings', settings), settings)).toBeUndefined();
    const fast = new ConfigDigest();
    fast.reset(catalog, report.hashes);
    const slow = new ConfigDigest();
    slow.reset(catalog);
    expect(fast.value).toBe(slow.value);
  });
});
