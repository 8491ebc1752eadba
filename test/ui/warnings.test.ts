import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNode, tempDir, type NodeProcess } from '../helpers/node-process.js';
import { Browser, screenshot, webUrl } from './browser.js';

/** GeoServer's release security folder: admin with the well-known password `geoserver`. */
const RELEASE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/security-release');

/**
 * A node started on a data directory whose administrator still has GeoServer's well-known
 * password (GeoServer's own web UI warns of it too: its "default admin password" alert): every
 * page of the UI shows the session's warning until the password changes.
 */
describe('web admin UI: warnings of the security configuration', () => {
  let node: NodeProcess;
  let browser: Browser;

  beforeAll(async () => {
    const dir = tempDir();
    fs.cpSync(RELEASE, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'README.md'), { force: true });
    // no GEOSERVER_ADMIN_PASSWORD: users.xml keeps the release's admin/geoserver
    node = await startNode({ dataDir: dir, env: { GEOSERVER_ADMIN_PASSWORD: '' } });
    browser = await Browser.launch([node]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });

  afterEach(() => {
    expect(browser.external, 'requests to other hosts than the node').toEqual([]);
    expect(browser.consoleErrors, 'console errors').toEqual([]);
  });

  it('shows the well-known password warning on every page', async () => {
    const page = await browser.page();
    await page.goto(webUrl(node));
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('geoserver');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('table', { name: 'Cluster nodes' }).waitFor();
    const banner = page.getByRole('region', { name: 'Node alerts' }).locator('[data-banner^="session-warning"]');
    await banner.filter({ hasText: /admin .*well-known default password/ }).waitFor();
    await page.getByRole('link', { name: 'Security', exact: true }).click();
    await page.locator('li[data-user="admin"]').waitFor();
    await banner.filter({ hasText: 'well-known' }).waitFor();
    await screenshot(page, 'security-well-known-password');
  });
});
