import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { ALL_TYPES } from '../../src/catalog/kinds.js';
import { loadDataDir } from '../../src/datadir/loader.js';
import { SubtreeEncoder, SubtreeTable } from '../../src/datadir/shared-subtrees.js';
import type { XObject } from '../../src/xml/tree.js';
import { call, startNode, tempDir, type NodeProcess } from '../helpers/node-process.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** What the loading thread makes of one parsing thread's answers, in order. */
function handOff(values: XObject[]): { decoded: XObject[]; wholes: string[] } {
  const encoder = new SubtreeEncoder();
  const table = new SubtreeTable();
  const decoded: XObject[] = [];
  const wholes: string[] = [];
  for (const v of values) {
    const { whole, lean } = encoder.encode('coverage', v);
    wholes.push(whole);
    const back = JSON.parse(lean) as XObject;
    table.resolve(back);
    decoded.push(back);
  }
  return { decoded, wholes };
}

describe('the parsing threads\' hand-off shares repeated parts (src/datadir/shared-subtrees.ts)', () => {
  const coverage = (n: number): XObject => ({
    id: `CoverageInfoImpl-${n}`,
    name: `dem_${n}`,
    title: 'a "quoted" title \u2014 with \\ and \n',
    keywords: { string: ['WCS', 'GeoTIFF'] },
    supportedFormats: { string: ['GIF', 'PNG', 'GEOTIFF'] },
    namespace: { id: 'NamespaceInfoImpl-1' },
    nativeBoundingBox: { minx: String(n), maxx: String(n + 1), crs: { '@class': 'projected', '#text': 'EPSG:4326' } },
    metadata: { entry: [{ '@key': 'dirName', '#text': `dir_${n}` }] },
    empty: {},
  });

  it('gives back every value as it was, and hashes exactly what JSON.stringify gives', () => {
    const values = Array.from({ length: 50 }, (_, i) => coverage(i));
    const { decoded, wholes } = handOff(values.map((v) => structuredClone(v)));
    expect(decoded).toEqual(values);
    expect(wholes).toEqual(values.map((v) => JSON.stringify(v)));
  });

  it('puts one frozen value wherever a part repeats, from its second time on', () => {
    const { decoded } = handOff(Array.from({ length: 5 }, (_, i) => coverage(i)));
    // the first is sent whole and stays the object's own
    expect(decoded[0]!.supportedFormats).not.toBe(decoded[1]!.supportedFormats);
    expect(Object.isFrozen(decoded[0]!.supportedFormats)).toBe(false);
    for (const d of decoded.slice(2)) expect(d.supportedFormats).toBe(decoded[1]!.supportedFormats);
    expect(decoded[4]!.namespace).toBe(decoded[1]!.namespace);
    expect(decoded[4]!.empty).toBe(decoded[1]!.empty);
    // what differs from object to object is each one's own
    expect(decoded[4]!.nativeBoundingBox).not.toBe(decoded[3]!.nativeBoundingBox);
    const shared = decoded[3]!.supportedFormats as XObject;
    expect(Object.isFrozen(shared) && Object.isFrozen(shared.string)).toBe(true);
    // a change in place would change every object that holds the part: it throws instead
    expect(() => (shared.string as string[]).push('JPEG')).toThrow(TypeError);
    expect(() => {
      (decoded[4]!.namespace as XObject).id = 'other';
    }).toThrow(TypeError);
  });

  it('sends a long part whole every time, and stays right once it has forgotten what it saw once', () => {
    const long = { string: Array.from({ length: 300 }, (_, i) => `format-${i}`) };
    const values: XObject[] = [];
    // more distinct parts than a parsing thread remembers, with repeats on both sides of the start-over
    for (let i = 0; i < 120_000; i++) values.push({ id: String(i), part: { n: String(i % 110_000) }, long: i < 3 ? long : { n: '1' } });
    const { decoded } = handOff(values.map((v) => structuredClone(v)));
    expect(decoded).toEqual(values);
    expect(decoded[2]!.long).not.toBe(decoded[1]!.long);
    expect(Object.isFrozen(decoded[2]!.long)).toBe(false);
  });

  it('loads a data directory on parsing threads into exactly the catalog one thread loads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-shared-parts-'));
    dirs.push(dir);
    await generateDataDir(path.join(dir, 'dd'), { layers: 600, seed: 5 });
    const alone = new Catalog();
    const threaded = new Catalog();
    expect((await loadDataDir(path.join(dir, 'dd'), alone, { threads: 1 })).failures).toEqual([]);
    expect((await loadDataDir(path.join(dir, 'dd'), threaded, { threads: 2 })).failures).toEqual([]);
    for (const type of ALL_TYPES) {
      const byKey = (c: Catalog) => new Map([...c.list(type)].map((o) => [c.keyOfObject(type, o), o]));
      expect(byKey(threaded), type).toEqual(byKey(alone));
    }
    // the threads did share: most objects hold a part another object holds too
    let holding = 0;
    let objects = 0;
    for (const type of ALL_TYPES) {
      for (const o of threaded.list(type)) {
        objects++;
        if (Object.values(o).some((v) => typeof v === 'object' && Object.isFrozen(v))) holding++;
      }
    }
    expect(holding).toBeGreaterThan(objects / 2);
  });
});

