import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type NodeProcess } from '../helpers/node-process.js';
import { Browser, logIn, screenshot } from '../ui/browser.js';
import { bridgeEnv, caughtUp, passwordFile, startStandIn } from './helpers.js';

/** The web UI's cluster page shows the bridge's state from the cluster status (docs/bridge.md). */
describe('web admin UI: GeoServer bridge', () => {
  let standIn: NodeProcess;
  let node: NodeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    standIn = await startStandIn('ui-standin');
    // upstream on: what is made directly in the GeoServer is found and published (docs/bridge.md)
    node = await startNode({ env: { instanceName: 'ui-bridged', ...bridgeEnv(standIn, passwordFile()), GEOCLUSTER_BRIDGE_UPSTREAM_MS: '200' } });
    await caughtUp(node);
    browser = await Browser.launch([node]);
    page = await browser.page();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([node, standIn].filter(Boolean).map((n) => n.stop()));
  });

  it('shows the GeoServer, whether it is connected, the cursor and the refusals', async () => {
    await logIn(page, node);
    const table = page.getByRole('table', { name: 'GeoServer bridge' });
    await table.waitFor({ timeout: 15_000 });
    await page.getByTestId('bridge-connected').filter({ hasText: 'yes' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('bridge-geoserver').textContent()).toBe(standIn.rest.replace(/\/rest$/, ''));
    expect(await page.getByTestId('bridge-refused').textContent()).toBe('0');
    expect(await page.getByTestId('bridge-upstream').textContent()).toBe('every 200 ms');
    await screenshot(page, 'cluster-bridge');
    expect(browser.consoleErrors).toEqual([]);
  }, 60_000);

  it('shows the last drift found in the GeoServer and what was done with it', async () => {
    expect((await call(standIn, 'POST', '/workspaces', { type: 'application/xml', body: '<workspace><name>madeingeoserver</name></workspace>' })).status).toBe(201);
    const shown = page.getByTestId('bridge-last-drift').filter({ hasText: /differences?, published$/ });
    await shown.waitFor({ timeout: 30_000 });
    expect((await call(node, 'GET', '/workspaces/madeingeoserver.json')).status).toBe(200);
    // the count the status reports (the workspace and its namespace are two objects of GeoServer's REST API)
    const drift = ((await (await call(node, 'GET', '/cluster/status.json')).json()) as { cluster: { bridgeUpstream: { lastDrift: { total: number } } } }).cluster.bridgeUpstream.lastDrift;
    expect(await shown.textContent()).toContain(`: ${drift.total} difference`);
    expect(await page.getByTestId('bridge-upstream-error').textContent()).toBe('—');
    await screenshot(page, 'cluster-bridge-drift');
    expect(browser.consoleErrors).toEqual([]);
  }, 60_000);
});
