import type { BridgeConfig } from '../config/bridge-config.js';
import type { Logger } from '../logger.js';
import type { BridgeStatus } from './downstream.js';
import { basicEndpoint, type RestEndpoint } from './rest-endpoint.js';
import { UpstreamLoop, UpstreamWatch, type DriftRound } from './upstream.js';

export interface UpstreamStatus {
  /** How often updateSequence is polled, in ms. */
  intervalMs: number;
  lastError?: string;
  /** The last round that compared. */
  lastRound?: DriftRound;
  /** The last round that found drift, and what was done with it. */
  lastDrift?: DriftRound;
}

export interface Upstream {
  status(): UpstreamStatus;
  close(): Promise<void>;
}

/**
 * The bridge's upstream half, beside its downstream (start.ts): polls the GeoServer for changes
 * made in it directly and, once the downstream has sent every change of the node, publishes them
 * (a master) or reverts them (a pure slave). `node` is the node's own REST API in process.
 */
export function startUpstream(o: { config: BridgeConfig; node: RestEndpoint; isMaster(): boolean; downstream(): BridgeStatus; intervalMs: number; log: Logger }): Upstream {
  const geoserver = basicEndpoint(o.config.url, o.config.user, o.config.password(), o.config.timeoutMs);
  const watch = new UpstreamWatch({
    geoserver,
    node: o.node,
    isMaster: o.isMaster,
    // a comparison reads both configurations whole: at most one every ten polls
    minCompareMs: 10 * o.intervalMs,
    settled: () => {
      const d = o.downstream();
      return d.state === 'following' && d.lag === 0;
    },
  });
  const loop = new UpstreamLoop(watch, o.intervalMs, (round) => {
    if (round.total > 0) o.log.warn({ action: round.action, drift: round.byFamily, failures: round.result?.failures.length ?? 0 }, `the GeoServer had ${round.total} differences from this node: ${round.action}`);
  });
  loop.start();
  return {
    status: () => ({ intervalMs: o.intervalMs, lastError: loop.lastError, lastRound: watch.lastRound, lastDrift: watch.lastDrift }),
    close: () => loop.close(),
  };
}
