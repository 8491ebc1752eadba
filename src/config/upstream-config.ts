import { ConfigError } from './node-config.js';

/** Cheap: a poll is one GET of the GeoServer's settings; configurations are compared only when it moved. */
const DEFAULT_UPSTREAM_MS = 5000;

export const UPSTREAM_ENV_VARS = {
  GEOCLUSTER_BRIDGE_UPSTREAM_MS: "how often the bridge polls the GeoServer's updateSequence for changes made in it directly, in ms (default 5000; 0 turns upstream off)",
} as const;

/**
 * The upstream poll interval of the bridge (docs/bridge-import.md), 5 s unless set: a bridged
 * master publishes what is changed in its GeoServer directly, a pure slave reverts it. 0 turns
 * upstream off: such changes are then neither published nor reverted.
 */
export function loadUpstreamInterval(env: Readonly<Record<string, string | undefined>>): number {
  const text = (env.GEOCLUSTER_BRIDGE_UPSTREAM_MS ?? env['bridge.upstreamMs'])?.trim() || String(DEFAULT_UPSTREAM_MS);
  if (!/^\d{1,7}$/.test(text) || (+text !== 0 && +text < 100)) throw new ConfigError(`GEOCLUSTER_BRIDGE_UPSTREAM_MS must be 0 or an integer from 100 to 9999999 (ms), got '${text}'`);
  return Number(text);
}
