import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../helpers/cluster.js';
import { browserOnCluster, LIVE, logIn, screenshot } from './browser.js';

/**
 * The Security page against the node's /rest/security API (GeoServer's UsersRestController and
 * RolesRestController shapes), on two real nodes: what one node's UI changes, the other's shows.
 */
describe('web admin UI: users, groups and roles', () => {
  const ui = browserOnCluster(['sec-a', 'sec-b']);
  const { nodes } = ui;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    a = await ui.browser.page();
    b = await ui.browser.page();
  });

  it('a user created in one node\'s UI is listed in the other\'s without a reload; groups and roles too', async () => {
    await logIn(a, nodes[0]);
    await logIn(b, nodes[1]);
    for (const page of [a, b]) await page.getByRole('link', { name: 'Security', exact: true }).click();
    await b.getByRole('list', { name: 'Users' }).locator('li[data-user="admin"]').waitFor();
    await b.evaluate('window.__sameDocument = true');

    await a.getByLabel('User name').fill('ui_alice');
    await a.getByLabel('Password', { exact: true }).fill('alice-secret-1');
    await a.getByRole('button', { name: 'Add user' }).click();
    await a.locator('li[data-user="ui_alice"]').waitFor();
    await b.locator('li[data-user="ui_alice"]').waitFor(LIVE);

    await a.getByLabel('New group').fill('ui_editors');
    await a.getByRole('button', { name: 'Add group' }).click();
    await a.getByLabel('New role').fill('UI_EDITOR');
    await a.getByRole('button', { name: 'Add role' }).click();
    await a.getByLabel('Role for ui_alice').selectOption('UI_EDITOR');
    await a.locator('li[data-user="ui_alice"]').getByRole('button', { name: 'Give role' }).click();
    await a.getByRole('list', { name: 'Roles of ui_alice' }).getByText('UI_EDITOR').waitFor();
    await b.getByRole('list', { name: 'Roles of ui_alice' }).getByText('UI_EDITOR').waitFor(LIVE);
    await b.getByRole('button', { name: 'Delete group ui_editors' }).waitFor(LIVE);
    await screenshot(a, 'security');

    const users = await getJson(nodes[1], '/security/usergroup/users.json');
    expect(users.users).toContainEqual({ userName: 'ui_alice', enabled: true });
    expect((await getJson(nodes[1], '/security/roles/user/ui_alice.json')).roles).toEqual(['UI_EDITOR']);
    expect((await getJson(nodes[1], '/security/usergroup/groups.json')).groups).toContain('ui_editors');
    await expect(b.evaluate('window.__sameDocument')).resolves.toBe(true);
  });

  it('a user without the ADMIN role logs in to the other node and is told, once, that it may not administer it', async () => {
    // one browser profile holds one session per node: B's admin logs out first
    const page = b;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('User name').fill('ui_alice');
    await page.getByLabel('Password').fill('alice-secret-1');
    ui.browser.expectConsoleError(/status of 403/);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('[data-banner="not-administrator"]').filter({ hasText: 'ui_alice' }).waitFor(LIVE);
    await screenshot(page, 'security-not-admin');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await logIn(b, nodes[1]);
    await b.getByRole('link', { name: 'Security', exact: true }).click();
    await b.locator('li[data-user="ui_alice"]').waitFor();
  });

  it('disables, then deletes, a user and removes a group and a role; the other node follows', async () => {
    await a.getByLabel('Enabled ui_alice').uncheck();
    await expect.poll(async () => (await getJson(nodes[1], '/security/usergroup/users.json')).users.find((u: { userName: string }) => u.userName === 'ui_alice')?.enabled, LIVE).toBe(false);
    await expect.poll(() => b.getByLabel('Enabled ui_alice').isChecked(), LIVE).toBe(false);
    await a.getByRole('button', { name: 'Delete ui_alice' }).click();
    await a.getByRole('button', { name: 'Delete group ui_editors' }).click();
    await a.getByRole('button', { name: 'Delete role UI_EDITOR' }).click();
    await b.locator('li[data-user="ui_alice"]').waitFor({ state: 'detached', ...LIVE });
    await b.getByRole('button', { name: 'Delete group ui_editors' }).waitFor({ state: 'detached', ...LIVE });
    await b.getByRole('button', { name: 'Delete role UI_EDITOR' }).waitFor({ state: 'detached', ...LIVE });
  });
});
