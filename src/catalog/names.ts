import { CatalogError } from './errors.js';
import { kindOf, type InfoType } from './kinds.js';
import { refId, type Info } from './types.js';

/** The name an object is known by in its scope: its name, or a namespace's prefix. */
export function nameOf(type: InfoType, info: Info): string | undefined {
  const field = kindOf(type).nameField;
  if (field === undefined) return undefined;
  const name = info[field];
  return typeof name === 'string' ? name : undefined;
}

/** The scope a name is unique in: the id of its workspace (namespace for resources), '' for global. */
export function scopeOf(type: InfoType, info: Info): string {
  const scope = kindOf(type).nameScope;
  return scope === undefined ? '' : (refId(info[scope]) ?? '');
}

/**
 * Names of workspaces, stores, resources, styles and layer groups become folder and file names in
 * the data directory, so anything that could escape or confuse a path is refused up front.
 */
export function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new CatalogError('invalid', `${what} name must not be empty`);
  const problem = pathProblem(name);
  if (problem) throw new CatalogError('bad_name', `${what} name '${printable(name)}' is not allowed: ${problem}`);
  return name;
}

/** Workspace names also appear in qualified names (`ws:layer`), so a colon is refused too. */
export function checkWorkspaceName(name: unknown): string {
  const n = checkName('Workspace', name);
  if (n.includes(':')) throw new CatalogError('bad_name', `Workspace name '${n}' is not allowed: it contains ':'`);
  if (n === 'default') throw new CatalogError('bad_name', `Workspace name 'default' is reserved`);
  return n;
}

export function pathProblem(name: string): string | undefined {
  if (name.length > 255) return 'it is longer than 255 characters';
  if (name.includes('/')) return "it contains '/'";
  if (name.includes('\\')) return "it contains '\\'";
  if (name.includes('..')) return "it contains '..'";
  if (name === '.') return "it is '.'";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
  return undefined;
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
