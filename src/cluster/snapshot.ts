import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import { removeCascade } from '../catalog/cascade.js';
import { ALL_TYPES, SECURITY_TYPES, type Info, type InfoType } from '../catalog/types.js';
import type { ResourceStore } from '../datadir/resources.js';
import type { XValue } from '../xml/tree.js';
import type { Journal, ObjectVersion } from './journal.js';

/** Dependency order: parents before children. */
const ORDER: InfoType[] = [
  'workspace', 'namespace', 'defaults', 'style', 'dataStore', 'coverageStore', 'wmsStore', 'wmtsStore',
  'featureType', 'coverage', 'wmsLayer', 'wmtsLayer', 'layer', 'layerGroup',
  'global', 'logging', 'settings', 'wms', 'wfs', 'wcs', 'wmts',
  'gwcConfig', 'gwcGlobals', 'gridSet', 'blobStore', 'diskQuota', 'tileLayer',
  ...SECURITY_TYPES,
];

interface Snapshot {
  from: string;
  cursors: Record<string, number>;
  versions: Array<[string, ObjectVersion]>;
  objects: Array<{ type: InfoType; key: string; object: Info }>;
  files: Array<{ path: string; data: string }>;
}

/**
 * The whole state of a node for a new one (DESIGN §3.4): every object with its version, the
 * cursors it reflects, and the files that travel with configuration (style bodies and every file
 * replicated through /rest/resource).
 */
export function buildSnapshot(catalog: Catalog, resources: ResourceStore, journal: Journal, from: string, seal: (obj: Info) => XValue = (o) => o): string {
  const objects: Snapshot['objects'] = [];
  for (const type of ALL_TYPES) {
    for (const info of catalog.list(type)) objects.push({ type, key: catalog.keyOfObject(type, info), object: seal(info) as Info });
  }
  const paths = new Set<string>();
  for (const style of catalog.list('style')) {
    if (typeof style.filename !== 'string') continue;
    const ws = catalog.get('workspace', (style.workspace as { id?: string } | undefined)?.id ?? '');
    paths.add(ws ? `workspaces/${String(ws.name)}/styles/${style.filename}` : `styles/${style.filename}`);
  }
  for (const [key, v] of journal.allVersions()) if (key.startsWith('resource:') && !v.deleted) paths.add(key.slice('resource:'.length));
  const files: Snapshot['files'] = [];
  for (const p of paths) {
    const data = resources.read(p);
    if (data) files.push({ path: p, data: data.toString('base64') });
  }
  const snap: Snapshot = { from, cursors: journal.cursors(), versions: journal.allVersions(), objects, files };
  return JSON.stringify(snap);
}

/** Replaces this node's state with a snapshot: its objects, versions, cursors and files. */
export function applySnapshot(text: string, catalog: Catalog, resources: ResourceStore, journal: Journal, unseal: (obj: XValue) => Info = (o) => o as Info): void {
  const snap = JSON.parse(text) as Snapshot;
  const ctx: ChangeContext = { source: 'replica', meta: { snapshot: snap.from } };
  const incoming = new Set(snap.objects.map((o) => `${o.type}\u0000${o.key}`));
  for (const type of [...ORDER].reverse()) {
    for (const info of [...catalog.list(type)]) {
      const key = catalog.keyOfObject(type, info);
      if (!incoming.has(`${type}\u0000${key}`) && catalog.get(type, key)) removeCascade(catalog, type, key, ctx);
    }
  }
  const byType = new Map<InfoType, Snapshot['objects']>();
  for (const o of snap.objects) {
    if (!byType.has(o.type)) byType.set(o.type, []);
    byType.get(o.type)!.push(o);
  }
  for (const type of ORDER) {
    const list = byType.get(type) ?? [];
    // nested groups: retry the ones whose members are not there yet
    let pending = list;
    for (let round = 0; pending.length > 0 && round < 32; round++) {
      const failed: typeof pending = [];
      for (const o of pending) {
        try {
          catalog.put(type, unseal(o.object), ctx, o.key);
        } catch {
          failed.push(o);
        }
      }
      if (failed.length === pending.length) break;
      pending = failed;
    }
  }
  for (const f of snap.files) resources.put(f.path, Buffer.from(f.data, 'base64'), ctx);
  for (const [key, v] of snap.versions) journal.setVersion(key, v);
  for (const [origin, seq] of Object.entries(snap.cursors)) journal.setCursor(origin, seq);
}
