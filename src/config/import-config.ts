import type { ClientConfig } from './client-config.js';
import { loadClientConfig } from './client-config.js';

/** What `geocluster import` needs: the GeoServer it reads and the node it writes. */
export interface ImportConfig {
  /** The GeoServer to read, its base URL (http://host:8080/geoserver) and REST credentials. */
  source: ClientConfig;
  /** The node to seed (as `status` reaches it). */
  target: ClientConfig;
}

export const IMPORT_ENV_VARS = {
  GEOCLUSTER_IMPORT_USER: 'import: REST user of the GeoServer read with --from (default admin)',
  GEOCLUSTER_IMPORT_PASSWORD: 'import: its password (asked for on a terminal when unset)',
} as const;

/** --from is required; credentials for it come from the environment, else a prompt. */
export function loadImportConfig(flags: { from?: string; url?: string }, env: NodeJS.ProcessEnv = process.env): ImportConfig {
  const from = (flags.from ?? '').replace(/\/+$/, '').replace(/\/rest$/, '');
  return {
    source: { url: from, user: env.GEOCLUSTER_IMPORT_USER || 'admin', password: env.GEOCLUSTER_IMPORT_PASSWORD || undefined },
    target: loadClientConfig({ url: flags.url }, env),
  };
}
