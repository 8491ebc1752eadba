import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/node-process.js';
import { browserOnCluster, LIVE, logIn, screenshot } from './browser.js';

/**
 * The Cluster page's per-peer Resync (POST /rest/cluster/resync?peer=NAME) on two real nodes: the
 * node's report of what it compared and changed is shown under the nodes table.
 */
describe('web admin UI: resync from a peer', () => {
  const ui = browserOnCluster(['rs-a', 'rs-b']);
  const { nodes } = ui;
  let a: Page;

  beforeAll(async () => {
    a = await ui.browser.page();
  });

  it('resyncs node A from peer B and shows the report', async () => {
    // a bad `full` is refused (400) by the endpoint before it does anything; a node without it says 404
    const probe = await call(nodes[0], 'POST', '/cluster/resync?full=maybe');
    if (probe.status !== 400) throw new Error(`this node has no POST /rest/cluster/resync (${probe.status}: ${probe.text}): the resync endpoint must be merged first`);

    await logIn(a, nodes[0]);
    const row = a.getByRole('table', { name: 'Cluster nodes' }).locator('tr[data-node="rs-b"]');
    await row.locator('td', { hasText: 'same' }).waitFor(LIVE);
    await expect(a.locator('tr[data-node="rs-a"]').getByRole('button', { name: /Resync/ }).count()).resolves.toBe(0);
    await row.getByRole('button', { name: 'Resync from rs-b' }).click();
    const report = a.getByRole('region', { name: 'Resync report' });
    await report.filter({ hasText: 'Resync from rs-b' }).filter({ hasText: 'nothing differed' }).waitFor(LIVE);
    await screenshot(a, 'cluster-resync');
  });
});
