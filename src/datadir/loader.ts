import * as path from 'node:path';
import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import { CatalogError } from '../catalog/errors.js';
import { publishedOf } from '../catalog/refs.js';
import { configKey, refId, type Info, type InfoType } from '../catalog/types.js';
import { isXObject } from '../xml/tree.js';
import { parseAll } from './parse-pool.js';
import { rootElement } from './persister.js';
import { scanDataDir, type ScannedFile } from './scan.js';

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
}

/** The order GeoServer's loader follows, so that every reference can resolve when it is added. */
const ORDER: InfoType[] = [
  'workspace', 'namespace', 'defaults', 'style', 'dataStore', 'coverageStore', 'wmsStore', 'wmtsStore',
  'featureType', 'coverage', 'wmsLayer', 'wmtsLayer', 'layer', 'layerGroup',
  'global', 'logging', 'settings', 'wms', 'wfs', 'wcs', 'wmts',
];

const LOAD: ChangeContext = { source: 'load' };

/**
 * Loads a GeoServer data directory into an empty catalog. Files are parsed in parallel; a file
 * that is broken, of the wrong kind, or whose references do not resolve is reported with its
 * path and skipped, and the rest loads, as GeoServer does.
 */
export async function loadDataDir(root: string, catalog: Catalog, options: { threads?: number } = {}): Promise<LoadReport> {
  const started = performance.now();
  const scanned = scanDataDir(root);
  const parsed = await parseAll(scanned.map((f) => [f.path, f.optional === true]), options.threads);
  const failures: LoadFailure[] = [];
  const byType = new Map<InfoType, Array<{ file: ScannedFile; info: Info }>>();
  let files = 0;
  for (let i = 0; i < scanned.length; i++) {
    const file = scanned[i];
    const result = parsed[i];
    if (!result.ok) {
      if (!result.missing) failures.push({ path: rel(root, file.path), element: result.element, message: result.message });
      continue;
    }
    files++;
    const expected = rootElement(file.type);
    if (result.root !== expected || !isXObject(result.value)) {
      failures.push({ path: rel(root, file.path), element: result.root, message: `expected a <${expected}> document, found <${result.root}>` });
      continue;
    }
    let list = byType.get(file.type);
    if (!list) byType.set(file.type, (list = []));
    list.push({ file, info: result.value as Info });
  }
  let objects = 0;
  for (const type of ORDER) {
    let pending = byType.get(type) ?? [];
    if (type === 'layerGroup') pending = orderGroups(pending);
    for (const { file, info } of pending) {
      try {
        addLoaded(catalog, type, file, info);
        objects++;
      } catch (err) {
        failures.push({ path: rel(root, file.path), element: rootElement(type), message: (err as Error).message });
      }
    }
  }
  return { files, objects, failures, millis: performance.now() - started };
}

function addLoaded(catalog: Catalog, type: InfoType, file: ScannedFile, info: Info): void {
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
  if ((type === 'settings' || type === 'wms' || type === 'wfs' || type === 'wcs' || type === 'wmts') && file.workspace) {
    if (!refId(info.workspace)) {
      const ws = catalog.byName('workspace', '', file.workspace);
      if (!ws) throw new CatalogError('dangling_reference', `workspace '${file.workspace}' does not exist`);
      info.workspace = { id: ws.id! };
    }
  }
  catalog.add(type, info, LOAD);
}

/** Nested groups must follow the groups they contain. */
function orderGroups<T extends { info: Info }>(groups: T[]): T[] {
  const byId = new Map(groups.map((g) => [String(g.info.id), g]));
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (g: T) => {
    const id = String(g.info.id);
    if (state.get(id)) return;
    state.set(id, 'visiting');
    for (const p of publishedOf(g.info)) {
      const child = p.type === 'layerGroup' ? byId.get(refId(p.value) ?? '') : undefined;
      if (child) visit(child);
    }
    state.set(id, 'done');
    out.push(g);
  };
  for (const g of groups) visit(g);
  return out;
}

function rel(root: string, file: string): string {
  return path.relative(root, file);
}
