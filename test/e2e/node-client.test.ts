import * as fs from 'node:fs';
import * as path from 'node:path';
import { GeoServerRestClient } from 'geoserver-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, startNode, type NodeProcess } from '../helpers/node-process.js';

// geoserver-node-client 1.4.6 (the npm client for GeoServer's REST API) drives a real node, in
// the order of the client's own integration test (test/test.js; see
// ../shared/reference/geoserver-node-client-endpoints.md), without the parts that need the
// internet (remote WFS/WMS capabilities) or a database: a PostGIS store is only its connection
// parameters here.

const WS = 'my-workspace';
const STORE = 'my-postgis';
const STYLE = 'my-style-name';
const SLD = `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc"
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.opengis.net/sld StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>${STYLE}</Name>
    <UserStyle>
      <Title>A green line</Title>
      <FeatureTypeStyle>
        <Rule>
          <LineSymbolizer><Stroke><CssParameter name="stroke">#00FF00</CssParameter></Stroke></LineSymbolizer>
        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;

describe('geoserver-node-client against a node', () => {
  let node: NodeProcess;
  let grc: GeoServerRestClient;
  beforeAll(async () => {
    node = await startNode();
    grc = new GeoServerRestClient(node.rest, ADMIN.user, ADMIN.password);
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('about: exists, and reports the GeoServer version first', async () => {
    expect(await grc.about.exists()).toBe(true);
    const version = await grc.about.getVersion();
    expect(version.about.resource[0]['@name']).toBe('GeoServer');
    expect(version.about.resource[0].Version).toMatch(/^2\.27\./);
  });

  it('settings: read, update one field, proxy base URL, contact', async () => {
    expect((await grc.settings.getSettings()).global.settings.charset).toBe('UTF-8');
    await grc.settings.updateSettings({ global: { settings: { verbose: false } } });
    expect((await grc.settings.getSettings()).global.settings.verbose).toBe(false);
    await grc.settings.updateProxyBaseUrl('http://foobar.de/geoserver');
    expect((await grc.settings.getSettings()).global.settings.proxyBaseUrl).toBe('http://foobar.de/geoserver');
    await grc.settings.updateContactInformation('Unter den Linden', 'Berlin', 'Germany', 10117, 'Berlin', 'a@example.com', 'Example', 'Jane Doe', 1234567);
    const contact = (await grc.settings.getContactInformation()).contact;
    expect(contact.address).toBe('Unter den Linden');
    expect(contact.addressState).toBe('Berlin');
    expect(String(contact.addressPostalCode)).toBe('10117');
  });

  it('workspaces: empty list, create, get, missing', async () => {
    expect((await grc.workspaces.getAll()).workspaces).toBe('');
    expect(await grc.workspaces.create(WS)).toBe(WS);
    expect((await grc.workspaces.getAll()).workspaces.workspace[0].name).toBe(WS);
    expect((await grc.workspaces.get(WS)).workspace.name).toBe(WS);
    expect(await grc.workspaces.get('fantasyWorkspace')).toBeUndefined();
  });

  it('datastores: a PostGIS store (connection parameters only)', async () => {
    await grc.datastores.createPostgisStore(WS, `http://${WS}`, STORE, 'localhost', 5432, 'gis', 'secret', 'public', 'gis', true);
    const store = (await grc.datastores.getDataStore(WS, STORE)).dataStore;
    expect(store.name).toBe(STORE);
    expect(store.type).toBe('PostGIS');
    expect((await grc.datastores.getDataStores(WS)).dataStores.dataStore).toHaveLength(1);
    expect(await grc.datastores.getDataStore(WS, 'nope')).toBeUndefined();
  });

  it('feature types: published without and with a native bounding box', async () => {
    await grc.layers.publishFeatureType(WS, STORE, 'roads', 'roads', 'Roads', 'EPSG:4326', true, 'The roads');
    const bbox = { minx: 5.8, maxx: 15.1, miny: 47.2, maxy: 55.1 };
    await grc.layers.publishFeatureType(WS, STORE, 'rivers', 'rivers', 'Rivers', 'EPSG:4326', true, 'The rivers', bbox);
    const roads = (await grc.layers.getFeatureType(WS, STORE, 'roads')).featureType;
    expect(roads.name).toBe('roads');
    expect(roads.title).toBe('Roads');
    const rivers = (await grc.layers.getFeatureType(WS, STORE, 'rivers')).featureType;
    expect(rivers.nativeBoundingBox.minx).toBe(5.8);
    expect((await grc.layers.get(WS, 'roads')).layer.name).toBe('roads');
    expect((await grc.layers.getLayers(WS)).layers.layer).toHaveLength(2);
    expect(await grc.layers.get(WS, 'nope')).toBeUndefined();
  });

  it('styles: publish an SLD into the workspace and read it back', async () => {
    expect((await grc.styles.getDefaults()).styles.style).toHaveLength(5);
    await grc.styles.publish(WS, STYLE, SLD);
    expect((await grc.styles.getStyleInformation(WS, STYLE)).style.name).toBe(STYLE);
    expect((await grc.styles.getInWorkspace(WS)).styles.style).toHaveLength(1);
    expect(await grc.styles.getAll()).toHaveLength(6);
    expect(await grc.styles.getStyleInformation(WS, 'nope')).toBeUndefined();
  });

  it('styles: assigned to a layer as an extra style, then as the default', async () => {
    await grc.styles.assignStyleToLayer(WS, 'roads', WS, STYLE, false);
    let layer = (await grc.layers.get(WS, 'roads')).layer;
    expect(layer.styles.style[0].name).toBe(`${WS}:${STYLE}`);
    expect(layer.defaultStyle.name).not.toBe(`${WS}:${STYLE}`);
    await grc.styles.assignStyleToLayer(WS, 'rivers', WS, STYLE, true);
    layer = (await grc.layers.get(WS, 'rivers')).layer;
    expect(layer.defaultStyle.name).toBe(`${WS}:${STYLE}`);
  });

  it('layer groups: create and read back', async () => {
    const location = await grc.layergroups.create(WS, 'my-group', ['roads', 'rivers']);
    expect(location).toMatch(/\/layergroups\/my-group$/);
    const group = (await grc.layergroups.get(WS, 'my-group')).layerGroup;
    expect(group.name).toBe('my-group');
    expect(group.publishables.published).toHaveLength(2);
  });

  it('service and workspace settings (raw REST)', async () => {
    const put = await call(node, 'PUT', `/services/wms/workspaces/${WS}/settings`, { type: 'application/json', body: JSON.stringify({ wms: { enabled: true, title: 'My WMS' } }) });
    expect(put.status).toBe(200);
    expect((await call(node, 'GET', `/services/wms/workspaces/${WS}/settings.json`)).json().wms.title).toBe('My WMS');
    const post = await call(node, 'POST', `/workspaces/${WS}/settings`, { type: 'application/json', body: JSON.stringify({ settings: { numDecimals: 6 } }) });
    expect(post.status).toBe(201);
    expect((await call(node, 'GET', `/workspaces/${WS}/settings.json`)).json().settings.numDecimals).toBe(6);
  });

  it('reset and reload keep everything', async () => {
    await grc.resetReload.reset();
    await grc.resetReload.reload();
    expect((await grc.workspaces.get(WS)).workspace.name).toBe(WS);
    expect((await grc.layers.get(WS, 'roads')).layer.name).toBe('roads');
    expect((await grc.settings.getSettings()).global.settings.proxyBaseUrl).toBe('http://foobar.de/geoserver');
  });

  it('styles: a style in use is not deleted without recurse (403), then is', async () => {
    await expect(grc.styles.delete(WS, STYLE, false, false)).rejects.toThrow();
    await grc.styles.delete(WS, STYLE, true, true);
    expect(await grc.styles.getStyleInformation(WS, STYLE)).toBeUndefined();
  });

  it('deleting the workspace with recurse removes everything in it', async () => {
    await grc.workspaces.delete(WS, true);
    expect((await grc.workspaces.getAll()).workspaces).toBe('');
    expect(await grc.layers.get(WS, 'roads')).toBeUndefined();
    expect(fs.existsSync(path.join(node.dataDir, 'workspaces', WS))).toBe(false);
    expect((await call(node, 'GET', `/services/wms/workspaces/${WS}/settings.json`)).status).toBe(404);
  });
});
