import { ConfigError } from './node-config.js';

export const UPSTREAM_ENV_VARS = {
  GEOCLUSTER_BRIDGE_UPSTREAM_MS: "how often the bridge polls the GeoServer's updateSequence for changes made in it directly, in ms (default 0: upstream off; e.g. 5000)",
} as const;

/**
 * The upstream poll interval of the bridge (docs/bridge-import.md); 0, the default, turns upstream
 * off: changes made in the GeoServer directly are then neither published nor reverted.
 */
export function loadUpstreamInterval(env: Readonly<Record<string, string | undefined>>): number {
  const text = (env.GEOCLUSTER_BRIDGE_UPSTREAM_MS ?? env['bridge.upstreamMs'])?.trim() || '0';
  if (!/^\d{1,7}$/.test(text) || (+text !== 0 && +text < 100)) throw new ConfigError(`GEOCLUSTER_BRIDGE_UPSTREAM_MS must be 0 or an integer from 100 to 9999999 (ms), got '${text}'`);
  return Number(text);
}
