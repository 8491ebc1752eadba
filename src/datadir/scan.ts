import * as fs from 'node:fs';
import * as path from 'node:path';
import { KINDS, RESOURCE_KINDS, STORE_KINDS, type InfoType, type StoreType } from '../catalog/kinds.js';
import { FILES_IN, LIST_FOLDERS, WORKSPACES } from './layout.js';

/** A file the loader will read, the type it should hold, and the folder context it was found in. */
export interface ScannedFile {
  path: string;
  type: InfoType;
  /** Name of the workspace folder it sits in, if any. */
  workspace?: string;
  /** Resource files may be absent: a folder need not be a resource. */
  optional?: boolean;
}

const LAYER_FILE = KINDS.layer.dataDir.file;

/**
 * Lists the configuration files of a GeoServer data directory the way GeoServer's loader walks
 * it. Resource folders are not listed: their files are read directly, one read per file.
 */
export function scanDataDir(root: string): ScannedFile[] {
  return [...scanInSteps(root)].flat();
}

/** List folders whose objects others refer to (styles) are read first, layer groups last. */
const LISTED_FIRST = LIST_FOLDERS.filter((l) => l.type !== 'layerGroup');
const LISTED_LAST = LIST_FOLDERS.filter((l) => l.type === 'layerGroup');

/**
 * The same list in steps, one store folder at a time, so that parsing can start on the first
 * files while the rest of the directory is still being listed. Each file comes after the files of
 * what it refers to wherever the layout allows: a workspace's own files and styles before its
 * stores, layer groups after the layers of their workspace, the global ones after every workspace.
 * The loader holds back an object that arrives before what it refers to, at the price of looking
 * up its references again when that comes (readdir's order put most of a 100k-layer directory's
 * objects behind their workspace file).
 */
export function* scanInSteps(root: string): Generator<ScannedFile[]> {
  let out: ScannedFile[] = [];
  const top = (name: string, type: InfoType) => {
    const p = path.join(root, name);
    if (fs.existsSync(p)) out.push({ path: p, type });
  };
  for (const [file, type] of FILES_IN.root) top(file, type);
  for (const list of LISTED_FIRST) xmlFilesIn(path.join(root, list.folder), list.type, out);
  const wsRoot = path.join(root, WORKSPACES);
  const wsEntries = dirents(wsRoot);
  for (const ws of wsEntries) {
    const type = ws.isFile() ? FILES_IN.workspaces.get(ws.name) : undefined;
    if (type) out.push({ path: path.join(wsRoot, ws.name), type });
  }
  for (const ws of wsEntries) {
    if (!ws.isDirectory()) continue;
    const dir = path.join(wsRoot, ws.name);
    const entries = dirents(dir);
    const own: ScannedFile[] = [];
    for (const e of entries) {
      const type = e.isFile() ? FILES_IN.workspace.get(e.name) : undefined;
      if (type) own.push({ path: path.join(dir, e.name), type, workspace: ws.name });
    }
    // the workspace and its namespace first: the folder's settings and services belong to them
    for (const f of own) if (f.type === 'workspace' || f.type === 'namespace') out.push(f);
    for (const f of own) if (f.type !== 'workspace' && f.type !== 'namespace') out.push(f);
    listFoldersIn(dir, entries, LISTED_FIRST, ws.name, out);
    for (const e of entries) {
      if (!e.isDirectory() || LIST_FOLDERS.some((l) => l.folder === e.name)) continue;
      scanStore(path.join(dir, e.name), ws.name, out);
      yield out;
      out = [];
    }
    listFoldersIn(dir, entries, LISTED_LAST, ws.name, out);
  }
  for (const list of LISTED_LAST) xmlFilesIn(path.join(root, list.folder), list.type, out);
  yield out;
}

function scanStore(dir: string, workspace: string, out: ScannedFile[]): void {
  const entries = dirents(dir);
  const storeFile = entries.find((e) => e.isFile() && FILES_IN.store.has(e.name));
  if (!storeFile) return;
  const storeType = FILES_IN.store.get(storeFile.name) as StoreType; // only store files sit in a store folder
  out.push({ path: path.join(dir, storeFile.name), type: storeType, workspace });
  const resource = STORE_KINDS[storeType].resource;
  const resourceFile = `${path.sep}${RESOURCE_KINDS[resource].dataDir.file}`;
  const layerFile = `${path.sep}${LAYER_FILE}`;
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    // a name readdir gives holds no separator: the folder's path needs no normalising
    const folder = dir + path.sep + e.name;
    out.push({ path: folder + resourceFile, type: resource, workspace, optional: true });
    out.push({ path: folder + layerFile, type: 'layer', workspace, optional: true });
  }
}

/** The files of those of `lists` that `entries` (read from `dir`) holds as folders. */
function listFoldersIn(dir: string, entries: fs.Dirent[], lists: typeof LIST_FOLDERS, workspace: string, out: ScannedFile[]): void {
  for (const list of lists) if (entries.some((e) => e.isDirectory() && e.name === list.folder)) xmlFilesIn(path.join(dir, list.folder), list.type, out, workspace);
}

function xmlFilesIn(dir: string, type: InfoType, out: ScannedFile[], workspace?: string): void {
  for (const e of dirents(dir)) {
    if (e.isFile() && e.name.endsWith('.xml')) out.push({ path: path.join(dir, e.name), type, workspace });
  }
}

function dirents(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}
