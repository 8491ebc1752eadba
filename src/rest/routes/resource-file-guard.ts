import { fail } from '../../catalog/errors.js';
import { isGwcFile } from '../../datadir/gwc-files.js';
import { FILES_IN, LIST_FOLDERS, WORKSPACES } from '../../datadir/layout.js';
import type { ResourceStore } from '../../datadir/resources.js';

/**
 * Files of the data directory that /rest/resource must not write, move or delete: the catalog's
 * own XML (written only by the persister, so that every change goes through the catalog's rules
 * and reaches the cluster) and the cluster's folder (journal, cursors). The patterns are the ones
 * the loader reads (datadir/layout.ts, FILES_IN), compared without case so that a case-insensitive file
 * system cannot be used to slip past them.
 */
const LISTS = new Set(LIST_FOLDERS.map((l) => l.folder));

/** Who owns the file at this normalised path, if not /rest/resource. */
export function ownerOf(path: string): 'catalog' | 'cluster' | undefined {
  const p = path.toLowerCase().split('/');
  const n = p.length;
  if (p[0] === 'cluster') return 'cluster';
  if (isGwcFile(p)) return 'catalog';
  if (n === 1 && FILES_IN.root.has(p[0])) return 'catalog';
  if (n === 2 && LISTS.has(p[0]) && p[1].endsWith('.xml')) return 'catalog';
  if (p[0] !== WORKSPACES) return undefined;
  if (n === 2 && FILES_IN.workspaces.has(p[1])) return 'catalog';
  if (n === 3 && FILES_IN.workspace.has(p[2])) return 'catalog';
  if (n === 4 && LISTS.has(p[2]) && p[3].endsWith('.xml')) return 'catalog';
  if (n === 4 && FILES_IN.store.has(p[3])) return 'catalog';
  if (n === 5 && FILES_IN.resource.has(p[4])) return 'catalog';
  return undefined;
}

/** Refuses a write, move or delete of a protected file with 403 and where to go instead. */
export function guardFile(path: string): void {
  const owner = ownerOf(path);
  if (owner === 'catalog') {
    fail(
      'protected',
      `'${path}' is catalog configuration and cannot be changed through /rest/resource: ` +
        'use the catalog endpoints (/rest/workspaces, /rest/styles, /rest/layergroups, /rest/settings, /rest/services, /rest/logging, /gwc/rest)',
    );
  }
  if (owner === 'cluster') fail('protected', `'${path}' belongs to the cluster (journal and cursors) and cannot be changed through /rest/resource`);
}

/** The same for a folder and everything in it, before it is moved or deleted. */
export function guardTree(resources: ResourceStore, path: string): void {
  if (path === '') fail('protected', 'The root of the data directory cannot be removed or moved');
  guardFile(path);
  if (resources.stat(path)?.type !== 'directory') return;
  for (const child of resources.list(path)) guardTree(resources, `${path}/${child.name}`);
}
