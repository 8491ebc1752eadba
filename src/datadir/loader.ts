import * as path from 'node:path';
import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import { CatalogError } from '../catalog/errors.js';
import { refsOf } from '../catalog/refs.js';
import { IN_WORKSPACE, isConfigType, type InfoType } from '../catalog/kinds.js';
import { configKey, refId, type Info } from '../catalog/types.js';
import { isXObject } from '../xml/tree.js';
import type { ParsedFile } from './parse-file.js';
import { HandedHashes } from './object-hash.js';
import { CHUNK, FileFeed, parseEach, type ChunkHandler } from './parse-pool.js';
import { loadGwcFiles } from './gwc-files.js';
import { rootElement } from './layout.js';
import { scanInSteps, type ScannedFile } from './scan.js';
import { SharedStrings } from './shared-strings.js';
import { loadSecurity, type SecurityIgnored } from './security-files.js';

/** A file that could not be loaded: where, which element, and why. It was skipped. */
export interface LoadFailure {
  path: string;
  element?: string;
  message: string;
}

export interface LoadReport {
  files: number;
  objects: number;
  failures: LoadFailure[];
  millis: number;
  /** Rule file entries GeoServer would skip (kept on rewrite), and services whose users or roles are not read. */
  security: { ignored: SecurityIgnored; unsupported: string[] };
}

const LOAD: ChangeContext = { source: 'load' };

/**
 * Loads a GeoServer data directory into an empty catalog. Files are parsed in parallel and each
 * chunk is added as soon as it arrives; an object whose references are not loaded yet waits for
 * them. A file that is broken, of the wrong kind, or whose references never resolve is reported
 * with its path and skipped, and the rest loads, as GeoServer does. An object added exactly as its
 * file holds it comes with the configuration digest hash the parsing threads computed
 * (ChangeContext.hash), for a digest that follows the catalog (src/cluster/digest.ts follow).
 */
export async function loadDataDir(root: string, catalog: Catalog, options: { threads?: number; progress?: (files: number, total: number) => void } = {}): Promise<LoadReport> {
  const started = performance.now();
  // an entry is let go once its file is offered (a million layers list 2.2 million files)
  const scanned: Array<ScannedFile | undefined> = [];
  const feed = new FileFeed();
  const steps = scanInSteps(root);
  const found = (batch: ScannedFile[]) => {
    // the same objects are the parsing threads' jobs: one object a file, not two
    for (const f of batch) scanned.push(f);
    feed.add(batch);
  };
  const builder = new CatalogBuilder(root, catalog);
  let done = 0;
  // the first steps here: a small directory is listed whole before it is parsed on this thread
  if (!listSome(steps, found, CHUNK * 3)) feed.end();
  const parsing = parseEach(
    feed,
    inListedOrder((first, results, hashes) => {
      if (hashes) builder.hashBytes.add(first, hashes);
      for (let i = 0; i < results.length; i++) {
        builder.offer(scanned[first + i]!, first + i, results[i]);
        scanned[first + i] = undefined;
      }
      done += results.length;
      options.progress?.(done, feed.complete ? scanned.length : Math.max(done, scanned.length));
    }),
    options.threads,
  );
  await Promise.all([feed.complete ? undefined : listRest(steps, found, feed), parsing]);
  builder.finish();
  builder.objects += loadGwcFiles(root, catalog, (file, message) => builder.failures.push({ path: file, message }));
  // the security folder is small and read in one go; a malformed users.xml stops the load (SecurityFileError)
  const security = loadSecurity(root, catalog);
  return { files: builder.files, objects: builder.objects, failures: builder.failures, millis: performance.now() - started, security };
}

/**
 * Hands chunks on in the order they were listed, holding back one that a parsing thread finished
 * early (a few at most: each thread has two in flight), so that an object rarely arrives before
 * what it refers to and has to wait for it.
 */
export function inListedOrder(handle: ChunkHandler): ChunkHandler {
  let next = 0;
  const early = new Map<number, { results: ParsedFile[]; hashes?: Uint8Array }>();
  return (first, results, hashes) => {
    if (first !== next) {
      early.set(first, { results, hashes });
      return;
    }
    handle(first, results, hashes);
    next += results.length;
    for (let e = early.get(next); e; e = early.get(next)) {
      early.delete(next);
      handle(next, e.results, e.hashes);
      next += e.results.length;
    }
  };
}

/** Takes steps of the scan until `enough` files are listed; false when the scan is over. */
function listSome(steps: Iterator<ScannedFile[]>, found: (batch: ScannedFile[]) => void, enough: number): boolean {
  let listed = 0;
  while (listed < enough) {
    const step = steps.next();
    if (step.done) return false;
    found(step.value);
    listed += step.value.length;
  }
  return true;
}

