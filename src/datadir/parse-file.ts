import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { keyOf } from '../catalog/catalog.js';
import type { InfoType } from '../catalog/kinds.js';
import type { Info } from '../catalog/types.js';
import { parseXml } from '../xml/parse.js';
import { isXObject, type XValue } from '../xml/tree.js';

/**
 * What reading one data directory file gave: its document, or why not. `hash` is the object's
 * hash as the configuration digest counts it, when it could be computed (see encodeParsed).
 */
export type ParsedFile =
  | { ok: true; root: string; value: XValue; hash?: string }
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

export function readAndParse(file: string, optional: boolean, reader = new FileReader()): ParsedFile {
  let text: Buffer;
  try {
    text = reader.read(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (optional && (code === 'ENOENT' || code === 'ENOTDIR')) return { ok: false, missing: true };
    return { ok: false, missing: false, message: `cannot read: ${(err as Error).message}` };
  }
  try {
    const doc = parseXml(text);
    return { ok: true, root: doc.root, value: doc.value };
  } catch (err) {
    const e = err as Error & { element?: string };
    return { ok: false, missing: false, message: e.message, element: e.element };
  }
}

/**
 * One parsed file as JSON text, for the hand-off to the loading thread, with the hash the
 * cluster's configuration digest counts for the object (src/cluster/digest.ts objectHash: sha1 of
 * type, key and the JSON of the object's XML form, of which 16 bytes count, then the object's
 * bucket, the first byte of the sha1 of its key). A freshly parsed document is already in its XML
 * form, so the JSON made for the hand-off is what is hashed: the start of a node then need not hash
 * every object again. test/datadir/digest-input.test.ts checks that both give the same digest.
 */
export function encodeParsed(type: InfoType, result: ParsedFile): string {
  if (!result.ok) return JSON.stringify(result);
  const json = JSON.stringify(result.value);
  const key = isXObject(result.value) && type !== 'defaults' ? keyIfAny(type, result.value as Info) : undefined;
  const hash = key === undefined ? '' : `,"hash":"${digestHash(type, key, json)}"`;
  return `{"ok":true,"root":${JSON.stringify(result.root)}${hash},"value":${json}}`;
}

function digestHash(type: string, key: string, json: string): string {
  const object = createHash('sha1').update(type).update('\u0000').update(key).update('\u0000').update(json).digest('hex');
  return object.slice(0, 32) + createHash('sha1').update(key).digest('hex').slice(0, 2);
}

function keyIfAny(type: InfoType, info: Info): string | undefined {
  try {
    return keyOf(type, info);
  } catch {
    return undefined; // the loader reports the object as it does without a hash
  }
}
