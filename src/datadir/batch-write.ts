import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InfoType } from '../catalog/kinds.js';
import type { Info } from '../catalog/types.js';
import { xmlForm } from '../xml/tree.js';
import { writeXml } from '../xml/write.js';
import { rootElement } from './layout.js';
import { HASH_BYTES, writeHashBytes } from './object-hash.js';

/**
 * A file to write: its content, or the snapshot line (`{"o":{…,"object":…}}`) of the object whose
 * file it is, for the writing thread to render, and to hash for the configuration digest.
 */
export type BulkFile = [file: string, content: string] | [file: string, line: string, type: InfoType, key: string];

/**
 * Writes a batch of files in place (no temporary file: a snapshot install marks itself unfinished
 * until every batch is written), each folder made once: `dirs` remembers the folders made already.
 * The digest hash of each object rendered here goes to `hashes`, HASH_BYTES a file of the batch.
 */
export function writeBatch(batch: BulkFile[], dirs: Set<string>, hashes: Uint8Array): void {
  for (let i = 0; i < batch.length; i++) {
    const job = batch[i];
    const file = job[0];
    const dir = path.dirname(file);
    if (!dirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    fs.writeFileSync(file, job.length === 2 ? job[1] : render(job, hashes, i * HASH_BYTES));
  }
}

/**
 * The XML file of a snapshot line's object; its digest hash as src/cluster/digest.ts objectHash
 * computes it goes to `hashes` at `at`.
 */
export function render([, line, type, key]: [string, string, InfoType, string], hashes: Uint8Array, at: number): string {
  const info = (JSON.parse(line) as { o: { object: Info } }).o.object;
  writeHashBytes(type, key, JSON.stringify(xmlForm(info)), hashes, at);
  return writeXml(rootElement(type), info);
}
