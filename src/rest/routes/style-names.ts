import type { Catalog } from '../../catalog/catalog.js';
import { checkName } from '../../catalog/names.js';
import type { Info } from '../../catalog/types.js';
import { isXObject, textOf, type XValue } from '../../xml/tree.js';
import { mapped } from '../errors.js';
import { RestError } from '../http.js';
import { href, workspaceNamed } from '../lookup.js';

/**
 * Naming styles in the REST API: lookup in a scope (global or a workspace) with GeoServer's 404
 * messages, their URLs, and the checks a new or renamed style passes before anything changes.
 */
/** A style by name in a scope, with GeoServer's 404 messages. */
export function styleNamed(catalog: Catalog, name: string, ws: Info | undefined): Info {
  const style = catalog.byName('style', ws?.id ?? '', name);
  if (style) return style;
  throw new RestError(404, ws ? `No such style ${name} in workspace ${String(ws.name)}` : `No such style: ${name}`);
}

/** The REST URL of a style, without extension. */
export function styleHref(base: string, name: string, ws: Info | undefined): string {
  return ws ? href(base, 'workspaces', String(ws.name), 'styles', name) : href(base, 'styles', name);
}

/** The workspace a body names (`cite`, `{name:cite}`); empty means global. */
export function workspaceOf(catalog: Catalog, value: XValue | undefined): Info | undefined {
  if (value === undefined) return undefined;
  const name = typeof value === 'string' ? value : isXObject(value) ? (textOf(value.name) ?? '') : '';
  return name.trim() === '' ? undefined : workspaceNamed(catalog, name);
}

export function refuseDuplicate(catalog: Catalog, name: string, ws: Info | undefined, except?: string): void {
  const existing = catalog.byName('style', ws?.id ?? '', name);
  if (existing && existing.id !== except) throw new RestError(403, `Style ${name} already exists.`);
}

/** A style's file name stays a plain name inside the styles folder. */
export function checkFilename(filename: string): string {
  return mapped({}, () => checkName('Style file', filename));
}
