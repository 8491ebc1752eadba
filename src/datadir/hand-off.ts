import { isConfigType, isGwcType, type InfoType } from '../catalog/kinds.js';
import type { FastBuffer } from '../xml/bytes.js';
import { XmlJsonWriter } from '../xml/json-text.js';
import { encodeParsed, FileReader, readAndParse } from './parse-file.js';
import { HASH_BYTES, writeHashOfText } from './object-hash.js';
import type { ScannedFile } from './scan.js';
import { SubtreeEncoder } from './shared-subtrees.js';

/** Room kept before a document's JSON for `type NUL key NUL`, so that its objectText is hashed where it is. */
const PREFIX_ROOM = 1024;

/**
 * A parsing thread's answer for one chunk of files: the JSON text of their `ParsedFile[]`, whose
 * objects name the parts sent before (SubtreeEncoder), and the digest hash of each object, as
 * encodeParsed gives them. The file of a catalog object is written as JSON straight from its bytes
 * (XmlJsonWriter), hashed as those bytes and copied into the answer with its shared parts named.
 * Any other file, and any the writer leaves to parseXml, goes through readAndParse and
 * encodeParsed. Both give the same text and hashes (test/datadir/hand-off.test.ts).
 */
export class ChunkEncoder {
  private readonly reader = new FileReader();
  private readonly writer = new XmlJsonWriter();
  private readonly parts = new SubtreeEncoder();
  private readonly roots = new Map<string, string>();
  private out = Buffer.allocUnsafe(1 << 20) as FastBuffer;
  private pos = 0;

  encode(files: readonly ScannedFile[]): { json: string; hashes: Uint8Array<ArrayBuffer> } {
    const hashes = new Uint8Array(files.length * HASH_BYTES);
    this.pos = 0;
    this.room(1);
    this.out[this.pos++] = 0x5b; // [
    files.forEach((f, i) => {
      if (i > 0) this.text(',');
      if (!this.direct(f, hashes, i)) this.text(encodeParsed(f.type, readAndParse(f.path, f.optional === true, this.reader), hashes, i, this.parts));
    });
    this.text(']');
    return { json: this.out.utf8Slice(0, this.pos), hashes };
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
    this.text(`{"ok":true,"root":${this.quoted(w.root)},"value":{`);
    const out = w.out as FastBuffer;
    for (let k = 0; k < w.fieldCount; k++) {
      if (k > 0) this.text(',');
      const value = w.fieldValue[k]!;
      const end = w.fieldEnd[k]!;
      this.copy(out, w.fieldKey[k]!, value);
      const first = out[value];
      const part = first === 0x7b || first === 0x5b ? this.parts.share(f.type, w.fieldName[k]!, out.latin1Slice(value, end), end - value) : undefined;
      if (part === undefined) {
        this.copy(out, value, end);
      } else if (part >= 0) {
        this.text(`{"$s":${part}}`);
      } else {
        this.text(`{"$d":${-part - 1},"v":`);
        this.copy(out, value, end);
        this.text('}');
      }
    }
    this.text('}}');
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
      const json = (w.out as FastBuffer).utf8Slice(value, end);
      return json.includes('\\') ? (JSON.parse(json) as string) : json.slice(1, -1);
    }
    return undefined;
  }

  private quoted(root: string): string {
    let q = this.roots.get(root);
    if (q === undefined) this.roots.set(root, (q = JSON.stringify(root)));
    return q;
  }

  private copy(from: Buffer, start: number, end: number): void {
    this.room(end - start);
    from.copy(this.out, this.pos, start, end);
    this.pos += end - start;
  }

  private text(s: string): void {
    this.room(s.length * 3);
    this.pos += this.out.write(s, this.pos, 'utf8');
  }

  private room(n: number): void {
    if (this.pos + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.pos + n)) as FastBuffer;
    this.out.copy(bigger, 0, 0, this.pos);
    this.out = bigger;
  }
}

/** Types whose key is their `id` (keyOf): configuration and GeoWebCache objects have other keys. */
function keyedById(type: InfoType): boolean {
  return !isGwcType(type) && !isConfigType(type);
}
