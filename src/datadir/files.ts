import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogError } from '../catalog/errors.js';
import { pathProblem } from '../catalog/names.js';

/**
 * A path inside the data directory, from parts that each must be a plain name: anything that
 * could climb out ('..', separators, control characters) is refused before a file is touched.
 */
export function inside(root: string, ...parts: string[]): string {
  for (const p of parts) {
    const problem = pathProblem(p);
    if (problem || p === '') throw new CatalogError('bad_name', `'${p}' cannot be used as a file name in the data directory: ${problem ?? 'it is empty'}`);
  }
  const full = path.join(root, ...parts);
  const rel = path.relative(root, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new CatalogError('bad_name', `'${parts.join('/')}' escapes the data directory`);
  return full;
}

/** A relative path such as `styles/foo.sld`, checked segment by segment. */
export function insideRelative(root: string, relPath: string): string {
  const parts = relPath.split('/').filter((p) => p !== '' && p !== '.');
  return inside(root, ...parts);
}

let tmpCounter = 0;

/**
 * Writes a file so that a crash leaves either the old or the new content, never half of it:
 * write a temporary sibling, then rename it over the target.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: { fsync?: boolean; dirs?: DirCache } = {}): void {
  const dir = path.dirname(file);
  if (options.dirs) options.dirs.ensure(dir);
  else fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tmpCounter}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    if (options.fsync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Folders known to exist, so that a burst of writes does not ask the file system again for each
 * file (a system call costs much more than a lookup, more so in sandboxes: a mkdir here costs
 * about as much as writing a small file). Moves and removals forget what they may have taken
 * away: the path itself and every folder under it.
 */
export class DirCache {
  private readonly known = new Set<string>();

  ensure(dir: string): void {
    if (this.known.has(dir)) return;
    fs.mkdirSync(dir, { recursive: true });
    this.known.add(dir);
  }

  /** The folders written into since this cache was made (or last forgot them). */
  folders(): Iterable<string> {
    return this.known;
  }

  /** Forgets `gone` and the folders under it; without a path, every folder. */
  forget(gone?: string): void {
    if (gone === undefined) {
      this.known.clear();
      return;
    }
    const under = gone + path.sep;
    for (const dir of this.known) if (dir === gone || dir.startsWith(under)) this.known.delete(dir);
  }
}

export function removePath(target: string): void {
  fs.rmSync(target, { recursive: true, force: true });
}

/** Moves a file or folder; a missing source is not an error (it may already have moved). */
export function movePath(from: string, to: string): void {
  if (from === to || !fs.existsSync(from)) return;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (fs.existsSync(to)) fs.rmSync(to, { recursive: true, force: true });
  fs.renameSync(from, to);
}

/** Temporary files left by a crash in the middle of writeFileAtomic. */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/** writeFileAtomic's own temporary names: `.<file>.<pid>.<n>.tmp`. */
const ATOMIC_TEMP = /^\..+\.\d+\.\d+\.tmp$/;

/**
 * Removes the temporary files writeFileAtomic left in a folder when a process was killed between
 * writing one and renaming it over its target; returns how many. Only names of that exact form
 * go: nothing else in the folder is touched.
 */
export function removeTempFiles(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0; // gone since: nothing left in it
  }
  for (const name of names) {
    if (!ATOMIC_TEMP.test(name)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
