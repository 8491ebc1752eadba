import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, listNames } from '../helpers/cluster.js';
import { ADMIN, call } from '../helpers/node-process.js';
import { browserOnCluster, LIVE, logIn, PHONE, screenshot, webUrl } from './browser.js';

/**
 * The web admin UI in a real browser against two real nodes (embedded transport, static
 * discovery): every request the page makes goes to the node it was loaded from, and the page logs
 * no console error.
 */
describe('web admin UI', () => {
  const ui = browserOnCluster(['ui-a', 'ui-b']);
  const { nodes } = ui;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    a = await ui.browser.page();
    b = await ui.browser.page();
  });

  it('logs in with the REST admin; a wrong password gets a clear message; the cluster page lists every node', async () => {
    await a.goto(webUrl(nodes[0]));
    await a.getByLabel('User name').fill('admin');
    await a.getByLabel('Password').fill('not-the-password');
    ui.browser.expectConsoleError(/status of 401/);
    await a.getByRole('button', { name: 'Log in' }).click();
    await a.getByRole('alert').filter({ hasText: 'Wrong user name or password.' }).waitFor();

    // by keyboard alone: Tab to the user name, type, Tab, type, Enter
    await a.goto(webUrl(nodes[0]));
    await a.getByLabel('User name').waitFor();
    await a.keyboard.press('Tab');
    await a.keyboard.type(ADMIN.user);
    await a.keyboard.press('Tab');
    await a.keyboard.type(ADMIN.password);
    await a.keyboard.press('Enter');
    await a.getByRole('table', { name: 'Cluster nodes' }).waitFor();
    await logIn(b, nodes[1]);
    // one session per node, even on one host: browsers do not keep cookies apart by port
    const cookies = await a.context().cookies(webUrl(nodes[0]));
    for (const node of nodes) {
      const cookie = cookies.find((c) => c.name === `geocluster_session_${node.port}`);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/geoserver', secure: false });
    }
    const table = a.getByRole('table', { name: 'Cluster nodes' });
    await table.locator('tr[data-node="ui-b"]').waitFor(LIVE);
    await expect(table.locator('tr[data-node="ui-a"]').textContent()).resolves.toContain('this node');
    await expect(a.getByLabel('Instance name').inputValue()).resolves.toBe('ui-a');
    await a.getByRole('table', { name: 'Cluster nodes' }).locator('tr[data-node="ui-b"] td', { hasText: 'same' }).waitFor(LIVE);
    await screenshot(a, 'cluster');
  });

  it('a workspace and a style created on one node show up in the other node\'s UI without a reload', async () => {
    await b.getByRole('link', { name: 'Workspaces', exact: true }).click();
    await b.getByRole('searchbox', { name: 'Search workspaces' }).waitFor();
    await b.evaluate('window.__sameDocument = true');

    await a.getByRole('link', { name: 'Workspaces', exact: true }).click();
    await a.getByRole('link', { name: 'New workspace' }).click();
    await a.getByLabel('Name').fill('ui_ws');
    await a.getByRole('button', { name: 'Create' }).click();
    await a.getByRole('heading', { name: 'Workspace ui_ws' }).waitFor();
    await b.getByRole('table', { name: 'Workspaces' }).getByRole('link', { name: 'ui_ws' }).waitFor(LIVE);

    await b.getByRole('link', { name: 'Styles', exact: true }).click();
    await a.getByRole('link', { name: 'Styles', exact: true }).click();
    await a.getByRole('link', { name: 'New style' }).click();
    await a.getByLabel('Name').fill('ui_line');
    await a.getByRole('button', { name: 'Create' }).click();
    await a.getByRole('heading', { name: 'Style ui_line' }).waitFor();
    await b.getByRole('table', { name: 'Styles' }).getByRole('link', { name: 'ui_line' }).waitFor(LIVE);

    await expect(b.evaluate('window.__sameDocument')).resolves.toBe(true);
    expect(await listNames(nodes[1], '/workspaces.json', 'workspaces', 'workspace')).toContain('ui_ws');
    expect((await call(nodes[1], 'GET', '/styles/ui_line.sld')).text).toContain('<Name>ui_line</Name>');
  });

  it('a bad SLD shows the node\'s error at its line and changes nothing', async () => {
    const before = (await call(nodes[0], 'GET', '/styles/ui_line.sld')).text;
    await a.getByRole('table', { name: 'Styles' }).getByRole('link', { name: 'ui_line' }).click();
    const editor = a.getByRole('textbox', { name: 'SLD' });
    await editor.fill('<?xml version="1.0"?>\n<StyledLayerDescriptor version="1.0.0">\n  <NamedLayer>\n</StyledLayerDescriptor>\n');
    ui.browser.expectConsoleError(/status of 400/);
    await a.getByRole('button', { name: 'Save', exact: true }).click();
    const error = a.locator('.sld-error');
    await error.filter({ hasText: 'The node refused this style' }).waitFor();
    expect(await error.textContent()).toMatch(/line 4/);
    await expect(a.locator('.gutter span.bad').textContent()).resolves.toBe('4');
    await expect(editor.getAttribute('aria-invalid')).resolves.toBe('true');

    // a new style with a body that is no SLD at all: refused, not created
    await a.getByRole('link', { name: 'New style' }).click();
    await a.getByLabel('Name').fill('ui_bad');
    await a.getByRole('textbox', { name: 'SLD' }).fill('<Foo/>');
    ui.browser.expectConsoleError(/status of 400/);
    await a.getByRole('button', { name: 'Create' }).click();
    await a.locator('.sld-error').filter({ hasText: 'StyledLayerDescriptor' }).waitFor();

    expect((await call(nodes[0], 'GET', '/styles/ui_line.sld')).text).toBe(before);
    expect((await call(nodes[1], 'GET', '/styles/ui_line.sld')).text).toBe(before);
    expect(await getJson(nodes[0], '/styles/ui_bad.json')).toBeUndefined();
    await a.getByRole('button', { name: 'Cancel' }).click();
  });

  it('edits a layer\'s default style and style list; the change replicates', async () => {
    const json = 'application/json';
    expect((await call(nodes[0], 'POST', '/workspaces/ui_ws/datastores', { type: json, body: JSON.stringify({ dataStore: { name: 'roads_db', connectionParameters: { entry: [{ '@key': 'dbtype', $: 'postgis' }] } } }) })).status).toBe(201);
    expect((await call(nodes[0], 'POST', '/workspaces/ui_ws/datastores/roads_db/featuretypes', { type: json, body: JSON.stringify({ featureType: { name: 'roads', title: 'Roads', srs: 'EPSG:4326' } }) })).status).toBe(201);

    await a.getByRole('link', { name: 'Layers', exact: true }).click();
    await a.getByRole('searchbox', { name: 'Search layers' }).fill('road');
    await a.getByRole('table', { name: 'Layers' }).getByRole('link', { name: 'ui_ws:roads' }).click(LIVE);
    await a.getByRole('heading', { name: 'Layer ui_ws:roads' }).waitFor();
    await a.getByLabel('Default style').fill('ui_line');
    await a.getByLabel('Style to add').fill('point');
    await a.getByRole('button', { name: 'Add style' }).click();
    await a.getByRole('button', { name: 'Save layer' }).click();
    await a.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await a.getByRole('heading', { name: 'Feature type roads' }).waitFor();
    await screenshot(a, 'layer-editor');

    const phone = await ui.browser.page(PHONE);
    await phone.goto(a.url());
    await phone.getByRole('heading', { name: 'Feature type roads' }).waitFor();
    await screenshot(phone, 'layer-editor-phone');
    await phone.goto(webUrl(nodes[0], 'cluster'));
    await phone.getByRole('table', { name: 'Cluster nodes' }).locator('tr[data-node="ui-b"]').waitFor(LIVE);
    await screenshot(phone, 'cluster-phone');
    await phone.close();

    const replicated = async () => (await getJson(nodes[1], '/layers/ui_ws:roads.json'))?.layer;
    await expect.poll(async () => (await replicated())?.defaultStyle?.name, LIVE).toBe('ui_line');
    expect((await replicated()).styles.style.map((s: { name: string }) => s.name)).toEqual(['point']);
  });

  it('turning Master off disables every edit control and says why; turning it on enables them again', async () => {
    await a.getByRole('link', { name: 'Cluster', exact: true }).click();
    await a.getByLabel('Master: accept changes here and publish them').uncheck();
    await a.getByRole('button', { name: 'Save', exact: true }).click();
    await a.locator('[data-banner="pure-slave"]').waitFor(LIVE);

    await a.getByRole('link', { name: 'Workspaces', exact: true }).click();
    await a.getByRole('table', { name: 'Workspaces' }).getByRole('link', { name: 'ui_ws' }).click();
    const form = a.getByRole('form', { name: 'Edit workspace' });
    await form.getByTestId('edit-blocked').filter({ hasText: 'pure slave' }).waitFor();
    await expect(form.getByLabel('Name').isDisabled()).resolves.toBe(true);
    await expect(form.getByLabel('Isolated').isDisabled()).resolves.toBe(true);
    await expect(a.getByRole('button', { name: 'Delete…' }).isDisabled()).resolves.toBe(true);
    await expect(a.getByRole('link', { name: 'New workspace' }).count()).resolves.toBe(0);
    await screenshot(a, 'pure-slave-workspace');

    await a.getByRole('link', { name: 'Cluster', exact: true }).click();
    await a.getByLabel('Master: accept changes here and publish them').check();
    await a.getByRole('button', { name: 'Save', exact: true }).click();
    await a.locator('[data-banner="pure-slave"]').waitFor({ state: 'detached', ...LIVE });
    await a.getByRole('link', { name: 'Workspaces', exact: true }).click();
    await a.getByRole('link', { name: 'New workspace' }).waitFor();
  });

  it('logs out: the session cookie no longer opens the REST API', async () => {
    await a.getByRole('button', { name: 'Log out' }).click();
    await a.getByRole('button', { name: 'Log in' }).waitFor();
    const cookies = await a.context().cookies(webUrl(nodes[0]));
    expect(cookies.find((c) => c.name === `geocluster_session_${nodes[0].port}`)).toBeUndefined();
    // the other node's session, in the same browser, is untouched
    expect(cookies.find((c) => c.name === `geocluster_session_${nodes[1].port}`)).toBeDefined();
    await b.reload();
    await b.getByRole('button', { name: 'Log out' }).waitFor();
  });
});
