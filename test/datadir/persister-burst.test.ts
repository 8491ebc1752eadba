import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog, type ChangeContext } from '../../src/catalog/catalog.js';
import { addWorkspace, removeWorkspace, saveWorkspace } from '../../src/catalog/operations.js';
import { coalesce, DataDirPersister, type FileOp } from '../../src/datadir/persister.js';

const dirs: string[] = [];
function temp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-burst-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Every file under root with its content (generated namespace ids blanked), temporary files included (none may be left). */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = fs.readFileSync(p, 'utf8').replace(/NamespaceInfoImpl-[0-9a-f-]+/g, 'NamespaceInfoImpl-');
    }
  };
  walk(root);
  return out;
}

const ctx: ChangeContext = { source: 'local' };

/** A burst that rewrites files, renames a workspace folder, reuses the old name and removes one. */
function burst(c: Catalog, afterEach: () => void): void {
  addWorkspace(c, { id: 'ws-a', name: 'a' }, ctx);
  afterEach();
  for (let i = 0; i < 5; i++) {
    c.put('dataStore', { id: 'ds-1', name: 'store', workspace: { id: 'ws-a' }, type: 'PostGIS', enabled: 'true', description: `v${i}` }, ctx);
    afterEach();
  }
  saveWorkspace(c, { ...c.get('workspace', 'ws-a')!, name: 'b' }, ctx);
  afterEach();
  addWorkspace(c, { id: 'ws-a2', name: 'a' }, ctx, { uri: 'http://a2' });
  afterEach();
  // the same path as ds-1's file before its folder moved
  for (let i = 0; i < 3; i++) {
    c.put('dataStore', { id: 'ds-2', name: 'store', workspace: { id: 'ws-a2' }, type: 'PostGIS', enabled: 'true', description: `x${i}` }, ctx);
    afterEach();
  }
  addWorkspace(c, { id: 'ws-c', name: 'c' }, ctx);
  removeWorkspace(c, 'ws-c', true, ctx);
  addWorkspace(c, { id: 'ws-c2', name: 'c' }, ctx, { uri: 'http://c2' });
  afterEach();
}

describe('data directory writes of one group', () => {
  it('a burst flushed once leaves the same files as a flush after every change', () => {
    const once = temp();
    const each = temp();
    const c1 = new Catalog();
    const p1 = new DataDirPersister(once, c1, { flush: 'manual' });
    p1.attach();
    burst(c1, () => undefined);
    p1.flush();
    const c2 = new Catalog();
    const p2 = new DataDirPersister(each, c2, { flush: 'manual' });
    p2.attach();
    burst(c2, () => p2.flush());
    const written = tree(once);
    expect(written).toEqual(tree(each));
    expect(written['workspaces/b/store/datastore.xml']).toContain('v4');
    expect(written['workspaces/a/store/datastore.xml']).toContain('x2');
    expect(written['workspaces/c/workspace.xml']).toContain('ws-c2');
  });

  it('writes a file once with its last content, and keeps the order around moves and removals', () => {
    const w = (p: string, data: string): FileOp => ({ kind: 'write', path: p, data });
    const ops: FileOp[] = [w('/d/x', '1'), w('/d/y', '1'), w('/d/x', '2'), { kind: 'move', from: '/d', to: '/e' }, w('/d/x', '3'), w('/d/x', '4'), { kind: 'remove', path: '/d' }, w('/d/x', '5')];
    expect(coalesce(ops)).toEqual([w('/d/y', '1'), w('/d/x', '2'), { kind: 'move', from: '/d', to: '/e' }, w('/d/x', '4'), { kind: 'remove', path: '/d' }, w('/d/x', '5')]);
  });
});
