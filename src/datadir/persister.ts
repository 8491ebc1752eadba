import type { Catalog, CatalogChange, ChangeContext } from '../catalog/catalog.js';
import { isGwcType } from '../catalog/kinds.js';
import { configKey, refId, type Info } from '../catalog/types.js';
import { writeXml } from '../xml/write.js';
import { DirCache, inside, movePath, removePath, removeTempFiles, writeFileAtomic } from './files.js';
import { gwcFileOps } from './gwc-files.js';
import { Layout, rootElement } from './layout.js';
import { securityFileWrite, type SecurityIgnored } from './security-files.js';
import { isSecurityType } from '../catalog/kinds.js';

/** One step on disk, computed when the change happens and carried out at the next flush. */
export type FileOp =
  | { kind: 'write'; path: string; data: string | Uint8Array }
  | { kind: 'move'; from: string; to: string }
  | { kind: 'remove'; path: string };

/**
 * What waits for the flush: a step, or the write of an object's XML, rendered only if no later
 * write of the same file in the group replaces it (the object is the state at the change; the
 * catalog replaces objects, it never alters one in place).
 */
export type QueuedOp = FileOp | { kind: 'render'; path: string; render: () => string };

/**
 * Keeps the data directory in step with the catalog, as GeoServer's persister does. Paths are
 * computed at the moment of the change (a later rename must not redirect an earlier write); the
 * writes themselves wait for flush(), so that the cluster can commit its journal first.
 */
export class DataDirPersister {
  private readonly layout: Layout;
  private pending: QueuedOp[] = [];
  private readonly dirs = new DirCache();
  private afterFlushTasks: Array<() => void> = [];
  private scheduled = false;
  /** Asked at every change; false means nothing is written (`readOnly=enabled`, which changes live). */
  private readonly writes: () => boolean;
  /** When set, flush() waits to be called (the cluster commits its journal first); otherwise pending writes run on the next tick. */
  private readonly manualFlush: boolean;
  /** Rule file entries skipped at load, written back whenever their file is rewritten (set at each load). */
  securityIgnored: SecurityIgnored = [];

  constructor(
    private readonly root: string,
    private readonly catalog: Catalog,
    options: { enabled?: () => boolean; flush?: 'auto' | 'manual' } = {},
  ) {
    this.layout = new Layout(catalog);
    this.writes = options.enabled ?? (() => true);
    this.manualFlush = options.flush === 'manual';
  }

  /** When false, nothing is written: `readOnly=enabled`. */
  get enabled(): boolean {
    return this.writes();
  }

  attach(): () => void {
    return this.catalog.onChange((change, ctx) => this.onChange(change, ctx));
  }

  /** Queues a file outside the catalog (a style body, an icon): path relative to the root. */
  queue(op: FileOp): void {
    if (!this.enabled) return;
    this.pending.push(op);
    this.schedule();
  }

  /**
   * Carries out the queued steps. A file written several times in one flush is written once,
   * with its last content: each write creates a temporary file and renames it, the system calls
   * that cost most here (a catch-up of settings changes rewrites global.xml thousands of times).
   */
  flush(): void {
    const ops = this.pending;
    const after = this.afterFlushTasks;
    this.pending = [];
    this.afterFlushTasks = [];
    this.scheduled = false;
    for (const op of coalesce(ops)) apply(op, this.dirs);
    for (const task of after) task();
  }

  /**
   * Removes what a killed process left half-written in the folders written into so far: after the
   * journal replay at start (cluster/recovery.ts), those are the folders the crashed writes were
   * going to. Returns how many files went.
   */
  removeTempFiles(): number {
    let removed = 0;
    for (const dir of this.dirs.folders()) removed += removeTempFiles(dir);
    return removed;
  }

