import { CatalogError } from '../catalog/errors.js';

/**
 * Names of users, groups, roles and services travel in REST paths, in ids and (services) as
 * folder names, so anything that could escape a path or confuse a reader is refused before any
 * change. Role names also sit in comma-separated rule values, so they cannot hold a comma, a
 * blank or '='.
 */
export type SecurityNameKind = 'User' | 'Group' | 'Role' | 'Service';

const MAX_LENGTH = 255;

export function nameProblem(kind: SecurityNameKind, name: string): string | undefined {
  if (name.trim() === '') return 'it is empty';
  if (name.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`;
  if (name !== name.trim()) return 'it starts or ends with a blank';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'it contains a control character';
  if (name.includes('/')) return "it contains '/'";
  if (name.includes('\\')) return "it contains '\\'";
  if (name === '.' || name.includes('..')) return "it contains '..'";
  if (kind === 'Role' && /[\s,=]/.test(name)) return 'it contains a blank, a comma or =';
  if (kind === 'Service' && /[:*?"<>|]/.test(name)) return 'it contains a character that cannot be in a folder name';
  return undefined;
}

/** The name, if it may be used; else a bad_name refusal saying what is wrong with it. */
export function checkSecurityName(kind: SecurityNameKind, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new CatalogError('invalid', `${kind} name must not be empty`);
  const problem = nameProblem(kind, name);
  if (problem) throw new CatalogError('bad_name', `${kind} name '${printable(name)}' is not allowed: ${problem}`);
  return name;
}

/** A name as it can be shown in a message or a log line: control characters made visible. */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
