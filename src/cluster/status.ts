import type { ClusterSettings } from '../config/cluster-properties.js';
import type { HeartbeatSource } from '../transports/ports.js';
import type { PeerHeartbeat, TransportStatus } from '../transports/transport.js';
import type { Bootstrap, BootstrapProgress } from './bootstrap.js';
import type { Compaction, CompactionState } from './compaction.js';
import type { DeadLetters } from './dead-letters.js';
import type { ConfigDigest } from './digest.js';
import type { Journal } from './journal.js';
import type { Replicator } from './replicator.js';
import type { TransportLifecycle } from './transport-lifecycle.js';

export interface PeerStatus extends PeerHeartbeat {
  /** How far this node is behind the peer's own changes (its seq minus our cursor for it). */
  lag: Record<string, number>;
  lastSeenMillisAgo: number;
  /** Same cursors, different digest: the two nodes hold different configurations. */
  diverged: boolean;
}

export interface ClusterStatus {
  node: PeerHeartbeat & {
    readOnly: boolean;
    transport: TransportStatus;
    heldBack: number;
    counters: Record<string, number>;
    conflicts: Array<{ at: number; key: string; detail: unknown }>;
    lastDeadLetter?: { at: string; reason: string; origin?: string; seq?: number };
    journal: CompactionState;
    /** Set while this node takes a snapshot from a peer. */
    snapshot?: BootstrapProgress;
  };
  peers: PeerStatus[];
}

export interface NodeStatusOptions {
  settings: () => ClusterSettings;
  /** This node's base URL as peers reach it, once the node listens. */
  url: () => string | undefined;
  journal: Journal;
  digest: ConfigDigest;
  deadLetters: DeadLetters;
  replicator: Replicator;
  transport: TransportLifecycle;
  compaction: Compaction;
  bootstrap: Bootstrap;
}

/**
 * What this node says about itself (its heartbeat, DESIGN §3.5) and what it has heard from its
 * peers: GET /rest/cluster/status shows both, with each peer's lag and whether it diverged.
 */
export class NodeStatus implements HeartbeatSource {
  private readonly beats = new Map<string, PeerHeartbeat & { seenAt: number }>();

  constructor(private readonly o: NodeStatusOptions) {}

  heartbeat(): PeerHeartbeat {
    const s = this.o.settings();
    return {
      instanceName: s.instanceName,
      group: s.group,
      url: this.o.url(),
      roles: { master: s.toggleMaster, slave: s.toggleSlave },
      cursors: this.o.journal.cursors(),
      horizons: this.o.journal.horizons(),
      digest: this.o.digest.value,
      objects: this.o.digest.count,
      unpublished: this.o.transport.unpublished(),
      deadLetters: this.o.deadLetters.total,
      lastError: this.o.replicator.lastError,
      at: Date.now(),
    };
  }

  /** A peer's heartbeat, as a transport delivered it. */
  heard(peer: PeerHeartbeat): void {
    this.beats.set(peer.instanceName, { ...peer, seenAt: Date.now() });
  }

  status(): ClusterStatus {
    const self = this.heartbeat();
    const dl = this.o.deadLetters.latest;
    return {
      node: {
        ...self,
        readOnly: this.o.settings().readOnly,
        transport: this.o.transport.status(),
        heldBack: this.o.replicator.heldBack,
        counters: { ...this.o.replicator.counters },
        conflicts: this.o.journal.conflicts(20),
        lastDeadLetter: dl ? { at: dl.at, reason: dl.reason, origin: dl.origin, seq: dl.seq } : undefined,
        journal: this.o.compaction.state(),
        snapshot: this.o.bootstrap.progress,
      },
      peers: this.peers(self),
    };
  }

  private peers(self: PeerHeartbeat): PeerStatus[] {
    const mine = self.cursors ?? {};
    const now = Date.now();
    return [...this.beats.values()]
      .filter((b) => b.instanceName !== self.instanceName)
      .map((b): PeerStatus => {
        const lag: Record<string, number> = {};
        for (const [origin, seq] of Object.entries(b.cursors ?? {})) {
          const behind = seq - (mine[origin] ?? 0);
          if (behind > 0) lag[origin] = behind;
        }
        const { seenAt, ...beat } = b;
        return { ...beat, lag, lastSeenMillisAgo: now - seenAt, diverged: sameCursors(mine, b.cursors ?? {}) && b.digest !== self.digest };
      })
      .sort((a, b) => a.instanceName.localeCompare(b.instanceName));
  }
}

function sameCursors(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}
