import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useLive } from '../live.js';
import { ResyncButton, ResyncResult, type ResyncOutcome } from './resync.js';
import type { ClusterStatus, Heartbeat, NodeStatus, PeerStatus } from '../types.js';

/** A peer not heard from for this long is shown as not connected. */
const SILENT_MS = 10_000;

interface Row {
  beat: Heartbeat;
  self: boolean;
  connected: boolean;
  seen: string;
  conflicts?: number;
  /** Against this node's digest: the same configuration, diverged, or not yet (still applying changes). */
  digestMatch: 'same' | 'diverged' | 'catching up' | '';
}

/**
 * Every node this node knows (itself and the peers it hears from): roles, connection, how far
 * behind each origin's changes it is, whether its configuration matches, backlog, dead letters,
 * conflicts and last error. Refreshed with each status poll.
 */
export function NodesTable(): JSX.Element {
  const { status } = useLive();
  const [resync, setResync] = useState<ResyncOutcome>();
  if (!status) return <p class="loading">Waiting for the cluster status…</p>;
  const rows = rowsOf(status);
  const latest = latestSeqs(rows.map((r) => r.beat));
  return (
    <div class="stack">
    <div class="table-wrap">
      <table class="nodes" aria-label="Cluster nodes">
        <thead>
          <tr>
            {['Node', 'Roles', 'Connected', 'Lag per origin', 'Configuration', 'Unpublished', 'Dead letters', 'Conflicts', 'Last error', 'Repair'].map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.beat.instanceName} data-node={r.beat.instanceName}>
              <th scope="row">
                {r.beat.instanceName}
                {r.self && <span class="tag">this node</span>}
                {r.beat.url && <small class="url">{r.beat.url}</small>}
              </th>
              <td data-label="Roles">{roles(r.beat)}</td>
              <td data-label="Connected" class={r.connected ? 'ok' : 'bad'}>
                <span>
                  {r.connected ? 'yes' : 'no'}
                  {r.seen && <small> {r.seen}</small>}
                </span>
              </td>
              <td data-label="Lag per origin">{lag(r.beat, latest)}</td>
              <td data-label="Configuration" class={r.digestMatch === 'diverged' ? 'bad' : undefined}>{r.digestMatch || '—'}</td>
              <td data-label="Unpublished">{r.beat.unpublished ?? 0}</td>
              <td data-label="Dead letters" class={(r.beat.deadLetters ?? 0) > 0 ? 'bad' : undefined}>{r.beat.deadLetters ?? 0}</td>
              <td data-label="Conflicts">{r.conflicts ?? '—'}</td>
              <td data-label="Last error" class={r.beat.lastError ? 'last-error' : undefined}>{r.beat.lastError || '—'}</td>
              <td data-label="Repair">{r.self ? '—' : <ResyncButton peer={r.beat.instanceName} busy={Boolean(resync?.running)} onOutcome={setResync} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <ResyncResult outcome={resync} />
    </div>
  );
}

function rowsOf(status: ClusterStatus): Row[] {
  const node: NodeStatus = status.node;
  const self: Row = {
    beat: { ...node, lastError: node.lastError ?? node.transport?.lastError },
    self: true,
    connected: Boolean(node.transport?.connected),
    seen: '',
    conflicts: node.counters?.conflicts ?? node.conflicts?.length ?? 0,
    digestMatch: '',
  };
  const peers = status.peers.map((p: PeerStatus): Row => {
    const ago = p.lastSeenMillisAgo ?? 0;
    const same = p.digest === node.digest;
    return {
      beat: p,
      self: false,
      connected: ago < SILENT_MS,
      seen: `(${Math.round(ago / 1000)} s ago)`,
      digestMatch: same ? 'same' : p.diverged ? 'diverged' : 'catching up',
    };
  });
  return [self, ...peers];
}

/** The highest seq any node has applied, per origin: what "up to date" means. */
function latestSeqs(beats: Heartbeat[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of beats) for (const [origin, seq] of Object.entries(b.cursors ?? {})) out[origin] = Math.max(out[origin] ?? 0, seq);
  return out;
}

function lag(beat: Heartbeat, latest: Record<string, number>): string {
  const behind = Object.entries(latest)
    .map(([origin, seq]) => [origin, seq - (beat.cursors?.[origin] ?? 0)] as const)
    .filter(([, n]) => n > 0);
  return behind.length === 0 ? 'none' : behind.map(([o, n]) => `${o}: ${n}`).join(', ');
}

function roles(b: Heartbeat): string {
  if (!b.roles) return '?';
  return [b.roles.master && 'master', b.roles.slave && 'slave'].filter(Boolean).join(', ') || 'none';
}
