import type { BridgeStatus } from '../bridge/downstream.js';
import type { UpstreamStatus } from '../bridge/upstream-start.js';
import type { RestClient } from './client.js';

interface Beat {
  instanceName: string;
  roles?: { master: boolean; slave: boolean };
  digest?: string;
  unpublished?: number;
  deadLetters?: number;
  lastError?: string;
}
interface StatusJson {
  cluster: {
    node: Beat & { transport: { connected: boolean; lastError?: string }; counters: Record<string, number>; heldBack: number };
    peers: Array<Beat & { lag: Record<string, number>; lastSeenMillisAgo: number; diverged: boolean }>;
    /** This node's GeoServer bridge (docs/bridge.md), when it has one. */
    bridge?: BridgeStatus;
    bridgeUpstream?: UpstreamStatus;
  };
}

const HEADERS = ['NODE', 'ROLES', 'CONNECTED', 'LAG', 'DIGEST', 'UNPUBLISHED', 'DEAD LETTERS', 'CONFLICTS', 'LAST ERROR'];
/** A peer not heard from for this long is shown as disconnected. */
const SILENT_MS = 5000;

/** `geocluster status`: the cluster as one node sees it, as a table or as the node's JSON. */
export async function statusCommand(client: RestClient, json: boolean, out: (s: string) => void): Promise<void> {
  const status = (await client.json('GET', '/cluster/status.json')) as StatusJson;
  if (json) return out(JSON.stringify(status, null, 2) + '\n');
  out(`cluster as seen from ${client.url}\n\n${table([HEADERS, ...rows(status)])}`);
  const { bridge, bridgeUpstream } = status.cluster;
  if (bridge) out(`\n${bridgeLines(bridge, bridgeUpstream).join('\n')}\n`);
}

/** The GeoServer this node keeps in step: connection, cursor and lag, refusals, the last drift. */
function bridgeLines(b: BridgeStatus, up: StatusJson['cluster']['bridgeUpstream']): string[] {
  const lines = [
    `GeoServer bridge to ${b.url}: ${b.connected ? 'connected' : 'NOT CONNECTED'}, ${b.state}`,
    `  cursor ${b.cursor} of ${b.head} (lag ${b.lag}), ${b.applied} applied, ${b.refused} refused${b.refused > 0 ? ' (see the dead letters)' : ''}`,
  ];
  if (b.lastError) lines.push(`  last error: ${b.lastError}`);
  if (!up) return lines;
  const drift = up.lastDrift;
  lines.push(up.intervalMs > 0 ? `  upstream: every ${up.intervalMs} ms; ${drift ? `last drift ${drift.at}: ${drift.total} difference(s), ${drift.action}` : 'no drift found'}` : '  upstream: off');
  if (up.lastError) lines.push(`  upstream error: ${up.lastError}`);
  return lines;
}

function rows(s: StatusJson): string[][] {
  const { node, peers } = s.cluster;
  const self = [
    `${node.instanceName} (this)`, roles(node), node.transport.connected ? 'yes' : 'no',
    node.heldBack > 0 ? `${node.heldBack} held back` : '-', 'reference', String(node.unpublished ?? 0),
    String(node.deadLetters ?? 0), String(node.counters.conflicts ?? 0), node.lastError ?? node.transport.lastError ?? '',
  ];
  return [self, ...peers.map((p) => [
    p.instanceName, roles(p), p.lastSeenMillisAgo < SILENT_MS ? 'yes' : `no (${Math.round(p.lastSeenMillisAgo / 1000)} s)`,
    Object.entries(p.lag).map(([o, n]) => `${o}:${n}`).join(' ') || '0',
    p.digest === node.digest ? 'match' : p.diverged ? 'DIVERGED' : 'differs (catching up)',
    String(p.unpublished ?? 0), String(p.deadLetters ?? 0), '-', p.lastError ?? '',
  ])];
}

function roles(b: Beat): string {
  return [b.roles?.master ? 'master' : '', b.roles?.slave ? 'slave' : ''].filter(Boolean).join('+') || '-';
}

function table(lines: string[][]): string {
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}
