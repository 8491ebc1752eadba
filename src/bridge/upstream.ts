import type { ConfigSnapshot } from './config-entry.js';
import { changesSince, converge, diffConfigurations, driftReport, type ConvergeResult, type Difference, type DriftReport } from './drift.js';
import { readConfiguration, readUpdateSequence } from './geoserver-reader.js';
import type { RestEndpoint } from './rest-endpoint.js';
import { restWriter } from './rest-writer.js';

/** What the bridge did with the drift of one round; the status shows the last one. */
export interface DriftRound extends DriftReport {
  /** published: applied to the node (a master); reverted: the GeoServer set back (a pure slave). */
  action: 'none' | 'published' | 'reverted';
  /** The GeoServer's updateSequence this round read at. */
  updateSequence?: number;
  result?: ConvergeResult;
  /** Why the round did not compare (the GeoServer cannot be read, changes still on their way). */
  skipped?: string;
}

export interface UpstreamOptions {
  /** The co-located GeoServer. */
  geoserver: RestEndpoint;
  /** This node's own REST API (what the bridge keeps the GeoServer in step with). */
  node: RestEndpoint;
  /** Whether this node may make changes (cluster.properties toggleMaster); read at every round. */
  isMaster(): boolean;
  /**
   * Whether every change of the node has reached the GeoServer (the downstream cursor is at the
   * journal's head). Until then a difference may be a change still on its way, not drift.
   */
  settled?(): boolean | Promise<boolean>;
  /** Sets one object of the GeoServer back to the node's state (default: GeoServer REST calls). */
  revert?(d: Difference): Promise<void>;
  /** Applies one change found in the GeoServer to the node as its local change (default: the node's REST API). */
  publish?(d: Difference): Promise<void>;
  concurrency?: number;
  /**
   * Least time between two comparisons, in ms: the signal also moves with every change the
   * downstream sends, and a comparison reads both configurations whole. Default 0.
   */
  minCompareMs?: number;
}

/**
 * Keeps watch over changes made directly in the GeoServer (its web UI or REST). The cheap signal
 * is updateSequence in GET /rest/settings, which GeoServer increments on every catalog or
 * configuration change (org.geoserver.config.UpdateSequenceListener); only when it (or the
 * node's own) has moved are both configurations read and compared. On a master, what differs is
 * applied to the node as this node's local changes, so it replicates to the cluster; on a pure
 * slave it is reported as drift and reverted. The first round (on connection) converges the
 * GeoServer to the node whatever the role: what changed in it while nobody watched is drift.
 * A master publishes only what changed in the GeoServer since the previous round (changesSince):
 * an object the GeoServer never received (a change it refused) is not removed from the cluster. Users are never removed from the node this way:
 * REST shows no password, so a user missing in the GeoServer is not a user to delete.
 */
export class UpstreamWatch {
  private seen: { geoserver?: number; node?: number } = {};
  private comparedAt = 0;
  private last: DriftRound | undefined;
  private lastFound: DriftRound | undefined;
  /** The GeoServer as the last round left it: what a master's next round finds changed since. */
  private baseline: ConfigSnapshot | undefined;

  constructor(private readonly options: UpstreamOptions) {}

  /** The last round that compared (what the status shows). */
  get lastRound(): DriftRound | undefined {
    return this.last;
  }

  /** The last round that found drift, and what was done with it. */
  get lastDrift(): DriftRound | undefined {
    return this.lastFound;
  }

  /** One round: poll, and if anything moved, compare and act. `force` compares whatever the signal says. */
  async round(force = false): Promise<DriftRound> {
    const { geoserver, node } = this.options;
    const [gs, own] = await Promise.all([readUpdateSequence(geoserver), readUpdateSequence(node)]);
    if (gs === undefined) return this.skip(`cannot read updateSequence of ${geoserver.url}`);
    const unmoved = gs === this.seen.geoserver && own === this.seen.node;
    const tooSoon = Date.now() - this.comparedAt < (this.options.minCompareMs ?? 0);
    if (!force && (unmoved || tooSoon)) return { ...(this.last ?? emptyRound()), action: 'none' };
    if (this.options.settled && !(await this.options.settled())) return this.skip('changes of the node are still on their way to the GeoServer');
    this.comparedAt = Date.now();
    const [fromGeoServer, fromNode] = await Promise.all([readConfiguration(geoserver, this.options), readConfiguration(node, this.options)]);
    const unreadable = [...fromGeoServer.failures, ...fromNode.failures][0];
    if (unreadable) return this.skip(`cannot read ${unreadable.path}: ${unreadable.reason}`);
    const round = await this.act(fromGeoServer, fromNode, gs);
    // the numbers this round read at: what the round itself changed (and whatever was changed
    // meanwhile, which a later reading would hide) moves them, so the next poll compares once more
    this.seen = { geoserver: gs, node: own };
    this.last = round;
    if (round.total > 0) this.lastFound = round;
    return round;
  }

  private async act(fromGeoServer: ConfigSnapshot, fromNode: ConfigSnapshot, updateSequence: number): Promise<DriftRound> {
    const concurrency = this.options.concurrency ?? 8;
    // on connection the node is the truth: a GeoServer that was changed while unwatched is set back;
    // afterwards a master takes over what changed in the GeoServer since the last round
    const baseline = this.baseline;
    if (baseline && this.options.isMaster()) {
      const diffs = changesSince(fromGeoServer, baseline, fromNode).filter((d) => !(d.kind === 'extra' && d.family === 'securityUser'));
      const publish = this.options.publish ?? restWriter(this.options.node);
      const result = diffs.length ? await converge(diffs, publish, concurrency) : undefined;
      this.baseline = fromGeoServer;
      return { ...driftReport(diffs), action: diffs.length ? 'published' : 'none', updateSequence, result };
    }
    const diffs = diffConfigurations(fromNode, fromGeoServer);
    const revert = this.options.revert ?? restWriter(this.options.geoserver);
    const result = diffs.length ? await converge(diffs, revert, concurrency) : undefined;
    // what the GeoServer holds now: read again only when the round changed it
    this.baseline = diffs.length ? await readConfiguration(this.options.geoserver, this.options) : fromGeoServer;
    return { ...driftReport(diffs), action: diffs.length ? 'reverted' : 'none', updateSequence, result };
  }

  private skip(reason: string): DriftRound {
    return { ...emptyRound(), action: 'none', skipped: reason };
  }
}

function emptyRound(): DriftReport {
  return driftReport([]);
}

/**
 * Runs rounds every `intervalMs` until closed; one round at a time. A round that fails is kept as
 * the last error and the next one tries again.
 */
export class UpstreamLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  lastError: string | undefined;

  constructor(
    readonly watch: UpstreamWatch,
    private readonly intervalMs: number,
    private readonly compared?: (round: DriftRound) => void,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.watch.round().then(
        (round) => {
          // changes still on their way to the GeoServer are no error: the next round compares
          this.lastError = round.skipped?.startsWith('cannot') ? round.skipped : undefined;
          if (round.action !== 'none') this.compared?.(round);
        },
        (err: unknown) => void (this.lastError = (err as Error).message),
      );
      void this.running.then(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
