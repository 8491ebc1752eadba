import * as fs from 'node:fs';
import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import { removeCascade } from '../catalog/cascade.js';
import { ALL_TYPES, SECURITY_TYPES, type Info, type InfoType } from '../catalog/types.js';
import type { ResourceStore } from '../datadir/resources.js';
import { SharedStrings } from '../datadir/shared-strings.js';
import type { XValue } from '../xml/tree.js';
import { mayHoldSealed, mayHoldSensitive } from './envelope.js';
import type { Journal, ObjectVersion } from './journal.js';

const PARENTS_FIRST: InfoType[] = [
  'workspace', 'namespace', 'defaults', 'style', 'dataStore', 'coverageStore', 'wmsStore', 'wmtsStore',
  'featureType', 'coverage', 'wmsLayer', 'wmtsLayer', 'layer', 'layerGroup',
  'global', 'logging', 'settings', 'wms', 'wfs', 'wcs', 'wmts',
  'gwcConfig', 'gwcGlobals', 'gridSet', 'blobStore', 'diskQuota', 'tileLayer',
  ...SECURITY_TYPES,
];

/** Dependency order: parents before children. A snapshot lists objects in it, so each can be put as it is read. */
export const ORDER: InfoType[] = [...PARENTS_FIRST, ...ALL_TYPES.filter((t) => !PARENTS_FIRST.includes(t))];

/** Sensitive fields (store and password hashes) travel sealed with the cluster secret, as in envelopes. */
export interface Sealing {
  seal(obj: Info): XValue;
  unseal(obj: XValue): Info;
}

const CLEAR: Sealing = { seal: (o) => o, unseal: (o) => o as Info };

/** The first line of a snapshot. */
export interface SnapshotHeader {
  from: string;
  cursors: Record<string, number>;
  objects: number;
}

/** One line of a snapshot stream (NDJSON), after the header. */
type Line = { v: [string, ObjectVersion] } | { o: { type: InfoType; key: string; object: Info } } | { f: { path: string; data: string } } | { end: { objects: number } };

/**
 * The whole state of a node for another one (DESIGN §3.4), as lines of NDJSON produced one at a
 * time (a million layers never make one string): the header with the cursors it reflects, every
 * object version, every object in dependency order, the files that travel with configuration
 * (style bodies, files replicated through /rest/resource), and an end line that proves it whole.
 * Cursors come first and versions before objects: a version may lag its object, never lead it,
 * so replaying the events after the cursors converges.
 */
export function* snapshotLines(catalog: Catalog, resources: ResourceStore, journal: Journal, from: string, sealing: Sealing = CLEAR): Generator<string> {
  const header: SnapshotHeader = { from, cursors: journal.cursors(), objects: ORDER.reduce((n, t) => n + catalog.count(t), 0) };
  yield JSON.stringify({ snapshot: header }) + '\n';
  for (const entry of journal.versionEntries()) yield JSON.stringify({ v: entry }) + '\n';
  let objects = 0;
  for (const type of ORDER) {
    for (const info of catalog.list(type)) {
      objects++;
      // the same text as JSON.stringify({ o: { type, key, object: sealing.seal(info) } }), sealed only where there is something to seal
      const plain = JSON.stringify(info);
      const object = mayHoldSensitive(plain) ? JSON.stringify(sealing.seal(info)) : plain;
      yield `{"o":{"type":${JSON.stringify(type)},"key":${JSON.stringify(catalog.keyOfObject(type, info))},"object":${object}}}\n`;
    }
  }
  for (const p of filePaths(catalog, journal)) {
    const data = resources.read(p);
    if (data) yield JSON.stringify({ f: { path: p, data: data.toString('base64') } }) + '\n';
  }
  yield JSON.stringify({ end: { objects } }) + '\n';
}

function filePaths(catalog: Catalog, journal: Journal): Set<string> {
  const paths = new Set<string>();
  for (const style of catalog.list('style')) {
    if (typeof style.filename !== 'string') continue;
    const ws = catalog.get('workspace', (style.workspace as { id?: string } | undefined)?.id ?? '');
    paths.add(ws ? `workspaces/${String(ws.name)}/styles/${style.filename}` : `styles/${style.filename}`);
  }
  for (const [key, v] of journal.versionEntries()) if (key.startsWith('resource:') && !v.deleted) paths.add(key.slice('resource:'.length));
  return paths;
}

/** Reads a snapshot file line by line, synchronously, in constant memory. */
export function* readLines(file: string): Generator<string> {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let rest = '';
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + buf.toString('utf8', 0, n);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      yield* lines.filter((l) => l !== '');
    }
    if (rest) yield rest;
  } finally {
    fs.closeSync(fd);
  }
}