/**
 * A node started on a directory big enough for the parsing threads holds shared, frozen parts in
 * its loaded objects: every kind of change REST makes to such objects replaces them and never
 * writes into a part (GeoServer's PUT changes only the fields sent, DELETE with recurse removes
 * what refers to the object).
 */
describe('changes to loaded objects that hold shared parts', () => {
  let node: NodeProcess;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    await generateDataDir(dir, { layers: 400, seed: 6 });
    node = await startNode({ dataDir: dir, timeoutMs: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await node?.stop();
  });

  it('PUT, POST and DELETE through REST, saved to the data directory', async () => {
    const coverages = (await call(node, 'GET', '/workspaces/ws_0000/coverages.json')).json().coverages.coverage as Array<{ name: string }>;
    expect(coverages.length).toBeGreaterThan(3);
    const [a, b, c] = coverages.map((x) => x.name);
    const path = (name: string) => `/workspaces/ws_0000/coveragestores/${name}/coverages/${name}`;
    const before = (await call(node, 'GET', `${path(b!)}.json`)).json().coverage;
    expect(before.supportedFormats.string.length).toBeGreaterThan(1);

    // fields of a shared part replaced, others kept
    const put = await call(node, 'PUT', path(a!), { type: 'application/json', body: JSON.stringify({ coverage: { title: 'changed', supportedFormats: { string: ['PNG'] }, keywords: { string: ['one'] } } }) });
    expect(put.status, put.text).toBe(200);
    const after = (await call(node, 'GET', `${path(a!)}.json`)).json().coverage;
    expect(after.title).toBe('changed');
    expect(after.supportedFormats.string).toEqual(['PNG']);
    expect(after.interpolationMethods).toEqual(before.interpolationMethods);
    // the coverage next to it, which held the same part, is as it was
    expect((await call(node, 'GET', `${path(b!)}.json`)).json().coverage.supportedFormats).toEqual(before.supportedFormats);
    const xml = fs.readFileSync(`${dir}/workspaces/ws_0000/${a}/${a}/coverage.xml`, 'utf8');
    expect(xml).toContain('<title>changed</title>');

    // a layer's style and its metadata
    const styles = (await call(node, 'GET', '/styles.json')).json().styles.style as Array<{ name: string }>;
    const layerPut = await call(node, 'PUT', `/layers/ws_0000:${b}`, { type: 'application/json', body: JSON.stringify({ layer: { defaultStyle: { name: styles[0]!.name }, enabled: false } }) });
    expect(layerPut.status, layerPut.text).toBe(200);
    expect((await call(node, 'GET', `/layers/ws_0000:${b}.json`)).json().layer.defaultStyle.name).toBe(styles[0]!.name);

    // a store removed with what it holds
    const del = await call(node, 'DELETE', `/workspaces/ws_0000/coveragestores/${c}?recurse=true`);
    expect(del.status, del.text).toBe(200);
    expect((await call(node, 'GET', `/layers/ws_0000:${c}.json`)).status).toBe(404);
    expect(fs.existsSync(`${dir}/workspaces/ws_0000/${c}`)).toBe(false);
  });
});
