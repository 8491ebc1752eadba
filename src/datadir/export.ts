import type { Catalog } from '../catalog/catalog.js';
import { CATALOG_TYPES, CONFIG_TYPES, configKey, refId, type InfoType } from '../catalog/types.js';
import { writeXml } from '../xml/write.js';
import { inside, writeFileAtomic } from './files.js';
import { isGwcType, GWC_TYPES } from '../catalog/kinds.js';
import { gwcFileOps } from './gwc-files.js';
import { Layout, rootElement } from './layout.js';

/**
 * Writes every catalog and configuration object into a data directory, in GeoServer's layout.
 * Files of other kinds (style bodies, icons) are not catalog objects and are not written here.
 * Returns the number of files written.
 */
export function exportCatalog(catalog: Catalog, root: string): number {
  const layout = new Layout(catalog);
  let files = 0;
  for (const type of [...CATALOG_TYPES, ...CONFIG_TYPES] as InfoType[]) {
    if (type === 'defaults' || isGwcType(type)) continue;
    for (const info of catalog.list(type)) {
      writeFileAtomic(inside(root, ...layout.locate(type, info).file), writeXml(rootElement(type), info));
      files++;
    }
  }
  files += exportGwc(catalog, root);
  const defaults = catalog.get('defaults', configKey('defaults'));
  const ws = defaults ? catalog.get('workspace', refId(defaults.defaultWorkspace) ?? '') : undefined;
  if (ws) {
    writeFileAtomic(inside(root, ...layout.locate('defaults', {}).file), writeXml(rootElement('defaults'), ws));
    files++;
  }
  return files;
}

/** GeoWebCache's files, written as the persister would on adding each object. */
function exportGwc(catalog: Catalog, root: string): number {
  const written = new Set<string>();
  for (const type of GWC_TYPES) {
    for (const info of catalog.list(type)) {
      for (const op of gwcFileOps(catalog, { op: 'add', type, key: catalog.keyOfObject(type, info), new: info }, (parts) => inside(root, ...parts))) {
        if (op.kind !== 'write' || written.has(op.path)) continue;
        writeFileAtomic(op.path, op.data);
        written.add(op.path);
      }
    }
  }
  return written.size;
}
