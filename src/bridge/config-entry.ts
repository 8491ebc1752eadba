import type { XValue } from '../xml/tree.js';

/**
 * What one object of a GeoServer's configuration is, as its REST API shows it. Families are in
 * the order objects must be created in (a store before its resources, a style before the layers
 * that use it); removals go the other way.
 */
export const FAMILIES = [
  'namespace', 'workspace', 'store', 'style', 'resource', 'layer', 'layerGroup', 'template',
  'global', 'logging', 'settings', 'service',
  'securityGroup', 'securityRole', 'securityUser', 'roleAssignment', 'accessRule', 'catalogMode',
  'gridSet', 'blobStore', 'gwcGlobal', 'diskQuota', 'tileLayer',
] as const;

export type Family = (typeof FAMILIES)[number];

export interface ConfigEntry {
  family: Family;
  /**
   * The object's REST path from the GeoServer base URL, without extension
   * (`/rest/workspaces/sf/datastores/sf`, `/gwc/rest/layers/sf:roads`): its identity here.
   */
  path: string;
  /** Where POST creates it, for objects made that way (`/rest/workspaces/sf/datastores`). */
  collection?: string;
  /** The root element of its XML body. */
  root: string;
  /** The body as the node's XML decoder reads it (src/xml), links to other objects left out. */
  body: XValue;
  /** A style's own document (SLD, CSS, …) or a template's text, with its media type. */
  content?: { type: string; text: string };
}

/** A GeoServer's whole configuration as REST shows it, by path. */
export interface ConfigSnapshot {
  entries: Map<string, ConfigEntry>;
  /** What could not be read, and why. */
  failures: Array<{ path: string; reason: string }>;
  /** GeoServer's updateSequence when the reading began. */
  updateSequence?: number;
}

export function countByFamily(entries: Iterable<ConfigEntry>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.family] = (out[e.family] ?? 0) + 1;
  return out;
}

/** A path segment: names may hold anything but are sent encoded (`:` of a prefixed name is kept). */
export function seg(name: string): string {
  return encodeURIComponent(name).replace(/%3A/g, ':');
}