/** The rest of the scan, a step at a time, letting parsed chunks in between; ends the feed. */
async function listRest(steps: Iterator<ScannedFile[]>, found: (batch: ScannedFile[]) => void, feed: FileFeed): Promise<void> {
  try {
    // well ahead of the parsing threads: a step lists eight chunks or more
    while (listSome(steps, found, CHUNK * 8)) await new Promise((resolve) => setImmediate(resolve));
  } finally {
    feed.end();
  }
}

interface Pending {
  file: ScannedFile;
  /** The file's place in the scanned list, where its digest hash is. */
  index: number;
  info: Info;
}

/** Adds loaded objects in whatever order they come, holding each back until what it refers to is there. */
class CatalogBuilder {
  files = 0;
  objects = 0;
  readonly failures: LoadFailure[] = [];
  /** The digest hashes the parsing threads computed, by the file's index. */
  readonly hashBytes = new HandedHashes();
  private readonly waiting = new Map<string, Pending[]>();
  private readonly defaults: Pending[] = [];
  private readonly strings: SharedStrings;

  constructor(
    private readonly root: string,
    private readonly catalog: Catalog,
  ) {
    this.strings = new SharedStrings(catalog);
  }

  offer(file: ScannedFile, index: number, result: ParsedFile): void {
    if (!result.ok) {
      if (!result.missing) this.fail(file, result.message, result.element);
      return;
    }
    this.files++;
    const expected = rootElement(file.type);
    if (result.root !== expected || !isXObject(result.value)) {
      this.fail(file, `expected a <${expected}> document, found <${result.root}>`, result.root);
      return;
    }
    const item: Pending = { file, index, info: result.value as Info };
    if (file.type === 'defaults') this.defaults.push(item);
    else this.tryAdd(item);
  }

  /** Adds what can be added; the rest fails with the reference that never appeared. */
  finish(): void {
    for (const item of this.defaults) this.add(item);
    for (const list of this.waiting.values()) for (const item of list) this.add(item);
    this.waiting.clear();
  }

  private tryAdd(item: Pending): void {
    const missing = this.missing(item);
    if (missing === undefined) {
      this.add(item);
      return;
    }
    let list = this.waiting.get(missing);
    if (!list) this.waiting.set(missing, (list = []));
    list.push(item);
  }

  /** What the object waits for: an id it refers to, or its workspace folder's workspace. */
  private missing({ file, info }: Pending): string | undefined {
    const type = file.type;
    if (file.workspace && isWorkspaceConfig(type) && !refId(info.workspace) && !this.catalog.byName('workspace', '', file.workspace)) return `workspace:${file.workspace}`;
    for (const r of refsOf(type, info)) if (!this.catalog.typeOf(r.id)) return r.id;
    return undefined;
  }

  private add(item: Pending): void {
    try {
      this.strings.share(item.file.type, item.info);
      addLoaded(this.catalog, item.file.type, item.file, item.info, this.hashBytes.context(item.index) ?? LOAD);
    } catch (err) {
      this.fail(item.file, (err as Error).message, rootElement(item.file.type));
      return;
    }
    this.objects++;
    if (typeof item.info.id === 'string') this.release(item.info.id);
    if (item.file.type === 'workspace') this.release(`workspace:${String(item.info.name)}`);
  }

  private release(key: string): void {
    const list = this.waiting.get(key);
    if (!list) return;
    this.waiting.delete(key);
    for (const item of list) this.tryAdd(item);
  }

  private fail(file: ScannedFile, message: string, element?: string): void {
    this.failures.push({ path: path.relative(this.root, file.path), element, message });
  }
}

/** Configuration a workspace folder holds (settings, services) belongs to that workspace. */
function isWorkspaceConfig(type: InfoType): boolean {
  return IN_WORKSPACE.has(type) && isConfigType(type);
}

/** Adds one loaded object; `asRead` is its context when it is stored exactly as its file holds it. */
function addLoaded(catalog: Catalog, type: InfoType, file: ScannedFile, info: Info, asRead: ChangeContext): void {
  if (type === 'defaults') {
    // workspaces/default.xml is a copy of the default workspace; the namespace of the same name follows it
    const ws = catalog.get('workspace', String(info.id ?? '')) ?? catalog.byName('workspace', '', String(info.name ?? ''));
    if (!ws) throw new CatalogError('dangling_reference', `the default workspace '${String(info.name)}' does not exist`);
    const ns = catalog.byName('namespace', '', String(ws.name));
    const defaults: Info = { defaultWorkspace: { id: ws.id! } };
    if (ns) defaults.defaultNamespace = { id: ns.id! };
    catalog.add('defaults', defaults, LOAD, configKey('defaults'));
    return;
  }
  if (isWorkspaceConfig(type) && file.workspace && !refId(info.workspace)) {
    const ws = catalog.byName('workspace', '', file.workspace);
    if (!ws) throw new CatalogError('dangling_reference', `workspace '${file.workspace}' does not exist`);
    info.workspace = { id: ws.id! };
    catalog.add(type, info, LOAD);
    return;
  }
  catalog.add(type, info, asRead);
}
