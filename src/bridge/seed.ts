import { countByFamily, type ConfigSnapshot } from './config-entry.js';
import { converge, diffConfigurations, type ConvergeResult, type Difference } from './drift.js';
import { readConfiguration } from './geoserver-reader.js';
import { restWriter } from './rest-writer.js';
import type { RestEndpoint } from './rest-endpoint.js';

export interface SeedOptions {
  /** Import into a node that already holds workspaces or layers (what it has is kept, never removed). */
  force?: boolean;
  /** Requests at once while reading (default 8, gentle on a GeoServer in use). */
  concurrency?: number;
  /** Requests at once while writing into the node (default 16: the node's group commit makes one fsync of many changes). */
  writeConcurrency?: number;
  /** Told when a phase begins. */
  phase?(what: 'read-source' | 'read-target' | 'write', detail: string): void;
}

export interface SeedReport {
  /** Objects read from the GeoServer, per family. */
  read: Record<string, number>;
  /** Objects created or changed on the node, per family. */
  written: Record<string, number>;
  /** Already the same on the node: nothing to do. */
  unchanged: number;
  /** What could not be read or written, and why. */
  failures: Array<{ path: string; reason: string }>;
}

/** Refused before anything is written: the node is not empty (and --force was not given), or may not make changes. */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefused';
  }
}

/**
 * Seeds a node (and so its cluster) from a running GeoServer: reads the GeoServer's whole
 * configuration through REST, reads the node's the same way, and writes what differs through the
 * node's REST API, so every object is an ordinary local change of that node: journalled,
 * acknowledged once durable, replicated to every other node (docs/bridge-import.md).
 */
export async function seedFromGeoServer(source: RestEndpoint, target: RestEndpoint, options: SeedOptions = {}): Promise<SeedReport> {
  const concurrency = options.concurrency ?? 8;
  await checkSource(source);
  await refuseSlave(target);
  if (!options.force) await refuseUnlessEmpty(target);
  options.phase?.('read-source', source.url);
  const want = await readConfiguration(source, { concurrency });
  options.phase?.('read-target', target.url);
  const have = await readConfiguration(target, { concurrency });
  if (have.failures.length > 0) throw new Error(`cannot read the node's configuration: ${have.failures[0].path}: ${have.failures[0].reason}`);
  // an import adds and changes; it never removes what the node has and the GeoServer has not
  const diffs = diffConfigurations(want, have).filter((d) => d.kind !== 'extra');
  options.phase?.('write', `${diffs.length} objects`);
  const result = await converge(diffs, restWriter(target), options.writeConcurrency ?? 16);
  return report(want, diffs, result);
}

function report(want: ConfigSnapshot, diffs: Difference[], result: ConvergeResult): SeedReport {
  const failed = new Set(result.failures.map((f) => f.path));
  const written: Record<string, number> = {};
  for (const d of diffs) if (!failed.has(d.path)) written[d.family] = (written[d.family] ?? 0) + 1;
  return {
    read: countByFamily(want.entries.values()),
    written,
    unchanged: want.entries.size - diffs.length,
    failures: [...want.failures, ...result.failures.map((f) => ({ path: f.path, reason: f.reason }))],
  };
}

/** The GeoServer answers its REST API with these credentials: else one clear line, before anything else. */
async function checkSource(source: RestEndpoint): Promise<void> {
  const answer = await source.request('GET', '/rest/settings.xml');
  if (answer.status === 401 || answer.status === 403) throw new ImportRefused(`${source.url} refused the credentials given for it (set GEOCLUSTER_IMPORT_USER and GEOCLUSTER_IMPORT_PASSWORD to a GeoServer administrator)`);
  if (answer.status !== 200 || !answer.text.includes('<global>')) throw new ImportRefused(`${source.url} does not answer as a GeoServer: GET /rest/settings gave ${answer.status}`);
}

/** A pure slave refuses every local change (DESIGN §2): say so once, before reading anything. */
async function refuseSlave(target: RestEndpoint): Promise<void> {
  const answer = await target.request('GET', '/rest/cluster/status.json', undefined, 'application/json');
  if (answer.status !== 200) return;
  const roles = (JSON.parse(answer.text) as { cluster?: { node?: { roles?: { master?: boolean } } } }).cluster?.node?.roles;
  if (roles?.master === false) throw new ImportRefused(`${target.url} is a pure slave (toggleMaster=false) and refuses local changes: import into a master of the cluster`);
}

/** An empty node holds no workspace and no layer (a fresh one has only its defaults: styles, settings, security). */
async function refuseUnlessEmpty(target: RestEndpoint): Promise<void> {
  for (const [path, item] of [['/rest/workspaces.xml', '<workspace>'], ['/rest/layers.xml', '<layer>']] as const) {
    const answer = await target.request('GET', path);
    if (answer.status === 401) throw new Error(`${target.url} refused the credentials (set GEOSERVER_ADMIN_USER and GEOSERVER_ADMIN_PASSWORD)`);
    if (answer.status !== 200) throw new Error(`cannot read ${path} of ${target.url}: ${answer.status} ${answer.text.trim().slice(0, 200)}`);
    if (answer.text.includes(item)) {
      throw new ImportRefused(`${target.url} already holds ${item === '<layer>' ? 'layers' : 'workspaces'}: import seeds an empty cluster; add --force to import into it anyway (objects are added or changed, none is removed)`);
    }
  }
}