  /** Runs once the writes queued so far are on disk. */
  afterFlush(task: () => void): void {
    this.afterFlushTasks.push(task);
    this.schedule();
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  private schedule(): void {
    if (this.manualFlush || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private onChange(change: CatalogChange, ctx: ChangeContext): void {
    if (!this.enabled || ctx.source === 'load') return;
    for (const op of this.opsFor(change, ctx)) this.pending.push(op);
    this.schedule();
  }

  private opsFor(change: CatalogChange, ctx: ChangeContext): QueuedOp[] {
    const { type } = change;
    if (isGwcType(type)) return gwcFileOps(this.catalog, change, (parts) => this.abs([...parts]));
    const ops: QueuedOp[] = [];
    if (isSecurityType(type)) {
      const write = securityFileWrite(this.catalog, change, this.securityIgnored);
      return write ? [{ kind: 'write', path: inside(this.root, ...write.path.split('/')), data: write.data }] : [];
    }
    if (type === 'defaults') {
      const ws = change.new ? this.catalog.get('workspace', refId(change.new.defaultWorkspace) ?? '') : undefined;
      const file = this.abs(this.layout.locate('defaults', {}).file);
      ops.push(ws ? { kind: 'write', path: file, data: writeXml(rootElement('defaults'), ws) } : { kind: 'remove', path: file });
      return ops;
    }
    const oldLoc = change.old ? this.layout.locate(type, change.old) : undefined;
    const newLoc = change.new ? this.layout.locate(type, change.new) : undefined;
    if (change.op === 'remove' && oldLoc) {
      ops.push({ kind: 'remove', path: this.abs(this.removedPath(type, change.old!, oldLoc)) });
      if (type === 'style') ops.push(...this.styleFileRemoval(change.old!, ctx));
      return ops;
    }
    if (oldLoc && newLoc) {
      if (oldLoc.folder && newLoc.folder && !sameParts(oldLoc.folder, newLoc.folder)) {
        ops.push({ kind: 'move', from: this.abs(oldLoc.folder), to: this.abs(newLoc.folder) });
      } else if (!oldLoc.folder && !sameParts(oldLoc.file, newLoc.file)) {
        ops.push({ kind: 'remove', path: this.abs(oldLoc.file) });
      }
    }
    const next = change.new;
    if (newLoc && next) ops.push({ kind: 'render', path: this.abs(newLoc.file), render: () => writeXml(rootElement(type), next) });
    if (type === 'workspace' && this.isDefaultWorkspace(change.key) && change.new) {
      ops.push({ kind: 'write', path: this.abs(this.layout.locate('defaults', {}).file), data: writeXml(rootElement('defaults'), change.new) });
    }
    return ops;
  }

  /**
   * A workspace and its namespace share a folder, which goes with the last of the two: a workspace
   * set aside in a cluster name conflict keeps its namespace (and namespace.xml) for a while.
   */
  private removedPath(type: string, old: Info, loc: { file: string[]; folder?: string[] }): string[] {
    if (type === 'workspace' && this.catalog.byName('namespace', '', String(old.name))) return loc.file;
    if (type === 'namespace' && !this.catalog.byName('workspace', '', String(old.prefix))) return loc.file.slice(0, -1);
    return loc.folder ?? loc.file;
  }

  /** GeoServer keeps an unpurged style's file as `<file>.bak`; `purge=true` deletes it. */
  private styleFileRemoval(style: Info, ctx: ChangeContext): FileOp[] {
    if (typeof style.filename !== 'string' || style.filename === '') return [];
    const file = this.abs([...this.layout.stylesFolder(style.workspace), style.filename]);
    if (ctx.params?.purge === 'true') return [{ kind: 'remove', path: file }];
    return [{ kind: 'move', from: file, to: `${file}.bak` }];
  }

  private isDefaultWorkspace(id: string): boolean {
    const defaults = this.catalog.get('defaults', configKey('defaults'));
    return refId(defaults?.defaultWorkspace) === id;
  }

  private abs(parts: string[]): string {
    return inside(this.root, ...parts);
  }
}

function sameParts(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/**
 * The steps with every write dropped that a later write of the same file replaces, where no move
 * or removal lies between the two (those may take the path or a folder above it away and back).
 */
export function coalesce<T extends QueuedOp>(ops: T[]): T[] {
  if (ops.length < 2) return ops;
  const kept: T[] = [];
  let writtenLater = new Set<string>();
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (op.kind !== 'write' && op.kind !== 'render') writtenLater = new Set();
    else if (writtenLater.has(op.path)) continue;
    else writtenLater.add(op.path);
    kept.push(op);
  }
  return kept.reverse();
}

function apply(op: QueuedOp, dirs: DirCache): void {
  switch (op.kind) {
    case 'render':
      writeFileAtomic(op.path, op.render(), { dirs });
      break;
    case 'write':
      writeFileAtomic(op.path, op.data, { dirs });
      break;
    case 'move':
      dirs.forget(op.from);
      dirs.forget(op.to);
      movePath(op.from, op.to);
      break;
    case 'remove':
      dirs.forget(op.path);
      removePath(op.path);
      break;
  }
}
