import * as fs from 'node:fs';
import { keyOf } from '../catalog/catalog.js';
import type { InfoType } from '../catalog/kinds.js';
import type { Info } from '../catalog/types.js';
import { parseXml } from '../xml/parse.js';
import { HASH_BYTES, writeHashBytes } from './object-hash.js';
import { isXObject, type XValue } from '../xml/tree.js';
import type { ScannedFile } from './scan.js';
import type { SubtreeEncoder } from './shared-subtrees.js';

/** What reading one data directory file gave: its document, or why not. */
export type ParsedFile =
  | { ok: true; root: string; value: XValue }
  | { ok: false; missing: true }
  | { ok: false; missing: false; message: string; element?: string };

/**
 * Reads whole files into one buffer that grows as needed and is reused: open, read, close per
 * file, without the size query and the fresh buffer of fs.readFileSync. What it returns is valid
 * until the next read (the parser decodes every string it keeps).
 */
export class FileReader {
  private buf = Buffer.allocUnsafe(64 * 1024);

  read(file: string): Buffer {
    const fd = fs.openSync(file, 'r');
    try {
      let n = 0;
      for (;;) {
        const room = this.buf.length - n;
        const got = fs.readSync(fd, this.buf, n, room, null);
        n += got;
        // a short read of a regular file is its end
        if (got < room) return this.buf.subarray(0, n);
        const bigger = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(bigger, 0, 0, n);
        this.buf = bigger;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * A chunk's files in one string for a parsing thread, type, optional and path of each apart by
 * NUL, which no path holds: a string crosses threads as one copy, where 256 small objects are
 * cloned one by one (a seventh of the cost on the loading thread).
 */
export function packFiles(files: readonly ScannedFile[]): string {
  return files.map((f) => `${f.type}\0${f.optional ? 1 : 0}\0${f.path}`).join('\0');
}

/** The files of packFiles (without their workspace, which parsing does not need). */
export function unpackFiles(packed: string): ScannedFile[] {
  const parts = packed.split('\0');
  const out: ScannedFile[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) out.push({ type: parts[i] as InfoType, optional: parts[i + 1] === '1', path: parts[i + 2]! });
  return out;
}

export function readAndParse(file: string, optional: boolean, reader = new FileReader()): ParsedFile {
  let text: Buffer;
  try {
    text = reader.read(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (optional && (code === 'ENOENT' || code === 'ENOTDIR')) return { ok: false, missing: true };
    return { ok: false, missing: false, message: `cannot read: ${(err as Error).message}` };
  }
  const parsed = parse(text);
  if (parsed.ok) return parsed;
  // the reader takes a short read for the end of the file: a file is read again whole before it is called broken
  const whole = readWhole(file);
  return whole && !whole.equals(text) ? parse(whole) : parsed;
}

function parse(text: Buffer): ParsedFile {
  try {
    const doc = parseXml(text);
    return { ok: true, root: doc.root, value: doc.value };
  } catch (err) {
    const e = err as Error & { element?: string };
    return { ok: false, missing: false, message: e.message, element: e.element };
  }
}

function readWhole(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * One parsed file as JSON text, for the hand-off to the loading thread; the hash the cluster's
 * configuration digest counts for the object goes to `hashes` at `at` (src/cluster/digest.ts
 * objectHash: sha1 of type, key and the JSON of the object's XML form, of which 16 bytes count; its
 * bucket is the first byte of the sha1 of the key). A freshly parsed document is already in its
 * XML form, so the JSON made for the hand-off is what is hashed: the start of a node then need not
 * hash every object again. What is sent names the parts of the object sent before
 * (SubtreeEncoder). test/datadir/digest-input.test.ts checks that both give the same digest.
 */
export function encodeParsed(type: InfoType, result: ParsedFile, hashes: Uint8Array, at: number, parts: SubtreeEncoder): string {
  if (!result.ok) return JSON.stringify(result);
  const value = result.value;
  const { whole, lean } = isXObject(value) ? parts.encode(type, value) : { whole: JSON.stringify(value), lean: undefined };
  const key = isXObject(value) && type !== 'defaults' ? keyIfAny(type, value as Info) : undefined;
  if (key !== undefined) writeHashBytes(type, key, whole, hashes, at * HASH_BYTES);
  return `{"ok":true,"root":${JSON.stringify(result.root)},"value":${lean ?? whole}}`;
}

function keyIfAny(type: InfoType, info: Info): string | undefined {
  try {
    return keyOf(type, info);
  } catch {
    return undefined; // the loader reports the object as it does without a hash
  }
}
