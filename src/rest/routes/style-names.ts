import type { Catalog } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import { checkName } from '../../catalog/names.js';
import type { StyleInfo, WorkspaceInfo } from '../../catalog/types.js';
import { isXObject, textOf, type XValue } from '../../xml/tree.js';
import { collectionOf, href, workspaceNamed } from '../lookup.js';

/**
 * Naming styles in the REST API: lookup in a scope (global or a workspace) with GeoServer's 404
 * messages, their URLs, and the checks a new or renamed style passes before anything changes.
 */
/** A style by name in a scope, with GeoServer's 404 messages. */
export function styleNamed(catalog: Catalog, name: string, ws: WorkspaceInfo | undefined): StyleInfo {
  const style = catalog.byName('style', ws?.id ?? '', name);
  return style ?? fail('not_found', ws ? `No such style ${name} in workspace ${ws.name}` : `No such style: ${name}`);
}

/** The REST URL of a style, without extension. */
export function styleHref(base: string, name: string, ws: WorkspaceInfo | undefined): string {
  const styles = collectionOf('style');
  return ws ? href(base, collectionOf('workspace'), ws.name, styles, name) : href(base, styles, name);
}

/** The workspace a body names (`cite`, `{name:cite}`); empty means global. */
export function workspaceOf(catalog: Catalog, value: XValue | undefined): WorkspaceInfo | undefined {
  if (value === undefined) return undefined;
  const name = typeof value === 'string' ? value : isXObject(value) ? (textOf(value.name) ?? '') : '';
  return name.trim() === '' ? undefined : workspaceNamed(catalog, name);
}

export function refuseDuplicate(catalog: Catalog, name: string, ws: WorkspaceInfo | undefined, except?: string): void {
  const existing = catalog.byName('style', ws?.id ?? '', name);
  if (existing && existing.id !== except) fail('duplicate', `Style ${name} already exists.`);
}

/** A style's file name stays a plain name inside the styles folder. */
export function checkFilename(filename: string): string {
  return checkName('Style file', filename);
}
