import type { JSX } from 'preact';
import { useLive } from './live.js';
import { statusBanners, type Banner } from './alerts.js';

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
