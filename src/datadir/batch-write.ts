import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a batch of [file, content] in place (no temporary file: a snapshot install marks itself
 * unfinished until every batch is written), each folder made once: `dirs` remembers the folders
 * made already.
 */
export function writeBatch(batch: Array<[string, string]>, dirs: Set<string>): void {
  for (const [file, data] of batch) {
    const dir = path.dirname(file);
    if (!dirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    fs.writeFileSync(file, data);
  }
}
