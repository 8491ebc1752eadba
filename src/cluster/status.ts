import type { PeerHeartbeat } from '../transports/transport.js';
import type { ClusterNode } from './cluster-node.js';

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
    transport: ReturnType<ClusterNode['transport']['status']>;
    heldBack: number;
    counters: Record<string, number>;
    conflicts: Array<{ at: number; key: string; detail: unknown }>;
    lastDeadLetter?: { at: string; reason: string; origin?: string; seq?: number };
  };
  peers: PeerStatus[];
}

/** GET /rest/cluster/status: this node and every peer it hears from (DESIGN §3.5). */
export function clusterStatus(node: ClusterNode, beats: Array<PeerHeartbeat & { seenAt: number }>): ClusterStatus {
  const self = node.heartbeat();
  const mine = self.cursors ?? {};
  const now = Date.now();
  const peers = beats
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
  const dl = node.deadLetters.latest;
  return {
    node: {
      ...self,
      readOnly: node.current.readOnly,
      transport: node.transport.status(),
      heldBack: node.replicator.heldBack,
      counters: { ...node.replicator.counters },
      conflicts: node.journal.conflicts(20),
      lastDeadLetter: dl ? { at: dl.at, reason: dl.reason, origin: dl.origin, seq: dl.seq } : undefined,
    },
    peers,
  };
}

function sameCursors(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}
