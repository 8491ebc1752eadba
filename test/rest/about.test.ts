import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, snapshotDir, startNode, type NodeProcess } from '../helpers/node-process.js';

// Cases from GeoServer's AboutControllerTest, AboutStatusControllerTest,
// GeoServerImplTrailingSlashTest and CatalogReloadControllerTest, and the REST docs
// (about.rst, api/manifests.rst, manifests.yaml, api/reload.rst, api/reset.rst).

const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('REST /about', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('version JSON lists GeoServer first, resource always an array (AboutControllerTest.testGetAsVersionsJSON; node-client reads resource[0].Version)', async () => {
    const about = (await call(node, 'GET', '/about/version.json')).json().about;
    expect(Array.isArray(about.resource)).toBe(true);
    expect(about.resource[0]).toEqual({ '@name': 'GeoServer', Version: expect.stringMatching(/^2\.27\.\d+$/) });
    expect(about.resource.map((r: { '@name': string }) => r['@name'])).toEqual(['GeoServer', 'GeoTools', 'GeoWebCache', 'geocluster']);
    expect(about.resource[3].Version).toBe(PACKAGE_VERSION);
    for (const r of about.resource) expect(typeof r.Version).toBe('string');
  });

  it('version XML has resource elements with a name attribute (testGetVersionsAsXML)', async () => {
    const xml = (await call(node, 'GET', '/about/version.xml')).text;
    expect(xml).toMatch(/^<about>\n {2}<resource name="GeoServer">\n {4}<Version>2\.27\.\d+<\/Version>/);
    expect(xml).toContain(`<resource name="geocluster">\n    <Version>${PACKAGE_VERSION}</Version>`);
  });

  it('version and manifest answer HTML by default (testGetAsVersionsHTML, testEmptyListHTMLTemplate)', async () => {
    const html = await call(node, 'GET', '/about/version', { accept: 'text/html' });
    expect(html.headers.get('content-type')).toMatch(/html/);
    expect(html.text).toContain('<h2>About:</h2>');
    expect(html.text).toContain('Resource name: GeoServer');
    const empty = await call(node, 'GET', '/about/version?manifest=NOTEXISTS.*');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('<h2>About:</h2>');
  });

  it('manifest lists this package and its runtime libraries, filtered like GeoServer (testGetManifestsAsXML / JSON, manifests.rst)', async () => {
    const all = (await call(node, 'GET', '/about/manifest.json')).json().about.resource;
    expect(Array.isArray(all)).toBe(true);
    const names = all.map((r: { '@name': string }) => r['@name']);
    expect(names).toContain('geocluster');
    expect(names).toContain('json5');
    const only = (await call(node, 'GET', '/about/manifest.json?manifest=json.*')).json().about.resource;
    expect(only.map((r: { '@name': string }) => r['@name'])).toEqual(['json5']);
    const byKey = (await call(node, 'GET', '/about/manifest.json?key=Bundle-License&value=MIT')).json().about.resource;
    expect(byKey.length).toBeGreaterThan(0);
    expect(byKey.every((r: Record<string, string>) => r['Bundle-License'] === 'MIT')).toBe(true);
    expect((await call(node, 'GET', '/about/manifest.json?manifest=nothing')).json()).toEqual({ about: '' });
    expect((await call(node, 'GET', '/about/manifest.xml')).text).toMatch(/^<about>\n {2}<resource name="geocluster">/);
    const bad = await call(node, 'GET', '/about/manifest.json?manifest=(');
    expect(bad.status).toBe(400);
  });

  it('status lists the modules that really run, in HTML, JSON and XML (AboutStatusControllerTest)', async () => {
    const html = (await call(node, 'GET', '/about/status', { accept: 'text/html' })).text;
    expect(html).toContain('Available');
    expect(html).toContain('Enabled');
    const json = (await call(node, 'GET', '/about/status.json')).json().about.status;
    expect(json.map((m: { module: string }) => m.module)).toEqual(['geocluster', 'node']);
    expect(json[0]).toMatchObject({ module: 'geocluster', version: PACKAGE_VERSION, isEnabled: true, isAvailable: true });
    expect((await call(node, 'GET', '/about/status.xml')).text).toMatch(/^<about>\n {2}<status>\n {4}<module>geocluster<\/module>/);
    const one = await call(node, 'GET', '/about/status/geocluster', { accept: 'text/html' });
    expect(one.text).toContain('<b>Module</b> : geocluster');
    expect(one.text).toContain('<b>Enabled</b> : true');
    const missing = await call(node, 'GET', '/about/status/fake1_module');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('No such module');
  });

  it('a trailing slash is 404 (GeoServerImplTrailingSlashTest)', async () => {
    expect((await call(node, 'GET', '/about/status')).status).toBe(200);
    expect((await call(node, 'GET', '/about/status/')).status).toBe(404);
    expect((await call(node, 'GET', '/about/version.json/')).status).toBe(404);
  });

  it('only GET is allowed (manifests.rst: POST, PUT, DELETE are 405)', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      for (const p of ['/about/version', '/about/manifest', '/about/status']) {
        expect((await call(node, method, p, { type: 'application/json', body: method === 'DELETE' ? undefined : '{}' })).status).toBe(405);
      }
    }
  });
});

describe('REST /reload and /reset', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });

  const level = async () => (await call(node, 'GET', '/logging.json')).json().logging.level;
  const editLogging = (to: string) => {
    const file = path.join(node.dataDir, 'logging.xml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/<level>[^<]*<\/level>/, `<level>${to}</level>`));
  };

  it('POST and PUT /reload re-read files edited on disk (CatalogReloadControllerTest.testPostReload / testPutReload)', async () => {
    expect(await level()).toBe('DEFAULT_LOGGING');
    editLogging('VERBOSE_LOGGING');
    const ws = path.join(node.dataDir, 'workspaces', 'fromdisk');
    fs.mkdirSync(ws, { recursive: true });
    fs.writeFileSync(path.join(ws, 'workspace.xml'), '<workspace>\n  <id>WorkspaceInfoImpl-fromdisk</id>\n  <name>fromdisk</name>\n</workspace>\n');
    expect(await level()).toBe('DEFAULT_LOGGING');
    expect((await call(node, 'GET', '/workspaces/fromdisk.json')).status).toBe(404);
    expect((await call(node, 'POST', '/reload')).status).toBe(200);
    expect(await level()).toBe('VERBOSE_LOGGING');
    expect((await call(node, 'GET', '/workspaces/fromdisk.json')).json().workspace.name).toBe('fromdisk');
    editLogging('QUIET_LOGGING');
    expect((await call(node, 'PUT', '/reload')).status).toBe(200);
    expect(await level()).toBe('QUIET_LOGGING');
  });

  it('a reload writes nothing to the data directory', async () => {
    const before = snapshotDir(node.dataDir);
    expect((await call(node, 'POST', '/reload')).status).toBe(200);
    expect(snapshotDir(node.dataDir)).toEqual(before);
  });

  it('POST and PUT /reset answer 200 and do not reload (testPostReset / testPutReset)', async () => {
    editLogging('PRODUCTION_LOGGING');
    expect((await call(node, 'POST', '/reset')).status).toBe(200);
    expect((await call(node, 'PUT', '/reset')).status).toBe(200);
    expect(await level()).toBe('QUIET_LOGGING');
  });

  it('GET and DELETE are 405 (reload.rst, reset.rst)', async () => {
    for (const p of ['/reload', '/reset']) {
      expect((await call(node, 'GET', p)).status).toBe(405);
      expect((await call(node, 'DELETE', p)).status).toBe(405);
    }
  });
});
