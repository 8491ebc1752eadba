/**
 * Which peer this node takes each origin's events from (docs/adr/0006). Normally an origin's events
 * come from the origin itself, on the stream of its own events: each event arrives about once.
 * An origin is *relayed* by one other peer while this node has no live stream from it, or while
 * this node makes no progress on it although a peer reports more of it in its heartbeat cursors;
 * the relay ends once the origin is followed directly again and this node makes progress. Both
 * changes wait for `graceMs`, so a link that is merely reconnecting, or events in flight, change
 * nothing.
 */

/** A peer as the embedded transport sees it now. */
export interface PeerView {
  url: string;
  /** Its instanceName, from its hello (undefined until it has said hello once). */
  instanceName?: string;
  /** Its stream is open and admitted. */
  connected: boolean;
  /** Its cursors, from its last heartbeat. */
  cursors?: Record<string, number>;
}

interface OriginState {
  /** Whether this node wants the origin relayed, and since when that has been so. */
  wanted: boolean;
  since: number;
  /** The relay in use, by peer URL. */
  relay?: string;
  /** This node's cursor for the origin when it last moved, and when. */
  cursor: number;
  movedAt: number;
}

export interface OriginRoutesOptions {
  /** How long a change of coverage must last before a relay is opened or closed. */
  graceMs: number;
  now?: () => number;
}

export class OriginRoutes {
  private readonly origins = new Map<string, OriginState>();
  private readonly now: () => number;

  constructor(private readonly o: OriginRoutesOptions) {
    this.now = o.now ?? Date.now;
  }

  /**
   * The origins to take from each peer besides its own events, by peer URL (only peers that relay
   * something are listed), given this node's name, its cursors and its peers as they are now.
   */
  plan(self: string, mine: Record<string, number>, peers: readonly PeerView[]): Map<string, string[]> {
    const now = this.now();
    const known = new Set<string>(Object.keys(mine));
    for (const p of peers) {
      if (p.instanceName) known.add(p.instanceName);
      for (const origin of Object.keys(p.cursors ?? {})) known.add(origin);
    }
    known.delete(self);
    const routes = new Map<string, string[]>();
    for (const origin of known) {
      const relay = this.route(origin, mine[origin] ?? 0, peers, now);
      if (relay) routes.set(relay, [...(routes.get(relay) ?? []), origin].sort());
    }
    for (const origin of this.origins.keys()) if (!known.has(origin)) this.origins.delete(origin);
    return routes;
  }

  /** The origins relayed now, with the peer relaying each (for status). */
  relayed(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [origin, s] of this.origins) if (s.relay) out[origin] = s.relay;
    return out;
  }

  /** The peer URL relaying `origin`, or undefined when it is followed directly. */
  private route(origin: string, cursor: number, peers: readonly PeerView[], now: number): string | undefined {
    let s = this.origins.get(origin);
    if (!s) this.origins.set(origin, (s = { wanted: false, since: now, cursor, movedAt: now }));
    if (cursor !== s.cursor) {
      s.cursor = cursor;
      s.movedAt = now;
    }
    const direct = peers.some((p) => p.connected && p.instanceName === origin);
    const ahead = Math.max(0, ...peers.filter((p) => p.connected).map((p) => p.cursors?.[origin] ?? 0));
    const stuck = ahead > cursor && now - s.movedAt >= this.o.graceMs;
    // narrowing while still behind loses nothing: the origin's own stream resumes from the cursors
    const wanted = !direct || stuck;
    if (wanted !== s.wanted) {
      s.wanted = wanted;
      s.since = now;
    }
    if (now - s.since < this.o.graceMs && !(wanted && stuck)) return s.relay;
    s.relay = wanted ? choose(origin, s.relay, cursor, peers) : undefined;
    return s.relay;
  }
}

/**
 * The relay for an origin: the connected peer (not the origin) that reports the most of it; the
 * current one is kept while it still has more to give or is as far as any other.
 */
function choose(origin: string, current: string | undefined, cursor: number, peers: readonly PeerView[]): string | undefined {
  const candidates = peers.filter((p) => p.connected && p.instanceName !== undefined && p.instanceName !== origin);
  if (candidates.length === 0) return undefined;
  const has = (p: PeerView) => p.cursors?.[origin] ?? 0;
  const best = candidates.reduce((a, b) => (has(b) > has(a) || (has(b) === has(a) && b.url < a.url) ? b : a));
  const kept = candidates.find((p) => p.url === current);
  if (kept && (has(kept) > cursor || has(kept) >= has(best))) return kept.url;
  return best.url;
}
