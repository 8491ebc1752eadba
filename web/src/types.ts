/** GET /rest/cluster/status.json, as far as the UI reads it. */
export interface Heartbeat {
  instanceName: string;
  group?: string;
  url?: string;
  roles?: { master: boolean; slave: boolean };
  cursors?: Record<string, number>;
  digest?: string;
  objects?: number;
  unpublished?: number;
  deadLetters?: number;
  lastError?: string;
}

export interface NodeStatus extends Heartbeat {
  readOnly?: boolean;
  transport?: { kind: string; connected: boolean; lastError?: string };
  heldBack?: number;
  counters?: Record<string, number>;
  conflicts?: Array<{ at: number; key: string; detail?: unknown }>;
  lastDeadLetter?: { at: string; reason: string; origin?: string; seq?: number };
  /** Why the cluster refuses this node, when it does (optional; older nodes say it in transport.lastError). */
  refused?: string;
  /** Things an administrator must fix, each shown as a banner (optional). */
  warnings?: Array<string | { message: string }>;
}

export interface PeerStatus extends Heartbeat {
  lag?: Record<string, number>;
  lastSeenMillisAgo?: number;
  diverged?: boolean;
}

export interface ClusterStatus {
  node: NodeStatus;
  peers: PeerStatus[];
  /** The GeoServer this node keeps in step (docs/bridge.md), when it has one. */
  bridge?: BridgeStatus;
  /** What the bridge finds changed directly in that GeoServer (src/bridge/upstream.ts). */
  bridgeUpstream?: { intervalMs: number; lastError?: string; lastDrift?: DriftRound };
}

/** One round of the bridge upstream that found drift: published (a master) or reverted (a pure slave). */
export interface DriftRound {
  at: string;
  total: number;
  action: string;
}

/** The `bridge` entry of the cluster status (src/bridge/downstream.ts). */
export interface BridgeStatus {
  url: string;
  connected: boolean;
  state: string;
  cursor: number;
  head: number;
  lag: number;
  applied: number;
  refused: number;
  skipped: number;
  fullPasses: number;
  lastError?: string;
  lastRefusal?: { at: string; type: string; id: string; status: number; message: string };
}

/** GET /rest/ui/search */
export interface SearchHit {
  name: string;
  workspace?: string;
  type: string;
  path: string;
  collection?: string;
  resource?: string;
}

export interface SearchPage {
  total: number;
  offset: number;
  limit: number;
  items: SearchHit[];
}
