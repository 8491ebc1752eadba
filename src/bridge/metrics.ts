import { family } from '../http/prometheus.js';
import type { BridgeStatus } from './downstream.js';

/** The bridge's part of the node's /geoserver/metrics, from its status. */
export function bridgeMetrics(s: BridgeStatus): string {
  return (
    family('geocluster_bridge_connected', 'Whether the GeoServer answered the last REST call of the bridge (1) or not (0)', 'gauge', [{ value: s.connected ? 1 : 0 }]) +
    family('geocluster_bridge_cursor_lsn', 'Journal position of the last change the bridge handled', 'gauge', [{ value: s.cursor }]) +
    family('geocluster_bridge_lag_events', 'Journal positions the bridge has not handled yet', 'gauge', [{ value: s.lag }]) +
    family('geocluster_bridge_applied_total', 'Changes the GeoServer accepted', 'counter', [{ value: s.applied }]) +
    family('geocluster_bridge_refused_total', 'Changes the GeoServer refused (kept as dead letters)', 'counter', [{ value: s.refused }]) +
    family('geocluster_bridge_skipped_total', 'Changes no GeoServer REST call carries', 'counter', [{ value: s.skipped }]) +
    family('geocluster_bridge_full_passes_total', 'Times the whole state was sent to the GeoServer', 'counter', [{ value: s.fullPasses }])
  );
}
