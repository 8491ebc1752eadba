import { describe, expect, it } from 'vitest';
import { editBlockedReason, statusBanners } from '../../web/src/alerts.js';
import type { ClusterStatus } from '../../web/src/types.js';

const healthy: ClusterStatus = {
  node: { instanceName: 'a', roles: { master: true, slave: true }, digest: 'd1', transport: { kind: 'embedded', connected: true } },
  peers: [{ instanceName: 'b', digest: 'd1', diverged: false }],
};

// What the banners on every page and the edit lock read from GET /rest/cluster/status.json.
describe('status banners and the edit lock', () => {
  it('shows nothing for a healthy master', () => {
    expect(statusBanners(healthy)).toEqual([]);
    expect(editBlockedReason(healthy)).toBeUndefined();
  });

  it('a pure slave: a banner, and every edit refused with the reason', () => {
    const slave = { ...healthy, node: { ...healthy.node, roles: { master: false, slave: true } } };
    expect(statusBanners(slave).map((b) => b.id)).toEqual(['pure-slave']);
    expect(editBlockedReason(slave)).toMatch(/pure slave \(toggleMaster=false\)/);
  });

  it('refused, disconnected (with the transport\'s error), diverged, and the optional warnings', () => {
    const status: ClusterStatus = {
      node: {
        ...healthy.node,
        refused: "instanceName 'a' is already used by http://x",
        transport: { kind: 'embedded', connected: false, lastError: 'peer http://b: ECONNREFUSED' },
        warnings: ['The user admin still has the password geoserver', { message: 'Another thing' }],
      },
      peers: [{ instanceName: 'b', digest: 'd2', diverged: true }, { instanceName: 'c', digest: 'd3', diverged: false }],
    };
    const banners = statusBanners(status);
    expect(banners.map((b) => [b.id, b.level])).toEqual([
      ['refused', 'error'],
      ['disconnected', 'error'],
      ['diverged', 'error'],
      ['node-warning-0', 'warning'],
      ['node-warning-1', 'warning'],
    ]);
    expect(banners[1].text).toBe('This node is disconnected from the cluster (embedded transport): peer http://b: ECONNREFUSED');
    expect(banners[2].text).toMatch(/^This node's configuration differs from b although/);
    expect(banners[4].text).toBe('Another thing');
    expect(editBlockedReason(status)).toMatch(/^The cluster refused this node/);
  });
});
