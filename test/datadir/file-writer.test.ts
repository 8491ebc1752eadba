import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFileOp, DirCache, type FileOp } from '../../src/datadir/files.js';
import { FileWriter } from '../../src/datadir/file-writer.js';
import { tempDir } from '../helpers/node-process.js';

/*
 * The data directory writer thread (file-writer.ts) with its compiled worker, as a node runs it
 * (`npm test` builds dist/ first): groups in order, drain, failures, folders removed behind it.
 */

const WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/datadir/file-write-worker.js');

let writer: FileWriter | undefined;
afterEach(async () => {
  await writer?.close();
  writer = undefined;
});

function start(): FileWriter {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first`);
  writer = FileWriter.start(WORKER)!;
  return writer;
}

/** Every file under root with its content. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[path.relative(root, path.join(e.parentPath, e.name))] = fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

/** Writes, a folder moved, the old name reused, a removal: order matters in each group and across groups. */
function groups(root: string): FileOp[][] {
  const w = (p: string, data: string): FileOp => ({ kind: 'write', path: path.join(root, p), data });
  return [
    [w('a/x.xml', '1'), w('a/y.xml', '1'), w('a/b/z.xml', '1')],
    [{ kind: 'move', from: path.join(root, 'a'), to: path.join(root, 'c') }, w('a/x.xml', '2')],
    [w('c/x.xml', '3'), { kind: 'remove', path: path.join(root, 'c/b') }, w('c/b/z.xml', '4')],
    [{ kind: 'remove', path: path.join(root, 'a') }, w('a/x.xml', '5')],
  ];
}

describe('the data directory writer thread', () => {
  it('writes groups in the order given, leaving what writing them on the event loop leaves, and no temporary file', async () => {
    const threaded = tempDir('geocluster-writer-');
    const inline = tempDir('geocluster-writer-');
    const w = start();
    await Promise.all(groups(threaded).map((ops) => w.write(ops)));
    const dirs = new DirCache();
    for (const ops of groups(inline)) for (const op of ops) applyFileOp(op, dirs);
    expect(tree(threaded)).toEqual(tree(inline));
    expect(tree(threaded)).toEqual({ 'a/x.xml': '5', 'c/x.xml': '3', 'c/y.xml': '1', 'c/b/z.xml': '4' });
  });

  it('drain() returns once every group given is on disk, without a turn of the event loop', () => {
    const root = tempDir('geocluster-writer-');
    const w = start();
    const settled = Array.from({ length: 50 }, (_, i) => w.write([{ kind: 'write', path: path.join(root, `f${i}`, 'x.xml'), data: String(i) }]));
    w.drain();
    expect(Object.keys(tree(root))).toHaveLength(50);
    return Promise.all(settled);
  });

  it('a group that cannot be written is refused with the reason, and later groups are written', async () => {
    const root = tempDir('geocluster-writer-');
    fs.writeFileSync(path.join(root, 'plain'), 'a file, not a folder');
    const w = start();
    const bad = w.write([{ kind: 'write', path: path.join(root, 'plain', 'x.xml'), data: 'x' }]);
    const good = w.write([{ kind: 'write', path: path.join(root, 'ok.xml'), data: 'ok' }]);
    await expect(bad).rejects.toThrow(/could not write the data directory: .*(ENOTDIR|EEXIST)/);
    await good;
    expect(fs.readFileSync(path.join(root, 'ok.xml'), 'utf8')).toBe('ok');
  });

  it('makes a folder again that was removed behind its back (a snapshot install, a write on the event loop)', async () => {
    const root = tempDir('geocluster-writer-');
    const w = start();
    await w.write([{ kind: 'write', path: path.join(root, 'ws', 'workspace.xml'), data: '1' }]);
    fs.rmSync(path.join(root, 'ws'), { recursive: true });
    await w.write([{ kind: 'write', path: path.join(root, 'ws', 'namespace.xml'), data: '2' }]);
    expect(tree(root)).toEqual({ 'ws/namespace.xml': '2' });
  });
});
