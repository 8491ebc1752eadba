import * as fs from 'node:fs';
import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import { removeCascade } from '../catalog/cascade.js';
import { ALL_TYPES, SECURITY_TYPES, type Info, type InfoType } from '../catalog/types.js';
import type { ResourceStore } from '../datadir/resources.js';
import type { XValue } from '../xml/tree.js';
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
      yield JSON.stringify({ o: { type, key: catalog.keyOfObject(type, info), object: sealing.seal(info) } }) + '\n';
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

/** Checks a downloaded snapshot is whole (its end line is there and counts its objects); returns its header. */
export function checkSnapshot(file: string): SnapshotHeader {
  let header: SnapshotHeader | undefined;
  let objects = 0;
  let end: number | undefined;
  for (const line of readLines(file)) {
    if (!header) header = (JSON.parse(line) as { snapshot?: SnapshotHeader }).snapshot;
    else if (line.startsWith('{"o":')) objects++;
    else if (line.startsWith('{"end":')) end = (JSON.parse(line) as { end: { objects: number } }).end.objects;
  }
  if (!header) throw new Error('the snapshot has no header');
  if (end !== objects) throw new Error(`the snapshot is cut short: ${objects} objects, end line ${end === undefined ? 'missing' : `says ${end}`}`);
  return header;
}

/**
 * Replaces this node's state with a snapshot file: its objects, versions, cursors and files. Runs
 * in one turn of the event loop, so every journal write lands in one transaction, and the data
 * directory is written only after it commits (the persister is in manual flush mode).
 */
export function installSnapshot(file: string, catalog: Catalog, resources: ResourceStore, journal: Journal, progress: (objects: number) => void, sealing: Sealing = CLEAR): SnapshotHeader {
  const header = checkSnapshot(file);
  const ctx: ChangeContext = { source: 'replica', meta: { snapshot: header.from } };
  const incoming = new Set<string>();
  for (const line of readLines(file)) {
    if (line.startsWith('{"o":')) {
      const { o } = JSON.parse(line) as { o: { type: string; key: string } };
      incoming.add(`${o.type}\u0000${o.key}`);
    }
  }
  for (const type of [...ORDER].reverse()) {
    for (const info of [...catalog.list(type)]) {
      const key = catalog.keyOfObject(type, info);
      if (!incoming.has(`${type}\u0000${key}`) && catalog.get(type, key)) removeCascade(catalog, type, key, ctx);
    }
  }
  incoming.clear();
  const retry: Array<{ type: InfoType; key: string; object: Info }> = [];
  let done = 0;
  for (const line of readLines(file)) {
    const l = JSON.parse(line) as Line | { snapshot: SnapshotHeader };
    if ('v' in l) journal.setVersion(l.v[0], l.v[1]);
    else if ('f' in l) resources.put(l.f.path, Buffer.from(l.f.data, 'base64'), ctx);
    else if ('o' in l) {
      const o = { ...l.o, object: sealing.unseal(l.o.object) };
      if (!tryPut(catalog, o, ctx)) retry.push(o);
      if (++done % 10_000 === 0) progress(done);
    }
  }
  putNested(catalog, retry, ctx);
  for (const [origin, seq] of Object.entries(header.cursors)) journal.setCursor(origin, seq);
  progress(done);
  return header;
}

function tryPut(catalog: Catalog, o: { type: InfoType; key: string; object: Info }, ctx: ChangeContext): boolean {
  try {
    catalog.put(o.type, o.object, ctx, o.key);
    return true;
  } catch {
    return false;
  }
}

/** Nested groups whose members came later: retried until a round puts none. */
function putNested(catalog: Catalog, pending: Array<{ type: InfoType; key: string; object: Info }>, ctx: ChangeContext): void {
  for (let round = 0; pending.length > 0 && round < 32; round++) {
    const failed = pending.filter((o) => !tryPut(catalog, o, ctx));
    if (failed.length === pending.length) return;
    pending = failed;
  }
}
