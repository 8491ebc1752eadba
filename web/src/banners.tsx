import type { JSX } from 'preact';
import { useLive } from './live';
import type { ClusterStatus } from './types';

interface Banner {
  id: string;
  level: 'error' | 'warning';
  text: string;
}

/**
 * What an administrator must see on every page: this node is a pure slave, diverged from a peer,
 * disconnected from the cluster, refused by it, or has something to fix (`warnings` of the
 * session and of the node's status, e.g. a well-known password still in use).
 */
export function Banners(p: { warnings: string[] }): JSX.Element | null {
  const live = useLive();
  const banners: Banner[] = [];
  if (live.error) banners.push({ id: 'unreachable', level: 'error', text: `The node's cluster status cannot be read: ${live.error}` });
  if (live.status) banners.push(...statusBanners(live.status));
  p.warnings.forEach((w, i) => banners.push({ id: `session-warning-${i}`, level: 'warning', text: w }));
  if (banners.length === 0) return null;
  return (
    <div class="banners" role="region" aria-label="Node alerts">
      {banners.map((b) => (
        <p key={b.id} class={`banner ${b.level}`} data-banner={b.id} role={b.level === 'error' ? 'alert' : 'status'}>
          {b.text}
        </p>
      ))}
    </div>
  );
}

export function statusBanners(status: ClusterStatus): Banner[] {
  const node = status.node;
  const out: Banner[] = [];
  if (node.roles && !node.roles.master) {
    out.push({ id: 'pure-slave', level: 'warning', text: 'This node is a pure slave (Master is off): it only applies changes from other nodes, and refuses edits.' });
  }
  if (node.refused) out.push({ id: 'refused', level: 'error', text: `The cluster refused this node: ${node.refused}` });
  if (node.transport && !node.transport.connected) {
    const why = node.transport.lastError ? `: ${node.transport.lastError}` : '';
    out.push({ id: 'disconnected', level: 'error', text: `This node is disconnected from the cluster (${node.transport.kind} transport)${why}` });
  }
  const diverged = status.peers.filter((p) => p.diverged).map((p) => p.instanceName);
  if (diverged.length > 0) {
    out.push({ id: 'diverged', level: 'error', text: `This node's configuration differs from ${diverged.join(', ')} although both applied the same changes (diverged): repair it with a resync.` });
  }
  (node.warnings ?? []).forEach((w, i) => out.push({ id: `node-warning-${i}`, level: 'warning', text: typeof w === 'string' ? w : w.message }));
  return out;
}
