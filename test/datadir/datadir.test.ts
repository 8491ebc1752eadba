import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { CATALOG_TYPES, CONFIG_TYPES } from '../../src/catalog/types.js';
import { exportCatalog } from '../../src/datadir/export.js';
import { inside } from '../../src/datadir/files.js';
import { initDataDir } from '../../src/datadir/fresh.js';
import { loadDataDir } from '../../src/datadir/loader.js';
import { DataDirPersister } from '../../src/datadir/persister.js';
import { parseXml } from '../../src/xml/parse.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const dirs: string[] = [];
function temp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-datadir-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function xmlFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.xml')) out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

function everyObject(c: Catalog): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const t of [...CATALOG_TYPES, ...CONFIG_TYPES]) for (const info of c.list(t)) out.set(`${t}:${c.keyOfObject(t, info)}`, info);
  return out;
}

describe('GeoServer data directory', () => {
  it('loads every type of the hand-written fixture without failures', async () => {
    const c = new Catalog();
    const report = await loadDataDir(path.join(FIXTURES, 'datadir-full'), c);
    expect(report.failures).toEqual([]);
    expect(c.count('workspace')).toBe(2);
    expect(c.count('namespace')).toBe(2);
    expect(c.count('dataStore')).toBe(2);
    expect(c.count('coverageStore')).toBe(1);
    expect(c.count('wmsStore')).toBe(1);
    expect(c.count('wmtsStore')).toBe(1);
    expect(c.count('featureType')).toBe(4);
    expect(c.count('coverage')).toBe(1);
    expect(c.count('wmsLayer')).toBe(1);
    expect(c.count('wmtsLayer')).toBe(1);
    expect(c.count('layer')).toBe(7);
    expect(c.count('layerGroup')).toBe(3);
    expect(c.count('style')).toBe(9);
    expect(c.count('settings')).toBe(1);
    expect(c.count('wms')).toBe(2);
    expect(c.count('wfs')).toBe(2);
    expect(c.count('wcs')).toBe(1);
    expect(c.count('wmts')).toBe(1);
    expect(c.count('global')).toBe(1);
    expect(c.count('logging')).toBe(1);
    expect(c.count('defaults')).toBe(1);
  });

  it('load → write → load gives the same objects, and every written file equals the original (unknown elements kept)', async () => {
    const src = path.join(FIXTURES, 'datadir-full');
    const first = new Catalog();
    await loadDataDir(src, first);
    const out = temp();
    exportCatalog(first, out);
    const second = new Catalog();
    const report = await loadDataDir(out, second);
    expect(report.failures).toEqual([]);
    expect(everyObject(second)).toEqual(everyObject(first));
    expect(xmlFiles(out)).toEqual(xmlFiles(src));
    for (const rel of xmlFiles(src)) {
      expect(parseXml(fs.readFileSync(path.join(out, rel), 'utf8')), rel).toEqual(parseXml(fs.readFileSync(path.join(src, rel), 'utf8')));
    }
    const states = fs.readFileSync(path.join(out, 'workspaces/topp/postgis/states/featuretype.xml'), 'utf8');
    expect(states).toContain('<myExtension>\n    <foo>bar</foo>\n  </myExtension>');
  });

  it('reports a corrupt file and a dangling reference with path and element, and loads the rest', async () => {
    const c = new Catalog();
    const report = await loadDataDir(path.join(FIXTURES, 'datadir-broken'), c);
    const byPath = new Map(report.failures.map((f) => [f.path, f]));
    const truncated = byPath.get('workspaces/topp/defects/truncated/featuretype.xml');
    expect(truncated?.message).toMatch(/line \d+/);
    expect(truncated?.element).toBeDefined();
    const dangling = byPath.get('workspaces/topp/defects/dangling_style/layer.xml');
    expect(dangling?.element).toBe('layer');
    expect(dangling?.message).toMatch(/refers in <defaultStyle> to id '.*' which does not exist|does not exist/);
    expect(c.byName('featureType', c.byName('namespace', '', 'topp')!.id!, 'roads')).toBeDefined();
    expect([...c.list('layer')].map((l) => l.name)).toContain('roads');
  });

  it('loads layer groups listed before the groups they hold, and reports one whose group never comes', async () => {
    // eight groups, each holding the next: unless readdir lists them exactly innermost first, some
    // arrive before what they refer to and wait for it (the scan puts other files in order)
    const dir = temp();
    initDataDir(dir);
    const id = (i: number) => `LayerGroupInfoImpl-chain-${i}`;
    const group = (i: number, holds: string) =>
      `<layerGroup><id>${id(i)}</id><name>chain${i}</name><mode>SINGLE</mode><publishables>${holds}</publishables><styles>${holds ? '<style/>' : ''}</styles></layerGroup>`;
    const held = (i: number) => `<published type="layerGroup"><id>${id(i)}</id></published>`;
    fs.mkdirSync(path.join(dir, 'layergroups'), { recursive: true });
    for (let i = 0; i < 8; i++) fs.writeFileSync(path.join(dir, 'layergroups', `chain${i}.xml`), group(i, i < 7 ? held(i + 1) : ''));
    fs.writeFileSync(path.join(dir, 'layergroups', 'orphan.xml'), group(9, held(99)));
    const c = new Catalog();
    const report = await loadDataDir(dir, c);
    expect([...c.list('layerGroup')].map((g) => g.name).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `chain${i}`));
    expect(report.failures).toEqual([{ path: 'layergroups/orphan.xml', element: 'layerGroup', message: expect.stringMatching(new RegExp(`refers in <publishables> to id '${id(99)}', which does not exist`)) }]);
  });

  it('refuses a name that would escape the data directory before touching any file', () => {
    const root = temp();
    expect(() => inside(root, 'workspaces', '..', 'x')).toThrow(/cannot be used as a file name/);
    expect(() => inside(root, 'a/../../b')).toThrow();
    const c = new Catalog();
    const persister = new DataDirPersister(root, c);
    persister.attach();
    expect(() => c.add('workspace', { id: 'w1', name: '../evil' }, { source: 'local' })).toThrow(/not allowed/);
    persister.flush();
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('persists renames by moving folders, as GeoServer does', async () => {
    const root = temp();
    fs.cpSync(path.join(FIXTURES, 'datadir-full'), root, { recursive: true });
    const c = new Catalog();
    await loadDataDir(root, c);
    const persister = new DataDirPersister(root, c);
    persister.attach();
    const ns = c.byName('namespace', '', 'topp')!;
    const store = c.byName('dataStore', c.byName('workspace', '', 'topp')!.id!, 'postgis')!;
    c.modify('dataStore', { ...store, name: 'pg2' }, { source: 'local' });
    const ft = c.byName('featureType', ns.id!, 'states')!;
    c.modify('featureType', { ...ft, name: 'states2' }, { source: 'local' });
    persister.flush();
    expect(fs.existsSync(path.join(root, 'workspaces/topp/postgis'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'workspaces/topp/pg2/datastore.xml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'workspaces/topp/pg2/states2/featuretype.xml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'workspaces/topp/pg2/states2/layer.xml'))).toBe(true);
    const again = new Catalog();
    expect((await loadDataDir(root, again)).failures).toEqual([]);
    expect(again.count('layer')).toBe(7);
  });

  it('initialises an empty directory like a fresh GeoServer', async () => {
    const root = temp();
    expect(initDataDir(root)).toBe(true);
    for (const f of ['global.xml', 'logging.xml', 'wms.xml', 'wfs.xml', 'wcs.xml', 'wmts.xml', 'styles/point.xml', 'styles/default_point.sld', 'styles/generic.xml']) {
      expect(fs.existsSync(path.join(root, f)), f).toBe(true);
    }
    const c = new Catalog();
    expect((await loadDataDir(root, c)).failures).toEqual([]);
    expect([...c.list('style')].map((s) => s.name).sort()).toEqual(['generic', 'line', 'point', 'polygon', 'raster']);
    expect(initDataDir(root)).toBe(false);
  });
});
