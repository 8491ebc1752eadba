import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataDir } from '../../bench/generate-datadir.js';
import { answerTexts, ChunkEncoder } from '../../src/datadir/hand-off.js';
import { HASH_BYTES } from '../../src/datadir/object-hash.js';
import { encodeParsed, FileReader, readAndParse } from '../../src/datadir/parse-file.js';
import { scanDataDir, type ScannedFile } from '../../src/datadir/scan.js';
import { SubtreeEncoder } from '../../src/datadir/shared-subtrees.js';

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
});
