import type { Info } from '../catalog/types.js';
import type { XObject } from '../xml/tree.js';

/**
 * GeoServer's PUT is not destructive: only the fields present in the body change, and a field
 * that is sent replaces the old value whole (a connectionParameters block replaces the map).
 */
export function mergeTop(existing: Info, body: XObject, skip: readonly string[] = ['id']): Info {
  const next: Info = { ...existing };
  for (const key of Object.keys(body)) {
    const v = body[key];
    if (v === undefined || skip.includes(key) || key.startsWith('@')) continue;
    next[key] = v;
  }
  return next;
}

/** GeoServer's timestamp format for dateCreated / dateModified, e.g. `2024-05-01 10:45:58.63 UTC`. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace('T', ' ').replace(/Z$/, ' UTC');
}
