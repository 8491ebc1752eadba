import type { ClusterStatus } from './types.js';

/**
 * What the cluster status says an administrator must see, as plain data (rendered by banners.tsx
 * and live.tsx): banners for every page, and why edits are refused.
 */
export interface Banner {
  id: string;
  level: 'error' | 'warning';
  text: string;
}

/** The banners of a status, most severe conditions first. */
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

/** Why this node refuses configuration changes, if it does: a pure slave, or refused by the cluster. */
export function editBlockedReason(status: ClusterStatus): string | undefined {
  const node = status.node;
  if (node.roles && !node.roles.master) {
    return `This node (${node.instanceName}) is a pure slave (toggleMaster=false): it refuses configuration changes. Make changes on a master node, or turn on Master on the Cluster page.`;
  }
  if (node.refused) return `The cluster refused this node: ${node.refused}. It accepts no configuration changes.`;
  return undefined;
}
