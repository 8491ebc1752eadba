import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { generateDataDir } from '../bench/generate-datadir.js';

/** A reference is an element whose only child is `<id>`: `<defaultStyle><id>…</id></defaultStyle>`. */
const REF_RE = /<([A-Za-z_.]+)(?: [a-zA-Z]+="[^"]*")?>\s*<id>([^<]*)<\/id>\s*<\/\1>/g;
const ID_RE = /<id>([^<]*)<\/id>/g;

function walk(dir: string, acc: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else acc.push(p);
  }
  return acc;
}

function basenameCounts(files: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of files) {
    const b = f.slice(f.lastIndexOf('/') + 1);
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}

describe('bench/generate-datadir', () => {
  const base = mkdtempSync(join(tmpdir(), 'geocluster-gen-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('writes a consistent data directory whose counts match the files on disk', async () => {
    const dir = join(base, 'a');
    const counts = await generateDataDir(dir, { layers: 200, seed: 7 });
    const files = walk(dir);
    const byName = basenameCounts(files);

    expect(counts.layers).toBe(200);
    expect(counts.featureTypes + counts.coverages + counts.wmsLayers).toBe(counts.layers);
    expect(counts.featureTypes).toBeGreaterThan(counts.coverages);
    expect(counts.coverages).toBeGreaterThan(counts.wmsLayers);
    expect(counts.wmsLayers).toBeGreaterThan(0);
    expect(counts.layerGroups).toBeGreaterThan(0);

    expect(files.length).toBe(counts.files);
    const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    expect(bytes).toBe(counts.bytes);

    expect(byName.get('featuretype.xml') ?? 0).toBe(counts.featureTypes);
    expect(byName.get('coverage.xml') ?? 0).toBe(counts.coverages);
    expect(byName.get('wmslayer.xml') ?? 0).toBe(counts.wmsLayers);
    expect(byName.get('layer.xml') ?? 0).toBe(counts.layers);
    expect(byName.get('datastore.xml') ?? 0).toBe(counts.dataStores);
    expect(byName.get('coveragestore.xml') ?? 0).toBe(counts.coverageStores);
    expect(byName.get('wmsstore.xml') ?? 0).toBe(counts.wmsStores);
    expect(byName.get('workspace.xml') ?? 0).toBe(counts.workspaces);
    expect(byName.get('namespace.xml') ?? 0).toBe(counts.namespaces);
    for (const f of ['global.xml', 'logging.xml', 'wms.xml', 'wfs.xml', 'wcs.xml', 'wmts.xml']) {
      expect(files).toContain(join(dir, f));
    }
    expect(files).toContain(join(dir, 'workspaces', 'default.xml'));
    for (const d of ['point', 'line', 'polygon', 'raster', 'generic']) {
      expect(files).toContain(join(dir, 'styles', `${d}.xml`));
      expect(files).toContain(join(dir, 'styles', `default_${d}.sld`));
    }

    // styles: one .xml per style under a styles/ folder, each with its .sld next to it
    const styleXml = files.filter((f) => f.includes('/styles/') && f.endsWith('.xml'));
    expect(styleXml.length).toBe(counts.styles);
    for (const f of styleXml) {
      const filename = /<filename>([^<]+)<\/filename>/.exec(readFileSync(f, 'utf8'))?.[1];
      expect(filename, f).toBeDefined();
      expect(files).toContain(join(f, '..', filename as string));
    }
    const groupXml = files.filter((f) => f.includes('/layergroups/'));
    expect(groupXml.length).toBe(counts.layerGroups);

    // every id reference resolves to an id defined somewhere in the tree
    // (workspaces/default.xml and the inline workspace of settings.xml repeat a workspace id on purpose)
    const defined = new Map<string, number>();
    const refs: Array<[string, string]> = [];
    let nested = 0;
    for (const f of files) {
      if (!f.endsWith('.xml')) continue;
      const xml = readFileSync(f, 'utf8');
      expect(xml.startsWith('<?xml'), f).toBe(false);
      for (const m of xml.matchAll(REF_RE)) refs.push([m[2], relative(dir, f)]);
      const copies = f.endsWith('/workspaces/default.xml') || f.endsWith('/settings.xml');
      for (const m of xml.replace(REF_RE, '').matchAll(ID_RE)) {
        defined.set(m[1], (defined.get(m[1]) ?? 0) + (copies ? 0 : 1));
      }
      nested += (xml.match(/<published type="layerGroup">/g) ?? []).length;
    }
    expect([...defined].filter(([, n]) => n > 1)).toEqual([]);
    expect(refs.length).toBeGreaterThan(counts.layers * 3);
    const dangling = refs.filter(([id]) => !defined.has(id));
    expect(dangling).toEqual([]);
    expect(nested).toBeGreaterThan(0);
  });

  it('is deterministic for a given seed', async () => {
    const digest = async (name: string, seed: number): Promise<string> => {
      const dir = join(base, name);
      await generateDataDir(dir, { layers: 120, seed });
      const h = createHash('sha256');
      for (const f of walk(dir).sort()) h.update(relative(dir, f)).update('\0').update(readFileSync(f));
      return h.digest('hex');
    };
    const a = await digest('d1', 42);
    const b = await digest('d2', 42);
    const c = await digest('d3', 43);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('refuses to write into a non-empty directory', async () => {
    await expect(generateDataDir(join(base, 'a'), { layers: 10 })).rejects.toThrow(/not empty/);
  });
});
