/** What `geocluster status` and `geocluster resync` need to reach a node's REST API. */
export interface ClientConfig {
  /** The node's base URL, e.g. http://127.0.0.1:8080/geoserver */
  url: string;
  user: string;
  /** Absent: asked for on the terminal. */
  password?: string;
}

export const CLIENT_ENV_VARS = {
  GEOCLUSTER_URL: 'base URL of the node the status and resync commands ask (default http://127.0.0.1:8080/geoserver)',
  GEOSERVER_ADMIN_USER: 'REST user for status and resync (default admin)',
  GEOSERVER_ADMIN_PASSWORD: 'its password (asked for on a terminal when unset)',
} as const;

/** The client commands' settings: --url, else the environment, else the local node. */
export function loadClientConfig(flags: { url?: string }, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const url = (flags.url || env.GEOCLUSTER_URL || 'http://127.0.0.1:8080/geoserver').replace(/\/+$/, '').replace(/\/rest$/, '');
  return { url, user: env.GEOSERVER_ADMIN_USER || 'admin', password: env.GEOSERVER_ADMIN_PASSWORD || undefined };
}
