import type { Catalog } from '../catalog/catalog.js';
import { defaultWorkspace } from '../catalog/operations.js';
import type { Info } from '../catalog/types.js';
import { RestError } from './http.js';

/**
 * Finding the objects a REST path names, with GeoServer's 404 messages. `default` in the
 * workspace position means the default workspace, as in GeoServer.
 */
export function workspaceNamed(catalog: Catalog, name: string): Info {
  const ws = name === 'default' ? defaultWorkspace(catalog) : catalog.byName('workspace', '', name);
  if (!ws) throw new RestError(404, `No such workspace: '${name}' found`);
  return ws;
}

export function namespaceNamed(catalog: Catalog, prefix: string): Info {
  const ns = catalog.byName('namespace', '', prefix);
  if (!ns) throw new RestError(404, `No such namespace: '${prefix}' found`);
  return ns;
}

/** The href of an object under the REST root, without extension; names are percent-encoded. */
export function href(base: string, ...parts: string[]): string {
  return `${base}/${parts.map((p) => encodeURIComponent(p)).join('/')}`;
}
