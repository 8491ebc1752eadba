import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { answerTexts, ChunkEncoder } from '../../src/datadir/hand-off.js';
import { HASH_BYTES } from '../../src/datadir/object-hash.js';
import { encodeParsed, FileReader, readAndParse } from '../../src/datadir/parse-file.js';
import { scanDataDir, type ScannedFile } from '../../src/datadir/scan.js';
import { SubtreeEncoder, SubtreeTable } from '../../src/datadir/shared-subtrees.js';
import type { XObject } from '../../src/xml/tree.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The answers of a parsing thread that parses every file with parseXml (encodeParsed), chunk by chunk. */
function throughParse(chunks: ScannedFile[][]): Array<{ texts: string[]; hashes: Uint8Array }> {
  const reader = new FileReader();
  const parts = new SubtreeEncoder();
  return chunks.map((files) => {
    const hashes = new Uint8Array(files.length * HASH_BYTES);
    const texts = files.map((f, i) => encodeParsed(f.type, readAndParse(f.path, f.optional === true, reader), hashes, i, parts));
    return { texts, hashes };
  });
}

function inChunks(files: ScannedFile[], size: number): ScannedFile[][] {
  const out: ScannedFile[][] = [];
  for (let i = 0; i < files.length; i += size) out.push(files.slice(i, i + size));
  return out;
}

/*
 * The parsing threads write a catalog object's file as JSON straight from its bytes, and hash
 * those bytes (ChunkEncoder); the digest, the shared parts and the catalog must not tell it from
 * parsing each file into objects first (encodeParsed).
 */
