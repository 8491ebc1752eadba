import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import type { DataDirPersister } from '../datadir/persister.js';
import type { ResourceStore } from '../datadir/resources.js';
import type { Logger } from '../logger.js';
import type { RestRequest } from './http.js';
import type { ClusterApi } from './routes/cluster.js';

/** What the REST endpoints work with; built once in main.ts. */
export interface RestContext {
  catalog: Catalog;
  dataDir: string;
  persister: DataDirPersister;
  /** Files of the data directory (style bodies, icons, /rest/resource). */
  resources: ResourceStore;
  log: Logger;
  /** Makes the changes made so far durable (journal, then data directory) before answering. */
  commit(): Promise<void>;
  /** Re-reads the data directory into the catalog (POST /rest/reload); publishes nothing. */
  reload(): Promise<void>;
  /** The cluster side, when clustering is on. */
  cluster?: ClusterApi;
  /** Clears caches (POST /rest/reset); this node keeps none that outlive a request. */
  reset(): void;
  /**
   * How many changes this node has made or applied (node-local, never replicated): added to the
   * global settings' stored updateSequence in GET /rest/settings, as GeoServer's
   * UpdateSequenceListener increments it on every catalog or configuration change.
   */
  changeCount?(): number;
}

/** The change context of a REST request: local, with the query parameters that matter downstream. */
export function localChange(req: RestRequest): ChangeContext {
  const params: Record<string, string> = {};
  for (const key of ['purge', 'recurse']) {
    const v = req.query.get(key);
    if (v !== null) params[key] = v;
  }
  return { source: 'local', params };
}
