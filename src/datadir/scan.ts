import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVICE_TYPES, type InfoType } from '../catalog/types.js';
import { RESOURCE_FILE, STORE_FILE } from './layout.js';

/** A file the loader will read, the type it should hold, and the folder context it was found in. */
export interface ScannedFile {
  path: string;
  type: InfoType;
  /** Name of the workspace folder it sits in, if any. */
  workspace?: string;
  /** Resource files may be absent: a folder need not be a resource. */
  optional?: boolean;
}

const FILE_TO_STORE = invert(STORE_FILE);
const STORE_TO_RESOURCE_FILE: Record<string, { file: string; type: InfoType }> = {
  dataStore: { file: RESOURCE_FILE.featureType, type: 'featureType' },
  coverageStore: { file: RESOURCE_FILE.coverage, type: 'coverage' },
  wmsStore: { file: RESOURCE_FILE.wmsLayer, type: 'wmsLayer' },
  wmtsStore: { file: RESOURCE_FILE.wmtsLayer, type: 'wmtsLayer' },
};
const WS_FILES: Record<string, InfoType> = {
  'workspace.xml': 'workspace',
  'namespace.xml': 'namespace',
  'settings.xml': 'settings',
  ...Object.fromEntries(SERVICE_TYPES.map((s) => [`${s}.xml`, s])),
};

/**
 * Lists the configuration files of a GeoServer data directory the way GeoServer's loader walks
 * it. Resource folders are not listed: their files are read directly, one read per file.
 */
export function scanDataDir(root: string): ScannedFile[] {
  const out: ScannedFile[] = [];
  const top = (name: string, type: InfoType) => {
    const p = path.join(root, name);
    if (fs.existsSync(p)) out.push({ path: p, type });
  };
  top('global.xml', 'global');
  top('logging.xml', 'logging');
  for (const s of SERVICE_TYPES) top(`${s}.xml`, s);
  xmlFilesIn(path.join(root, 'styles'), 'style', out);
  xmlFilesIn(path.join(root, 'layergroups'), 'layerGroup', out);
  const wsRoot = path.join(root, 'workspaces');
  for (const ws of dirents(wsRoot)) {
    if (ws.isFile() && ws.name === 'default.xml') out.push({ path: path.join(wsRoot, ws.name), type: 'defaults' });
    if (ws.isDirectory()) scanWorkspace(path.join(wsRoot, ws.name), ws.name, out);
  }
  return out;
}

function scanWorkspace(dir: string, workspace: string, out: ScannedFile[]): void {
  for (const e of dirents(dir)) {
    const p = path.join(dir, e.name);
    if (e.isFile()) {
      const type = WS_FILES[e.name];
      if (type) out.push({ path: p, type, workspace });
    } else if (e.isDirectory()) {
      if (e.name === 'styles') xmlFilesIn(p, 'style', out, workspace);
      else if (e.name === 'layergroups') xmlFilesIn(p, 'layerGroup', out, workspace);
      else scanStore(p, workspace, out);
    }
  }
}

function scanStore(dir: string, workspace: string, out: ScannedFile[]): void {
  const entries = dirents(dir);
  const storeFile = entries.find((e) => e.isFile() && FILE_TO_STORE[e.name]);
  if (!storeFile) return;
  const storeType = FILE_TO_STORE[storeFile.name] as InfoType;
  out.push({ path: path.join(dir, storeFile.name), type: storeType, workspace });
  const resource = STORE_TO_RESOURCE_FILE[storeType];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    out.push({ path: path.join(dir, e.name, resource.file), type: resource.type, workspace, optional: true });
    out.push({ path: path.join(dir, e.name, 'layer.xml'), type: 'layer', workspace, optional: true });
  }
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

function invert(rec: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [v, k]));
}
