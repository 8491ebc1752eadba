import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type NodeProcess, type Reply } from '../helpers/node-process.js';
import { expectRefused } from '../helpers/rest-checks.js';

// Cases from GeoServer's WCSSettingsControllerTest and LocalWMSSettingsControllerTest, the
// ServiceSettingsController they exercise, and the REST docs (api/services.rst, owsservices.yaml).

const JSON_TYPE = 'application/json';

/** A refused request changes nothing: same files on disk, same answers to the given reads. */
function refused(node: NodeProcess, reads: string[], status: number, send: () => Promise<Reply>): Promise<Reply> {
  return expectRefused(node, status, send, reads);
}

describe('REST /services/{svc}/settings', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
    expect((await call(node, 'POST', '/workspaces', { type: JSON_TYPE, body: '{"workspace":{"name":"sf"}}' })).status).toBe(201);
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('GET the global settings of every service, XML root named after it (WCSSettingsControllerTest.testGetAsXML)', async () => {
    for (const svc of ['wms', 'wfs', 'wcs', 'wmts']) {
      const json = (await call(node, 'GET', `/services/${svc}/settings.json`)).json()[svc];
      expect(json.name).toBe(svc.toUpperCase());
      expect(json.enabled).toBe(true);
      expect(json.id).toBeTypeOf('string');
      expect(json.workspace).toBeUndefined();
      const xml = await call(node, 'GET', `/services/${svc}/settings.xml`);
      expect(xml.text).toMatch(new RegExp(`^<${svc}>`));
      expect(xml.text.match(/<name>/g)).toHaveLength(1);
      expect((await call(node, 'GET', `/services/${svc}/settings.html`)).status).toBe(200);
    }
    expect((await call(node, 'GET', '/services/wms/settings', { accept: '*/*' })).headers.get('content-type')).toMatch(/json/);
  });

  it('PUT is not destructive (WCSSettingsControllerTest.testPutNonDestructive)', async () => {
    const before = (await call(node, 'GET', '/services/wcs/settings.json')).json().wcs;
    const xml = '<wcs><id>wcs</id><name>WCS</name><title>GeoServer Web Coverage Service</title><maintainer>http://geoserver.org/comm</maintainer></wcs>';
    expect((await call(node, 'PUT', '/services/wcs/settings', { type: 'text/xml', body: xml })).status).toBe(200);
    const after = (await call(node, 'GET', '/services/wcs/settings.json')).json().wcs;
    expect(after).toEqual({ ...before, title: 'GeoServer Web Coverage Service' });
    expect(after.id).toBe(before.id); // an id in the body never replaces the stored one
    expect(fs.readFileSync(path.join(node.dataDir, 'wcs.xml'), 'utf8')).toContain('<title>GeoServer Web Coverage Service</title>');
  });

  it('PUT JSON changes a field (WCSSettingsControllerTest.testPutAsJSON)', async () => {
    const body = "{'wcs': {'id':'wcs','enabled':'false','name':'WCS'}}";
    expect((await call(node, 'PUT', '/services/wcs/settings', { type: 'text/json', body })).status).toBe(200);
    const wcs = (await call(node, 'GET', '/services/wcs/settings.json')).json().wcs;
    expect(wcs.enabled).toBe(false);
    expect(wcs.name).toBe('WCS');
  });

  it('the global settings cannot be deleted or posted (WCSSettingsControllerTest.testDelete)', async () => {
    await refused(node, ['/services/wcs/settings.json'], 405, () => call(node, 'DELETE', '/services/wcs/settings'));
    await refused(node, ['/services/wms/settings.json'], 405, () => call(node, 'POST', '/services/wms/settings', { type: JSON_TYPE, body: '{"wms":{}}' }));
  });

  it('a workspace without its own settings is 404 (ServiceSettingsController.serviceSettingsGet)', async () => {
    const r = await call(node, 'GET', '/services/wms/workspaces/sf/settings.json');
    expect(r.status).toBe(404);
    expect(r.text).toBe('Service does not exist for workspace sf');
  });

  it('PUT on a workspace creates its settings (LocalWMSSettingsControllerTest.testCreateAsXML)', async () => {
    const xml = '<wms><id>wms_sf</id><workspace><name>sf</name></workspace><name>OGC:WMS</name><enabled>false</enabled><interpolation>Nearest</interpolation></wms>';
    expect((await call(node, 'PUT', '/services/wms/workspaces/sf/settings', { type: 'text/xml', body: xml })).status).toBe(200);
    const dom = (await call(node, 'GET', '/services/wms/workspaces/sf/settings.xml')).text;
    expect(dom).toMatch(/^<wms>/);
    expect(dom).toMatch(/<workspace>\s*<name>sf<\/name>/);
    expect(dom).toContain('<name>OGC:WMS</name>');
    expect(dom).toContain('<enabled>false</enabled>');
    expect(dom).toContain('<interpolation>Nearest</interpolation>');
    const onDisk = fs.readFileSync(path.join(node.dataDir, 'workspaces', 'sf', 'wms.xml'), 'utf8');
    expect(onDisk).toMatch(/<workspace>\n {4}<id>WorkspaceInfoImpl-/);
    // the global one is untouched
    expect((await call(node, 'GET', '/services/wms/settings.json')).json().wms.name).toBe('WMS');
  });

  it('PUT JSON on the workspace settings changes a field (LocalWMSSettingsControllerTest.testPutAsJSON)', async () => {
    const body = "{'wms': {'id':'wms','workspace':{'name':'sf'},'enabled':'true','name':'WMS'}}";
    expect((await call(node, 'PUT', '/services/wms/workspaces/sf/settings', { type: 'text/json', body })).status).toBe(200);
    const wms = (await call(node, 'GET', '/services/wms/workspaces/sf/settings.json')).json().wms;
    expect(wms.enabled).toBe(true);
    expect(wms.name).toBe('WMS');
    expect(wms.interpolation).toBe('Nearest');
    expect(wms.workspace.name).toBe('sf');
  });

  it('DELETE removes the workspace settings; deleting none is still 200 (LocalWMSSettingsControllerTest.testDelete)', async () => {
    expect((await call(node, 'DELETE', '/services/wms/workspaces/sf/settings')).status).toBe(200);
    expect((await call(node, 'GET', '/services/wms/workspaces/sf/settings.json')).status).toBe(404);
    expect(fs.existsSync(path.join(node.dataDir, 'workspaces', 'sf', 'wms.xml'))).toBe(false);
    expect((await call(node, 'DELETE', '/services/wms/workspaces/sf/settings')).status).toBe(200);
  });

  it('a missing workspace is 404 with GeoServer\'s message, and changes nothing', async () => {
    const reads = ['/services/wfs/settings.json'];
    const r = await refused(node, reads, 404, () => call(node, 'GET', '/services/wfs/workspaces/nope/settings.json'));
    expect(r.text).toBe('Workspace nope does not exist');
    await refused(node, reads, 404, () => call(node, 'PUT', '/services/wfs/workspaces/nope/settings', { type: JSON_TYPE, body: '{"wfs":{"enabled":false}}' }));
    await refused(node, reads, 404, () => call(node, 'DELETE', '/services/wfs/workspaces/nope/settings'));
  });

  it('an unknown service is 404', async () => {
    expect((await call(node, 'GET', '/services/csw/settings.json')).status).toBe(404);
    await refused(node, [], 404, () => call(node, 'PUT', '/services/foo/settings', { type: JSON_TYPE, body: '{"foo":{}}' }));
  });

  it('bad bodies are 400 and change nothing', async () => {
    const reads = ['/services/wms/settings.json', '/services/wfs/settings.json'];
    const put = (body: string, type = JSON_TYPE, where = '/services/wms/settings') => () => call(node, 'PUT', where, { type, body });
    const root = await refused(node, reads, 400, put('<wfs><enabled>false</enabled></wfs>', 'text/xml'));
    expect(root.text).toContain('wms');
    await refused(node, reads, 400, put('{"wms":{"enabled":"yes"}}'));
    await refused(node, reads, 400, put('{"wms":{"maxBuffer":"lots"}}'));
    await refused(node, reads, 400, put('{"wms":{"watermark":"on"}}'));
    await refused(node, reads, 400, put('{"wms":{"a b":"c"}}'));
    await refused(node, reads, 400, put('<wms><enabled>false</enabled>', 'text/xml'));
    await refused(node, reads, 400, put('{"wfs":{"maxFeatures":"-"}}', JSON_TYPE, '/services/wfs/workspaces/sf/settings'));
    expect((await call(node, 'GET', '/services/wfs/workspaces/sf/settings.json')).status).toBe(404);
  });
});
