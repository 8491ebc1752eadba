import { isConfigType, isGwcType, type InfoType } from '../catalog/kinds.js';
import type { FastBuffer } from '../xml/bytes.js';
import { JsonBytes } from '../xml/json-bytes.js';
import { XmlJsonWriter } from '../xml/json-text.js';
import { encodeParsed, FileReader, readAndParse } from './parse-file.js';
import { HASH_BYTES, writeHashOfText } from './object-hash.js';
import type { ScannedFile } from './scan.js';
import { SubtreeEncoder } from './shared-subtrees.js';

/** Room kept before a document's JSON for `type NUL key NUL`, so that its objectText is hashed where it is. */
const PREFIX_ROOM = 1024;

/**
 * A parsing thread's answer for one chunk of files (ChunkAnswer): the JSON text of each file's
 * `ParsedFile`, whose objects name the parts sent before (SubtreeEncoder), and the digest hash of
 * each object, as encodeParsed gives them. The file of a catalog object is written as JSON
 * straight from its bytes (XmlJsonWriter), hashed as those bytes and copied into the answer with
 * its shared parts named.
 * Any other file, and any the writer leaves to parseXml, goes through readAndParse and
 * encodeParsed. Both give the same text and hashes (test/datadir/hand-off.test.ts).
 */
export class ChunkEncoder {
  private readonly reader = new FileReader();
  private readonly writer = new XmlJsonWriter();
  private readonly parts = new SubtreeEncoder();
  private readonly roots = new Map<string, string>();
  private readonly json = new JsonBytes(1 << 20);

  encode(files: readonly ScannedFile[]): ChunkAnswer {
    const hashes = new Uint8Array(files.length * HASH_BYTES);
    const ends = new Uint32Array(files.length);
    const json = this.json;
    json.pos = 0;
    files.forEach((f, i) => {
      if (!this.direct(f, hashes, i)) json.text(encodeParsed(f.type, readAndParse(f.path, f.optional === true, this.reader), hashes, i, this.parts));
      ends[i] = json.pos;
    });
    const bytes = new Uint8Array(json.pos);
    json.out.copy(bytes, 0, 0, json.pos);
    return { bytes, ends, hashes };
  }

  /** Writes one catalog object's file straight from its bytes; false where encodeParsed must. */
  private direct(f: ScannedFile, hashes: Uint8Array, at: number): boolean {
    if (!keyedById(f.type)) return false;
    let src: Buffer;
    try {
      src = this.reader.read(f.path);
    } catch {
      return false; // readAndParse tells a missing file from an unreadable one
    }
    const w = this.writer;
    if (!w.write(src, PREFIX_ROOM) || w.out[w.start] !== 0x7b) return false;
    const key = this.idOf();
    if (key === undefined) return false;
    const prefix = `${f.type}\0${key}\0`;
    const size = Buffer.byteLength(prefix);
    if (size > PREFIX_ROOM) return false;
    w.out.write(prefix, w.start - size, 'utf8');
    writeHashOfText(w.out.subarray(w.start - size, w.end), key, hashes, at * HASH_BYTES);
    const json = this.json;
    json.text(`{"ok":true,"root":${this.quoted(w.root)},"value":`);
    // the object's text as written, but for the parts sent before, copied in runs between them
    const out = w.out;
    let from = w.start;
    for (let k = 0; k < w.fieldCount; k++) {
      const value = w.fieldValue[k]!;
      const first = out[value];
      if (first !== 0x7b && first !== 0x5b) continue;
      const end = w.fieldEnd[k]!;
      const part = this.parts.share(f.type, w.fieldName[k]!, out, value, end);
      if (part === undefined) continue;
      json.copy(out, from, value);
      if (part >= 0) {
        json.text(`{"$s":${part}}`);
      } else {
        json.text(`{"$d":${-part - 1},"v":`);
        json.copy(out, value, end);
        json.byte(0x7d);
      }
      from = end;
    }
    json.copy(out, from, w.end);
    json.byte(0x7d);
    return true;
  }

  /** The root's `id` when it is text that is not empty: the object's key (keyOf). */
  private idOf(): string | undefined {
    const w = this.writer;
    for (let k = 0; k < w.fieldCount; k++) {
      if (w.fieldName[k] !== 'id') continue;
      const value = w.fieldValue[k]!;
      const end = w.fieldEnd[k]!;
      if (w.out[value] !== 0x22 || end - value <= 2) return undefined;
      const text = w.out.utf8Slice(value, end);
      return text.includes('\\') ? (JSON.parse(text) as string) : text.slice(1, -1);
    }
    return undefined;
  }

  private quoted(root: string): string {
    let q = this.roots.get(root);
    if (q === undefined) this.roots.set(root, (q = JSON.stringify(root)));
    return q;
  }
}

/**
 * A chunk's answer: the UTF-8 JSON of each file's ParsedFile one after the other, file i ending at
 * `ends[i]`, and the digest hashes. Every part is a buffer of its own, moved to the loading thread
 * rather than copied; that thread decodes each file's text apart, so no string the size of a
 * chunk is made on either side (a string that size is allocated in fresh pages every time, and
 * each new page costs a fault, dear in a virtual machine).
 */
export interface ChunkAnswer {
  bytes: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
  hashes: Uint8Array<ArrayBuffer>;
}

/** The JSON text of each file of an answer. */
export function* answerTexts(answer: ChunkAnswer): Generator<string> {
  const bytes = Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength) as FastBuffer;
  let start = 0;
  for (const end of answer.ends) {
    yield bytes.utf8Slice(start, end);
    start = end;
  }
}

/** Types whose key is their `id` (keyOf): configuration and GeoWebCache objects have other keys. */
function keyedById(type: InfoType): boolean {
  return !isGwcType(type) && !isConfigType(type);
}
