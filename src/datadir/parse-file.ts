import * as fs from 'node:fs';
import { parseXml } from '../xml/parse.js';
import type { XValue } from '../xml/tree.js';

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
