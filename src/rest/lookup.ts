import type { Catalog } from '../catalog/catalog.js';
import { fail } from '../catalog/errors.js';
import { KINDS, type CatalogType } from '../catalog/kinds.js';
import { defaultWorkspace } from '../catalog/operations.js';
import type { NamespaceInfo, WorkspaceInfo } from '../catalog/types.js';

/**
 * Finding the objects a REST path names, with GeoServer's 404 messages. `default` in the
 * workspace position means the default workspace, as in GeoServer.
 */
export function workspaceNamed(catalog: Catalog, name: string): WorkspaceInfo {
  const ws = name === 'default' ? defaultWorkspace(catalog) : catalog.byName('workspace', '', name);
  return ws ?? fail('not_found', `No such workspace: '${name}' found`);
}

export function namespaceNamed(catalog: Catalog, prefix: string): NamespaceInfo {
  return catalog.byName('namespace', '', prefix) ?? fail('not_found', `No such namespace: '${prefix}' found`);
}

/** The path segment of a kind's REST collection, from the kind table: `workspaces`, `datastores`. */
export function collectionOf(type: CatalogType): string {
  return KINDS[type].rest.collection;
}

/** The href of an object under the REST root, without extension; names are percent-encoded. */
export function href(base: string, ...parts: string[]): string {
  return `${base}/${parts.map((p) => encodeURIComponent(p)).join('/')}`;
}
