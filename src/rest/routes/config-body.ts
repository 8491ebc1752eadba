import { isXObject, type XObject, type XValue } from '../../xml/tree.js';
import { checkTree } from '../negotiate.js';
import { RestError } from '../http.js';

/**
 * Bodies of the configuration endpoints (settings, contact, logging, services): checked before
 * anything changes, then merged into the stored object the way GeoServer's PUT is meant to work —
 * only the fields sent change.
 */

/** What a known field must hold; unknown fields are kept as sent (GeoServer preserves them too). */
export type FieldKind = 'boolean' | 'integer' | 'number' | 'object' | { oneOf: readonly string[] };

export type FieldKinds = Readonly<Record<string, FieldKind>>;

export const SETTINGS_FIELDS: FieldKinds = {
  contact: 'object',
  numDecimals: 'integer',
  verbose: 'boolean',
  verboseExceptions: 'boolean',
  localWorkspaceIncludesPrefix: 'boolean',
  showCreatedTimeColumnsInAdminList: 'boolean',
  showModifiedTimeColumnsInAdminList: 'boolean',
  useHeadersProxyURL: 'boolean',
  metadata: 'object',
};

export const JAI_FIELDS: FieldKinds = {
  allowInterpolation: 'boolean',
  recycling: 'boolean',
  tilePriority: 'integer',
  tileThreads: 'integer',
  memoryCapacity: 'number',
  memoryThreshold: 'number',
  imageIOCache: 'boolean',
  pngAcceleration: 'boolean',
  jpegAcceleration: 'boolean',
  allowNativeMosaic: 'boolean',
  allowNativeWarp: 'boolean',
};

export const COVERAGE_ACCESS_FIELDS: FieldKinds = {
  maxPoolSize: 'integer',
  corePoolSize: 'integer',
  keepAliveTime: 'integer',
  queueType: { oneOf: ['UNBOUNDED', 'DIRECT'] },
  imageIOCacheThreshold: 'integer',
};

export const GLOBAL_FIELDS: FieldKinds = {
  settings: 'object',
  jai: 'object',
  coverageAccess: 'object',
  updateSequence: 'integer',
  featureTypeCacheSize: 'integer',
  globalServices: 'boolean',
  xmlPostRequestLogBufferSize: 'integer',
  xmlExternalEntitiesEnabled: 'boolean',
  metadata: 'object',
};

export const LOGGING_FIELDS: FieldKinds = {
  stdOutLogging: 'boolean',
};

export const SERVICE_FIELDS: FieldKinds = {
  enabled: 'boolean',
  citeCompliant: 'boolean',
  verbose: 'boolean',
  maxFeatures: 'integer',
  maxBuffer: 'integer',
  maxRequestMemory: 'integer',
  maxRenderingTime: 'integer',
  maxRenderingErrors: 'integer',
  maxInputMemory: 'integer',
  maxOutputMemory: 'integer',
  featureBounding: 'boolean',
  keywords: 'object',
  metadata: 'object',
  watermark: 'object',
};

/** How one object merges: fields never taken from a body, and children merged field by field. */
export interface MergeSpec {
  skip?: readonly string[];
  nested?: Readonly<Record<string, MergeSpec>>;
}

export const CONTACT_MERGE: MergeSpec = { skip: ['id'] };
export const SETTINGS_MERGE: MergeSpec = { skip: ['id', 'workspace'], nested: { contact: CONTACT_MERGE } };
export const GLOBAL_MERGE: MergeSpec = {
  skip: ['id'],
  nested: { settings: SETTINGS_MERGE, jai: {}, coverageAccess: {} },
};
export const FLAT_MERGE: MergeSpec = { skip: ['id', 'workspace'] };

/**
 * Checks a body: every name can become an XML element, every text can be written to XML, and
 * the known fields hold what GeoServer's model expects. `nested` names the kinds of children.
 */
export function checkConfigBody(where: string, body: XObject, kinds: FieldKinds, nested: Readonly<Record<string, FieldKinds>> = {}): void {
  checkTree(body, where);
  for (const [key, kind] of Object.entries(kinds)) {
    const value = body[key];
    if (value === undefined) continue;
    checkKind(`${where}.${key}`, value, kind);
    if (nested[key] && isXObject(value)) checkConfigBody(`${where}.${key}`, value, nested[key]);
  }
}

function checkKind(where: string, value: XValue, kind: FieldKind): void {
  if (kind === 'object') {
    if (value !== '' && !isXObject(value)) throw new RestError(400, `${where} must be an object, got ${describe(value)}`);
    return;
  }
  if (typeof value !== 'string') throw new RestError(400, `${where} must be a single value, got ${describe(value)}`);
  const ok =
    kind === 'boolean' ? value === 'true' || value === 'false'
    : kind === 'integer' ? /^-?\d{1,18}$/.test(value)
    : kind === 'number' ? /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)
    : kind.oneOf.includes(value);
  if (!ok) throw new RestError(400, `${where} must be ${expected(kind)}, got '${printable(value)}'`);
}

function expected(kind: FieldKind): string {
  if (typeof kind === 'object') return `one of ${kind.oneOf.join(', ')}`;
  return kind === 'integer' ? 'an integer' : kind === 'number' ? 'a number' : 'true or false';
}

function describe(value: XValue): string {
  return Array.isArray(value) ? 'a list' : isXObject(value) ? 'an object' : `'${printable(value)}'`;
}

function printable(s: string): string {
  const short = s.length > 60 ? `${s.slice(0, 60)}…` : s;
  // eslint-disable-next-line no-control-regex
  return short.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The stored object with the body's fields applied: a field sent replaces the old value, except
 * children named in `spec.nested`, which merge field by field (sending only
 * `settings.verbose` leaves the rest of `settings` as it was). Attributes are never taken.
 */
export function mergeConfig(existing: XObject, body: XObject, spec: MergeSpec): XObject {
  const next: XObject = { ...existing };
  for (const key of Object.keys(body)) {
    const v = body[key];
    if (v === undefined || key.startsWith('@') || spec.skip?.includes(key)) continue;
    const childSpec = spec.nested?.[key];
    if (childSpec && v === '') continue; // an empty element sends no fields
    const old = existing[key];
    next[key] = childSpec && isXObject(v) ? mergeConfig(isXObject(old) ? old : {}, v, childSpec) : v;
  }
  return next;
}
