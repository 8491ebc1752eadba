import * as fs from 'node:fs';
import { parseXml } from '../xml/parse.js';
import type { XValue } from '../xml/tree.js';

/** What reading one data directory file gave: its document, or why not. */
export type ParsedFile =
  | { ok: true; root: string; value: XValue }
  | { ok: false; missing: true }
  | { ok: false; missing: false; message: string; element?: string };

export function readAndParse(file: string, optional: boolean): ParsedFile {
  let text: Buffer;
  try {
    text = fs.readFileSync(file);
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
