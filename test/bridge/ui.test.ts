import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type NodeProcess } from '../helpers/node-process.js';
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
    node = await startNode({ env: { instanceName: 'ui-bridged', ...bridgeEnv(standIn, passwordFile()) } });
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
    await screenshot(page, 'cluster-bridge');
    expect(browser.consoleErrors).toEqual([]);
  }, 60_000);
});
