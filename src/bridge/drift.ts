import { deepEqual, isXObject, type XObject, type XValue } from '../xml/tree.js';
import { FAMILIES, type ConfigEntry, type ConfigSnapshot, type Family } from './config-entry.js';
import { eachLimited } from './rest-endpoint.js';

/**
 * One difference between a configuration as it should be (`want`) and as a server has it
 * (`have`): missing there, extra there, or different (with the top-level fields that differ).
 */
export interface Difference {
  kind: 'missing' | 'extra' | 'different';
  family: Family;
  path: string;
  want?: ConfigEntry;
  have?: ConfigEntry;
  fields?: string[];
}

/** What a status shows of drift: counts per family and kind, and the first differences by path. */
export interface DriftReport {
  at: string;
  total: number;
  byFamily: Record<string, { missing: number; extra: number; different: number }>;
  sample: Array<{ kind: Difference['kind']; path: string; fields?: string[] }>;
}

/**
 * Fields that differ between two servers holding the same configuration and so are no drift:
 * when an object was made and changed, the ids each server gives its settings and services,
 * updateSequence (each server counts its own changes), and where GeoWebCache keeps its files.
 */
const NOT_COMPARED: Partial<Record<Family, readonly string[]>> = {
  global: ['updateSequence', 'id'],
  settings: ['id'],
  service: ['id'],
  tileLayer: ['id'],
  gwcGlobal: ['identifier', 'location', 'version'],
};
const NEVER_COMPARED = ['dateCreated', 'dateModified'];
/** XStream names the Java collection behind a list (`class="linked-hash-set"`): not part of the value. */
const COLLECTION_CLASSES = new Set(['linked-hash-set', 'sorted-set', 'list', 'set', 'linked-list', 'tree-set', 'java.util.ArrayList']);

/** The body of an entry as compared (and as written to another server): without its local fields. */
export function comparable(entry: ConfigEntry): XValue {
  return strip(entry.body, [...NEVER_COMPARED, ...(NOT_COMPARED[entry.family] ?? [])]);
}

/** Leaves the fields out at any depth: settings nest their ids (global.settings.id, contact.id). */
function strip(value: XValue, fields: readonly string[]): XValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => strip(v, fields));
  const out: XObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || fields.includes(k) || (k === '@class' && typeof v === 'string' && COLLECTION_CLASSES.has(v))) continue;
    out[k] = strip(v, fields);
  }
  return out;
}

/** Every difference between what should be (`want`) and what a server has (`have`), in creation order. */
export function diffConfigurations(want: ConfigSnapshot, have: ConfigSnapshot): Difference[] {
  const out: Difference[] = [];
  for (const [path, w] of want.entries) {
    const h = have.entries.get(path);
    if (!h) out.push({ kind: 'missing', family: w.family, path, want: w });
    else {
      const fields = differentFields(w, h);
      if (fields.length > 0) out.push({ kind: 'different', family: w.family, path, want: w, have: h, fields });
    }
  }
  for (const [path, h] of have.entries) if (!want.entries.has(path)) out.push({ kind: 'extra', family: h.family, path, have: h });
  return out.sort(byFamily);
}

/**
 * What was changed in a server since an earlier reading of it (`before`), as differences to apply
 * to another server (`target`) that should follow it: created or changed there and not the same
 * on the target; removed there and still on the target. An object the server never had (a change
 * it refused) is no change of it, so nothing is removed for it.
 */
export function changesSince(now: ConfigSnapshot, before: ConfigSnapshot, target: ConfigSnapshot): Difference[] {
  const out: Difference[] = [];
  for (const d of diffConfigurations(now, before)) {
    const have = target.entries.get(d.path);
    if (d.kind === 'extra') {
      if (have) out.push({ kind: 'extra', family: d.family, path: d.path, have });
      continue;
    }
    const want = d.want!;
    if (!have) out.push({ kind: 'missing', family: d.family, path: d.path, want });
    else {
      const fields = differentFields(want, have);
      if (fields.length > 0) out.push({ kind: 'different', family: d.family, path: d.path, want, have, fields });
    }
  }
  return out.sort(byFamily);
}

function differentFields(w: ConfigEntry, h: ConfigEntry): string[] {
  const a = comparable(w);
  const b = comparable(h);
  const contentDiffers = w.content !== undefined && h.content !== undefined && w.content.text.trim() !== h.content.text.trim();
  if (!isXObject(a) || !isXObject(b)) return deepEqual(a, b) && !contentDiffers ? [] : ['(value)'];
  // the fields of what should be: a field only the server has is one it fills in by default
  // (GeoServer completes a new feature type or layer with its defaults)
  const fields = Object.keys(a).filter((k) => !deepEqual(a[k], b[k])).sort();
  if (contentDiffers) fields.push('(style body)');
  return fields;
}

function byFamily(x: Difference, y: Difference): number {
  return FAMILIES.indexOf(x.family) - FAMILIES.indexOf(y.family) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0);
}

export function driftReport(diffs: readonly Difference[], sampleSize = 50): DriftReport {
  const byFamily: DriftReport['byFamily'] = {};
  for (const d of diffs) (byFamily[d.family] ??= { missing: 0, extra: 0, different: 0 })[d.kind]++;
  return {
    at: new Date().toISOString(),
    total: diffs.length,
    byFamily,
    sample: diffs.slice(0, sampleSize).map((d) => ({ kind: d.kind, path: d.path, fields: d.fields })),
  };
}

export interface ConvergeResult {
  applied: number;
  failures: Array<{ path: string; kind: Difference['kind']; reason: string }>;
}

/**
 * Applies differences through `applyOne` in an order that works: creations and changes family by
 * family (a store before its resources), removals afterwards from the last family back; within
 * one family at most `concurrency` at once. Layer groups that hold other groups are retried
 * until no more succeed. A difference that fails is reported and does not stop the others.
 */
export async function converge(diffs: readonly Difference[], applyOne: (d: Difference) => Promise<void>, concurrency = 8): Promise<ConvergeResult> {
  const result: ConvergeResult = { applied: 0, failures: [] };
  const upserts = diffs.filter((d) => d.kind !== 'extra');
  const removals = diffs.filter((d) => d.kind === 'extra');
  for (const family of FAMILIES) await runFamily(upserts.filter((d) => d.family === family), applyOne, concurrency, result);
  for (const family of [...FAMILIES].reverse()) await runFamily(removals.filter((d) => d.family === family), applyOne, concurrency, result);
  return result;
}

async function runFamily(batch: Difference[], applyOne: (d: Difference) => Promise<void>, concurrency: number, result: ConvergeResult): Promise<void> {
  let pending = batch;
  for (;;) {
    const failed: Array<{ d: Difference; reason: string }> = [];
    await eachLimited(pending, concurrency, async (d) => {
      try {
        await applyOne(d);
        result.applied++;
      } catch (err) {
        failed.push({ d, reason: (err as Error).message });
      }
    });
    // some succeeded: what failed may have waited for them (a group inside a group)
    if (failed.length === 0 || failed.length === pending.length) {
      for (const f of failed) result.failures.push({ path: f.d.path, kind: f.d.kind, reason: f.reason });
      return;
    }
    pending = failed.map((f) => f.d);
  }
}
