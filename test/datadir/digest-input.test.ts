import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { ConfigDigest, objectHash } from '../../src/cluster/digest.js';
import { writeBatch } from '../../src/datadir/batch-write.js';
import { loadDataDir } from '../../src/datadir/loader.js';
import { HandedHashes, HASH_BYTES } from '../../src/datadir/object-hash.js';
import { writeXml } from '../../src/xml/write.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A generated data directory of this many layers, removed after the tests. */
async function generated(layers: number, seed: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-digest-input-'));
  dirs.push(dir);
  await generateDataDir(path.join(dir, 'dd'), { layers, seed });
  return path.join(dir, 'dd');
}

/**
 * The parsing threads hash each object they read (src/datadir/parse-file.ts), and the load adds
 * the object with that hash (ChangeContext.hash), which a digest following the catalog since
 * before the load counts: it must be exactly the digest's own.
 */
describe('digest hashes computed while loading', () => {
  /** Loads with a digest that follows the catalog, and the keys of the objects added with a hash. */
  async function loadFollowed(dd: string): Promise<{ catalog: Catalog; followed: ConfigDigest; handed: Set<string>; objects: number }> {
    const catalog = new Catalog();
    const followed = new ConfigDigest();
    followed.follow(catalog);
    const handed = new Set<string>();
    catalog.onChange((change, ctx) => {
      if (ctx.hash) handed.add(change.key);
    });
    const report = await loadDataDir(dd, catalog, { threads: 2 });
    expect(report.failures).toEqual([]);
    return { catalog, followed, handed, objects: report.objects };
  }

  it('give the same digest, tree and count as hashing every loaded object again', async () => {
    // enough files for the parsing threads (a few hundred files are parsed on the calling thread)
    const { catalog, followed: fast, handed, objects } = await loadFollowed(await generated(400, 3));
    const slow = new ConfigDigest();
    slow.reset(catalog);
    expect(handed.size).toBeGreaterThan(objects * 0.9);
    expect(fast.value).toBe(slow.value);
    expect(fast.count).toBe(slow.count);
    expect(fast.tree()).toEqual(slow.tree());
    const parts = Object.keys(slow.tree());
    expect(fast.tree(parts)).toEqual(slow.tree(parts));
    expect(Object.keys(slow.tree(parts)).length).toBeGreaterThan(parts.length);
    const nodes = Object.keys(slow.tree());
    expect(nodes.some((n) => n.includes('/w')), 'workspace nodes in the tree').toBe(true);
    expect(fast.tree(nodes), 'the leaves under every type and workspace').toEqual(slow.tree(nodes));
  });

  it('are not given for an object changed after it was read (a workspace setting without its workspace)', async () => {
    const dd = await generated(400, 4);
    const ws = fs.readdirSync(path.join(dd, 'workspaces'), { withFileTypes: true }).find((e) => e.isDirectory())!.name;
    // GeoServer writes settings.xml of a workspace folder with its workspace; one without it belongs to the folder's
    fs.writeFileSync(path.join(dd, 'workspaces', ws, 'settings.xml'), '<settings><title>no workspace element</title></settings>');
    const { catalog, followed: fast, handed } = await loadFollowed(dd);
    const settings = [...catalog.list('settings')].find((s) => s.title === 'no workspace element')!;
    expect(settings.workspace).toBeDefined();
    expect(handed.has(catalog.keyOfObject('settings', settings))).toBe(false);
    const slow = new ConfigDigest();
    slow.reset(catalog);
    expect(fast.value).toBe(slow.value);
  });

  it('a reload counted by its own digest and adopted equals a reset of the adopting catalog', async () => {
    const dd = await generated(300, 5);
    const live = new Catalog();
    const digest = new ConfigDigest();
    digest.follow(live);
    await loadDataDir(dd, live, { threads: 2 });
    const before = digest.value;
    // the files change behind the node's back, then a reload (POST /rest/reload) reads them again
    const file = featureTypeFile(path.join(dd, 'workspaces'));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/<title>[^<]*<\/title>/, '<title>retitled on disk</title>'));
    const { catalog: fresh, followed: counted } = await loadFollowed(dd);
    live.adopt(fresh);
    digest.adopt(counted);
    const slow = new ConfigDigest();
    slow.reset(live);
    expect(digest.value).not.toBe(before);
    expect(digest.value).toBe(slow.value);
    expect(digest.tree()).toEqual(slow.tree());
    // and it goes on counting the live catalog's changes
    const ws = [...live.list('workspace')][0]!;
    live.modify('workspace', { ...ws, isolated: 'true' }, { source: 'local' });
    slow.reset(live);
    expect(digest.value).toBe(slow.value);
  });
});

/** The first featuretype.xml under a folder. */
function featureTypeFile(dir: string): string {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === 'featuretype.xml') return p;
    if (e.isDirectory()) {
      const found = featureTypeFile(p);
      if (found) return found;
    }
  }
  return '';
}

/**
 * A snapshot's objects new to a node are rendered to XML and hashed on the thread that writes
 * their files (src/datadir/batch-write.ts), and the digest after the install takes those hashes.
 */
describe('digest hashes computed while a snapshot\'s files are written', () => {
  it('are the digest\'s own hash of the object, and its file is the XML of that object', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-digest-install-'));
    dirs.push(dir);
    // a list of one element: the digest hashes the form it has once written and read back
    const info = { id: 'FeatureTypeInfoImpl-1', name: 'roads', nativeName: 'roads', keywords: { string: ['roads'] }, enabled: 'true' };
    const line = JSON.stringify({ o: { type: 'featureType', key: info.id, object: info } });
    const file = path.join(dir, 'ws', 'store', 'roads', 'featuretype.xml');
    const hashes = new Uint8Array(2 * HASH_BYTES);
    writeBatch([[path.join(dir, 'other.xml'), '<other/>'], [file, line, 'featureType', info.id]], new Set(), hashes);
    expect(fs.readFileSync(file, 'utf8')).toBe(writeXml('featureType', info));
    const handed = new HandedHashes();
    handed.add(0, hashes);
    const known = handed.of(new Map([[info, 1]]));
    const at = known.at('featureType', info.id, info);
    expect(Buffer.from(known.bytes.subarray(at, at + 16)).equals(objectHash('featureType', info.id, info).subarray(0, 16))).toBe(true);
    expect(known.bytes[at + 16]).toBe(createHash('sha1').update(info.id).digest()[0]);
    // the file given as it is has no hash
    expect(handed.of(new Map([[info, 0]])).at('featureType', info.id, info)).toBe(-1);
  });
});