/** The line of an object starts with its type and key: read without parsing the object. */
const OBJECT_PREFIX = /^\{"o":\{"type":"([^"\\]*)","key":"((?:[^"\\]|\\.)*)"/;

/** `type\0key` of an object line. */
function objectId(line: string): string {
  const m = OBJECT_PREFIX.exec(line);
  if (!m) {
    const { o } = JSON.parse(line) as { o: { type: string; key: string } };
    return idOf(o.type, o.key);
  }
  return idOf(m[1], m[2].includes('\\') ? (JSON.parse(`"${m[2]}"`) as string) : m[2]);
}

/**
 * One pass over a snapshot file: its header, and proof that it is whole. Removes from `held` the
 * ids of the objects the snapshot holds, leaving those it does not: a set as large as this node's
 * catalog, never as the snapshot (a million layers would be two million strings).
 */
function scanSnapshot(file: string, held: Set<string>): SnapshotHeader {
  let header: SnapshotHeader | undefined;
  let objects = 0;
  let end: number | undefined;
  for (const line of readLines(file)) {
    if (!header) header = (JSON.parse(line) as { snapshot?: SnapshotHeader }).snapshot;
    else if (line.startsWith('{"o":')) {
      objects++;
      if (held.size > 0) held.delete(objectId(line));
    } else if (line.startsWith('{"end":')) end = (JSON.parse(line) as { end: { objects: number } }).end.objects;
  }
  if (!header) throw new Error('the snapshot has no header');
  if (end !== objects) throw new Error(`the snapshot is cut short: ${objects} objects, end line ${end === undefined ? 'missing' : `says ${end}`}`);
  return header;
}

/** The ids (`type\0key`) of every object this node holds. */
function heldIds(catalog: Catalog): Set<string> {
  const ids = new Set<string>();
  for (const type of ORDER) for (const info of catalog.list(type)) ids.add(idOf(type, catalog.keyOfObject(type, info)));
  return ids;
}

function idOf(type: string, key: string): string {
  return `${type}\u0000${key}`;
}

export interface InstallOptions {
  /** Told every 10,000 objects, with how many the snapshot holds. */
  progress: (objects: number, total: number) => void;
  sealing?: Sealing;
  /**
   * Kinds whose objects, when new to this node, are put as a load: the persister queues nothing
   * for them, and each is told to `added` as soon as it is in the catalog, for the caller to write
   * its file in bulk while the install goes on. Objects the node already has go through the
   * persister (it moves renamed folders).
   */
  bulk?: (type: InfoType) => boolean;
  /** `line`: the object's snapshot line, when the object is exactly what it holds (nothing was sealed). */
  added?: (type: InfoType, key: string, line?: string) => void;
}

/**
 * Replaces this node's state with a snapshot file: its objects, versions, cursors and files. Runs
 * in one turn of the event loop, so every journal write lands in one transaction; what the
 * persister queues is written only after it commits (manual flush mode), the files of `added`
 * objects as the caller chooses.
 */
export function installSnapshot(file: string, catalog: Catalog, resources: ResourceStore, journal: Journal, opts: InstallOptions): SnapshotHeader {
  const absent = heldIds(catalog);
  const header = scanSnapshot(file, absent);
  const replica: ChangeContext = { source: 'replica', meta: { snapshot: header.from } };
  removeAbsent(catalog, absent, replica);
  const load: ChangeContext = { source: 'load', meta: { snapshot: header.from } };
  const sealing = opts.sealing ?? CLEAR;
  const retry: Put[] = [];
  const added = opts.added ?? (() => undefined);
  const strings = new SharedStrings(catalog);
  let done = 0;
  for (const line of readLines(file)) {
    const l = JSON.parse(line) as Line | { snapshot: SnapshotHeader };
    if ('v' in l) journal.setVersion(l.v[0], l.v[1]);
    else if ('f' in l) resources.put(l.f.path, Buffer.from(l.f.data, 'base64'), replica);
    else if ('o' in l) {
      const bulk = opts.bulk?.(l.o.type) === true && !catalog.get(l.o.type, l.o.key);
      const asSent = !mayHoldSealed(line);
      const o: Put = { ...l.o, object: asSent ? l.o.object : sealing.unseal(l.o.object), ctx: bulk ? load : replica, line: asSent ? line : undefined };
      strings.share(o.type, o.object);
      if (!tryPut(catalog, o)) retry.push(o);
      else if (bulk) added(o.type, o.key, o.line);
      if (++done % 10_000 === 0) opts.progress(done, header.objects);
    }
  }
  for (const o of putNested(catalog, retry)) if (o.ctx === load) added(o.type, o.key, o.line);
  for (const [origin, seq] of Object.entries(header.cursors)) journal.setCursor(origin, seq);
  opts.progress(done, header.objects);
  return header;
}

/** Removes the objects of this node that the snapshot does not hold (`absent`), children first. */
function removeAbsent(catalog: Catalog, absent: Set<string>, ctx: ChangeContext): void {
  for (const type of [...ORDER].reverse()) {
    for (const info of [...catalog.list(type)]) {
      const key = catalog.keyOfObject(type, info);
      if (absent.has(idOf(type, key)) && catalog.get(type, key)) removeCascade(catalog, type, key, ctx);
    }
  }
}

type Put = { type: InfoType; key: string; object: Info; ctx: ChangeContext; line?: string };

function tryPut(catalog: Catalog, o: Put): boolean {
  try {
    catalog.put(o.type, o.object, o.ctx, o.key);
    return true;
  } catch {
    return false;
  }
}

/** Nested groups whose members came later: retried until a round puts none. Returns those put. */
function putNested(catalog: Catalog, pending: Put[]): Put[] {
  const put: Put[] = [];
  for (let round = 0; pending.length > 0 && round < 32; round++) {
    const failed: Put[] = [];
    for (const o of pending) (tryPut(catalog, o) ? put : failed).push(o);
    if (failed.length === pending.length) break;
    pending = failed;
  }
  return put;
}
