import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type NodeProcess } from '../helpers/node-process.js';
import { expectRefused, startOnFixture } from '../helpers/rest-checks.js';

// GeoServer's TemplateController (TemplateControllerTest.testGetPutGetDeleteGet, testAllPaths,
// testUpdate): FreeMarker templates at every level, in TemplateController.path's folders.

const TEXT = 'text/plain';

describe('REST /templates', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startOnFixture();
  });
  afterAll(async () => {
    await node?.stop();
  });

  const levels: Array<[string, string]> = [
    ['/templates', 'workspaces'],
    ['/workspaces/sf/templates', 'workspaces/sf'],
    ['/workspaces/sf/datastores/sf/templates', 'workspaces/sf/sf'],
    ['/workspaces/sf/datastores/sf/featuretypes/bugsites/templates', 'workspaces/sf/sf/bugsites'],
    ['/workspaces/sf/coveragestores/sfdem/templates', 'workspaces/sf/sfdem'],
    ['/workspaces/sf/coveragestores/sfdem/coverages/sfdem/templates', 'workspaces/sf/sfdem/sfdem'],
  ];

  it.each(levels)('GET, PUT, GET, DELETE, GET at %s, stored in %s (testGetPutGetDeleteGet)', async (base, folder) => {
    const p = `${base}/my_template.ftl`;
    const file = path.join(node.dataDir, folder, 'my_template.ftl');
    expect((await call(node, 'GET', `${p}?quietOnNotFound=true`)).status).toBe(404);
    expect((await call(node, 'GET', `${base}.xml`)).text).not.toContain('<name>my_template.ftl</name>');
    expect((await call(node, 'PUT', p, { body: 'hello world', type: TEXT })).status).toBe(201);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello world');
    expect((await call(node, 'GET', `${base}.xml`)).text).toContain('<name>my_template.ftl</name>');
    expect((await call(node, 'GET', `${base}.json`)).text).toContain('{"name":"my_template.ftl"');
    expect((await call(node, 'GET', p)).text).toBe('hello world');
    expect((await call(node, 'DELETE', p)).status).toBe(200);
    expect(fs.existsSync(file)).toBe(false);
    expect((await call(node, 'GET', p)).status).toBe(404);
  });

  it('a second PUT replaces the template (testUpdate)', async () => {
    await call(node, 'PUT', '/templates/foo.ftl', { body: 'hello foo - longer', type: TEXT });
    await call(node, 'PUT', '/templates/foo.ftl', { body: 'goodbye foo', type: TEXT });
    expect((await call(node, 'GET', '/templates/foo.ftl')).text).toBe('goodbye foo');
  });

  it('refuses what it cannot store, changing nothing', async () => {
    const reads = ['/templates.xml', '/workspaces/sf/templates.xml'];
    await expectRefused(node, 404, () => call(node, 'PUT', '/workspaces/nows/templates/a.ftl', { body: 'x', type: TEXT }), reads);
    await expectRefused(node, 404, () => call(node, 'PUT', '/workspaces/sf/datastores/nostore/templates/a.ftl', { body: 'x', type: TEXT }), reads);
    await expectRefused(node, 415, () => call(node, 'PUT', '/templates/a.ftl', { body: '<x/>', type: 'application/xml' }), reads);
    await expectRefused(node, 400, () => call(node, 'PUT', '/templates/..%2Fescape.ftl', { body: 'x', type: TEXT }), reads);
    expect((await call(node, 'POST', '/templates', { body: 'x', type: TEXT })).status).toBe(405);
  });
});
