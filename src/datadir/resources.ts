import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeContext } from '../catalog/catalog.js';
import { CatalogError } from '../catalog/errors.js';
import { insideRelative, isTempFile } from './files.js';
import type { DataDirPersister } from './persister.js';

/** A file change outside the catalog: a style body, an icon, a template. */
export interface ResourceChange {
  op: 'put' | 'delete';
  /** Path relative to the data directory, with forward slashes. */
  path: string;
  data?: Buffer;
}

export type ResourceListener = (change: ResourceChange, ctx: ChangeContext) => void;

export interface ResourceStat {
  type: 'file' | 'directory';
  size: number;
  modified: Date;
}

/**
 * Files of the data directory addressed like GeoServer's `/rest/resource`: read, written and
 * removed by relative path, every path checked so it cannot leave the data directory. Writes go
 * through the persister (atomic, after the journal) and are announced to listeners, so that the
 * cluster can replicate them; until flushed, reads see the pending content.
 */
export class ResourceStore {
  private readonly listeners: ResourceListener[] = [];
  private readonly pending = new Map<string, Buffer | null>();
  /** Refuses local changes when this node may not make them (a pure slave); throws. */
  private readonly localGuard: ((ctx: ChangeContext) => void) | undefined;

  constructor(
    private readonly root: string,
    private readonly persister: DataDirPersister,
    options: { localGuard?: (ctx: ChangeContext) => void } = {},
  ) {
    this.localGuard = options.localGuard;
  }

  onChange(listener: ResourceListener): void {
    this.listeners.push(listener);
  }

  /** Normalised relative path ('' for the root), refusing anything that escapes. */
  normalise(rel: string): string {
    const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0) return '';
    insideRelative(this.root, parts.join('/'));
    return parts.join('/');
  }

  absolute(rel: string): string {
    const norm = this.normalise(rel);
    return norm === '' ? this.root : insideRelative(this.root, norm);
  }

  read(rel: string): Buffer | undefined {
    const norm = this.normalise(rel);
    if (this.pending.has(norm)) return this.pending.get(norm) ?? undefined;
    try {
      return fs.readFileSync(this.absolute(norm));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  stat(rel: string): ResourceStat | undefined {
    const norm = this.normalise(rel);
    if (this.pending.has(norm)) {
      const data = this.pending.get(norm);
      return data ? { type: 'file', size: data.length, modified: new Date() } : undefined;
    }
    try {
      const st = fs.statSync(this.absolute(norm));
      return { type: st.isDirectory() ? 'directory' : 'file', size: st.size, modified: st.mtime };
    } catch {
      return undefined;
    }
  }

  /** Children of a folder: name, type and modification time, without temporary files. */
  list(rel: string): Array<{ name: string } & ResourceStat> {
    const dir = this.absolute(rel);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries
      .filter((e) => !isTempFile(e.name))
      .map((e) => {
        const st = fs.statSync(path.join(dir, e.name));
        return { name: e.name, type: e.isDirectory() ? ('directory' as const) : ('file' as const), size: st.size, modified: st.mtime };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  put(rel: string, data: Buffer, ctx: ChangeContext): void {
    if (ctx.source === 'local') this.localGuard?.(ctx);
    const norm = this.normalise(rel);
    if (norm === '') throw new CatalogError('invalid', 'Cannot write to the root of the data directory');
    if (this.stat(norm)?.type === 'directory') throw new CatalogError('invalid', `'${norm}' is a directory`);
    this.pending.set(norm, data);
    this.persister.queue({ kind: 'write', path: this.absolute(norm), data });
    this.forgetOnceWritten(norm, data);
    for (const l of this.listeners) l({ op: 'put', path: norm, data }, ctx);
  }

  delete(rel: string, ctx: ChangeContext): boolean {
    if (ctx.source === 'local') this.localGuard?.(ctx);
    const norm = this.normalise(rel);
    if (norm === '') throw new CatalogError('invalid', 'Cannot delete the root of the data directory');
    if (!this.stat(norm)) return false;
    this.pending.set(norm, null);
    this.persister.queue({ kind: 'remove', path: this.absolute(norm) });
    this.forgetOnceWritten(norm, null);
    for (const l of this.listeners) l({ op: 'delete', path: norm }, ctx);
    return true;
  }

  /**
   * The disk answers for a file once its write is flushed. A node that writes nothing
   * (`readOnly=enabled`) keeps the content in memory, so that it still serves what it applied.
   */
  private forgetOnceWritten(norm: string, data: Buffer | null): void {
    if (!this.persister.enabled) return;
    this.persister.afterFlush(() => {
      if (this.pending.get(norm) === data) this.pending.delete(norm);
    });
  }
}