describe('a parsing thread’s answers', () => {
  it('are the same text and digest hashes as parsing every file first, on generated and fixture data directories', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-hand-off-'));
    dirs.push(tmp);
    const generated = path.join(tmp, 'dd');
    await generateDataDir(generated, { layers: 600, seed: 5 });
    // files the writer leaves to parseXml, beside the ones it writes, in the same chunks
    // the layer folders of the store that has the most
    const layers = scanDataDir(generated)
      .filter((f) => f.type === 'layer')
      .map((f) => path.dirname(f.path))
      .filter((folder, _, all) => all.filter((other) => path.dirname(other) === path.dirname(folder)).length >= 5)
      .slice(0, 5);
    expect(layers).toHaveLength(5);
    const layerFile = path.join(layers[0]!, 'layer.xml');
    fs.writeFileSync(layerFile, fs.readFileSync(layerFile, 'utf8').replace('<name>', '<!-- renamed --><name>'));
    fs.appendFileSync(path.join(layers[1]!, 'layer.xml'), Buffer.from([0xff]));
    fs.writeFileSync(path.join(layers[2]!, 'layer.xml'), '<layer><name>half');
    fs.rmSync(path.join(layers[3]!, 'layer.xml'));
    const idLess = path.join(layers[4]!, 'layer.xml');
    fs.writeFileSync(idLess, fs.readFileSync(idLess, 'utf8').replace(/<id>[^<]*<\/id>/, '<id></id>'));

    for (const dir of [generated, path.join(FIXTURES, 'datadir-full'), path.join(FIXTURES, 'datadir-broken')]) {
      const files = scanDataDir(dir);
      const chunks = inChunks(files, 64);
      const expected = throughParse(chunks);
      const encoder = new ChunkEncoder();
      chunks.forEach((chunk, i) => {
        const got = encoder.encode(chunk);
        expect([...answerTexts(got)], `${dir}, chunk ${i}`).toEqual(expected[i]!.texts);
        expect(Buffer.from(got.hashes).equals(Buffer.from(expected[i]!.hashes)), `${dir}, chunk ${i}: hashes`).toBe(true);
      });
      // the parts shared between objects are named as parsing would name them
      if (dir === generated) expect(expected.some((c) => c.texts.some((t) => t.includes('{"$s":')))).toBe(true);
    }
  });

  it('are the same text and digest hashes as parsing every file first, on random catalog documents', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-hand-off-'));
    dirs.push(tmp);
    // children drawn from a small pool, so that parts repeat and are shared, and names repeat, so
    // that a root holds arrays; texts with escapes, entities and UTF-8
    const TEXT = fc.constantFrom('', 'x', 'a "b" \\ c', '&amp;&lt;&gt;', 'é😀', ' two  words ', '\t');
    const leaf = fc.tuple(fc.constantFrom('name', 'title', 'enabled', 'string', 'entry'), TEXT).map(([n, t]) => `<${n}>${t}</${n}>`);
    const child = fc.oneof(
      leaf,
      fc.constantFrom(
        '<styles class="linked-hash-set"><style><id>StyleInfoImpl-1</id></style></styles>',
        '<keywords><string>a</string><string>b</string></keywords>',
        '<metadata><entry key="cachingEnabled">false</entry><entry key="x">é</entry></metadata>',
        '<attribution><logoWidth>0</logoWidth><logoHeight>0</logoHeight></attribution>',
        '<resource class="featureType"><id>FeatureTypeInfoImpl-1</id></resource>',
        '<empty/>',
      ),
      fc.tuple(fc.constantFrom('keywords', 'metadata', 'dimensions'), fc.array(leaf, { minLength: 1, maxLength: 4 })).map(([n, kids]) => `<${n}>${kids.join('')}</${n}>`),
    );
    const docs = fc.sample(
      fc.tuple(fc.constantFrom('id', 'id', 'id', 'none', 'empty'), fc.array(child, { maxLength: 10 }), fc.constantFrom('', '\n  ')),
      { seed: 15, numRuns: 700 },
    );
    const files: ScannedFile[] = docs.map(([id, kids, gap], i) => {
      const idElement = id === 'id' ? `<id>LayerInfoImpl-${i}</id>` : id === 'empty' ? '<id></id>' : '';
      const file = path.join(tmp, `layer-${i}.xml`);
      fs.writeFileSync(file, `<layer>${[idElement, ...kids].map((k) => gap + k).join('')}${gap}</layer>`);
      return { path: file, type: 'layer' };
    });
    const chunks = inChunks(files, 32);
    const expected = throughParse(chunks);
    const encoder = new ChunkEncoder();
    chunks.forEach((chunk, i) => {
      const got = encoder.encode(chunk);
      expect([...answerTexts(got)], `chunk ${i}`).toEqual(expected[i]!.texts);
      expect(Buffer.from(got.hashes).equals(Buffer.from(expected[i]!.hashes)), `chunk ${i}: hashes`).toBe(true);
    });
    // parts were shared, defined and named, and roots held arrays
    const all = expected.flatMap((c) => c.texts).join('\n');
    expect(all).toContain('{"$d":');
    expect(all).toContain('{"$s":');
    const parsed = expected.flatMap((c) => c.texts).map((t) => JSON.parse(t) as { ok: boolean; value?: Record<string, unknown> });
    expect(parsed.some((r) => r.ok && Object.values(r.value!).some(Array.isArray))).toBe(true);
  });

  it('never puts a part of another text in an object’s place: a file the writer leaves and one it writes, with texts whose bytes read alike as latin1', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-hand-off-'));
    dirs.push(tmp);
    const file = (name: string, xml: string): ScannedFile => {
      fs.writeFileSync(path.join(tmp, name), xml);
      return { path: path.join(tmp, name), type: 'layer' };
    };
    // 'é' is the bytes C3 A9, which taken one by one as latin1 are the text 'Ã©'
    const chunk = [
      // a comment leaves these two to parseXml: their part is defined as the string with 'Ã©'
      file('a1.xml', '<layer><!-- a --><id>L-a1</id><keywords><string>Ã©</string></keywords></layer>'),
      file('a2.xml', '<layer><!-- a --><id>L-a2</id><keywords><string>Ã©</string></keywords></layer>'),
      // written from its bytes
      file('b.xml', '<layer><id>L-b</id><keywords><string>é</string></keywords></layer>'),
    ];
    const table = new SubtreeTable();
    const values = [...answerTexts(new ChunkEncoder().encode(chunk))].map((text) => {
      const r = JSON.parse(text) as { value: XObject };
      table.resolve(r.value);
      return r.value;
    });
    expect(values.map((v) => (v.keywords as XObject).string)).toEqual(['Ã©', 'Ã©', 'é']);
  });
});
