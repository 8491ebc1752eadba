import { family, Histogram } from '../http/prometheus.js';
import type { ClusterStatus } from './status.js';

const DURATION_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600];

/**
 * The cluster's metrics, read from its status at scrape time (nothing on the hot path but the
 * counters the replicator keeps anyway), plus the durations of snapshots and resyncs.
 */
export class ClusterMetrics {
  private readonly snapshots = new Histogram('geocluster_snapshot_install_seconds', 'Snapshots taken from a peer and how long each took', DURATION_BUCKETS);
  private readonly resyncs = new Histogram('geocluster_resync_seconds', 'Resyncs run and how long each took', DURATION_BUCKETS);
  private resyncRepaired = 0;

  snapshotInstalled(millis: number): void {
    this.snapshots.observe({}, millis / 1000);
  }

  resynced(millis: number, repaired: number): void {
    this.resyncs.observe({}, millis / 1000);
    this.resyncRepaired += repaired;
  }

  render(status: ClusterStatus, byOrigin: ReadonlyMap<string, { applied: number; rejected: number }>): string {
    const n = status.node;
    const origins = [...byOrigin];
    const lag = status.peers.flatMap((p) => Object.entries(p.lag).map(([origin, value]) => ({ labels: { peer: p.instanceName, origin }, value })));
    return [
      family('geocluster_events_published_total', 'Own changes published to the journal', 'counter', [{ value: n.counters.published ?? 0 }]),
      family('geocluster_events_applied_total', 'Events from peers applied, per origin', 'counter', origins.map(([origin, t]) => ({ labels: { origin }, value: t.applied }))),
      family('geocluster_events_rejected_total', 'Events from peers rejected and dead-lettered, per origin', 'counter', origins.map(([origin, t]) => ({ labels: { origin }, value: t.rejected }))),
      family('geocluster_events_stale_total', 'Events from peers older than the version held (last writer wins)', 'counter', [{ value: n.counters.stale ?? 0 }]),
      family('geocluster_conflicts_total', 'Concurrent changes resolved by last writer wins', 'counter', [{ value: n.counters.conflicts ?? 0 }]),
      family('geocluster_dead_letters', 'Messages in the dead-letter folder', 'gauge', [{ value: n.deadLetters ?? 0 }]),
      family('geocluster_held_back', 'Events waiting for an earlier one', 'gauge', [{ value: n.heldBack }]),
      family('geocluster_unpublished', 'Own committed events the transport does not hold yet', 'gauge', [{ value: n.unpublished ?? 0 }]),
      family('geocluster_lag_events', "Events of an origin a peer has and this node has not", 'gauge', lag),
      family('geocluster_peer_digest_mismatch', 'Peers with the same cursors and another digest (diverged)', 'gauge', [{ value: status.peers.filter((p) => p.diverged).length }]),
      family('geocluster_peers', 'Peers heard from', 'gauge', [{ value: status.peers.length }]),
      family('geocluster_transport_connected', 'Whether the transport is connected (1) or not (0)', 'gauge', [{ value: n.transport.connected ? 1 : 0 }]),
      family('geocluster_objects', 'Configuration objects held', 'gauge', [{ value: n.objects ?? 0 }]),
      family('geocluster_journal_events', 'Events in the journal', 'gauge', [{ value: n.journal.events }]),
      family('geocluster_resync_repaired_total', 'Objects repaired by resyncs', 'counter', [{ value: this.resyncRepaired }]),
      this.snapshots.render(),
      this.resyncs.render(),
    ].join('');
  }
}
