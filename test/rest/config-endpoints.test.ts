import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type NodeProcess } from '../helpers/node-process.js';
import { expectRefused, startOnFixture } from '../helpers/rest-checks.js';

// The remaining configuration endpoints: IndexController, FontListController (fonts.yaml),
// UrlCheckController over URLCheckDAO (urlchecks.yaml), FeatureTypeController and
// CoverageController's /reset, ?recalculate= on PUT, and CoverageController mapping PUT and
// DELETE under the store only.

const XML = 'application/xml';
const JSON_TYPE = 'application/json';

/** A TrueType file holding only a `name` table with the given full name (name id 4, Windows, UTF-16BE). */
function tinyFont(fullName: string): Buffer {
  const str = Buffer.from(fullName, 'utf16le').swap16();
  const name = Buffer.alloc(6 + 12 + str.length);
  name.writeUInt16BE(0, 0);
  name.writeUInt16BE(1, 2);
  name.writeUInt16BE(18, 4);
  [3, 1, 0x409, 4, str.length, 0].forEach((v, i) => name.writeUInt16BE(v, 6 + i * 2));
  str.copy(name, 18);
  const head = Buffer.alloc(12 + 16);
  head.writeUInt32BE(0x00010000, 0);
  head.writeUInt16BE(1, 4);
  head.write('name', 12, 'latin1');
  head.writeUInt32BE(28, 20);
  head.writeUInt32BE(name.length, 24);
  return Buffer.concat([head, name]);
}

describe('remaining configuration endpoints', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startOnFixture();
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('GET /geoserver/rest is an HTML index of the endpoints (IndexController)', async () => {
    const r = await call(node, 'GET', '');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.text).toContain(`href="${node.rest}/workspaces"`);
  });

  it('GET /fonts lists the fonts of the data directory; no other method (FontListController)', async () => {
    fs.writeFileSync(path.join(node.dataDir, 'styles', 'Tiny.ttf'), tinyFont('Tiny Sans Bold'));
    expect((await call(node, 'GET', '/fonts.json')).json()).toEqual({ fonts: ['Tiny Sans Bold'] });
    expect((await call(node, 'GET', '/fonts.xml')).text).toContain('<entry>Tiny Sans Bold</entry>');
    expect((await call(node, 'POST', '/fonts', { body: '{}', type: JSON_TYPE })).status).toBe(405);
  });

  it('URL checks: add, read, change, list, remove, stored in security/urlchecks.xml (urlchecks.yaml, URLCheckDAO)', async () => {
    const file = path.join(node.dataDir, 'security', 'urlchecks.xml');
    const body = '<regexUrlCheck><name>icons</name><description>External graphic icons</description><enabled>true</enabled><regex>^https://styles.server.net/icons/.*$</regex></regexUrlCheck>';
    const r = await call(node, 'POST', '/urlchecks', { body, type: XML });
    expect([r.status, r.headers.get('location')]).toEqual([201, `${node.rest}/urlchecks/icons`]);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/<checks>[\s\S]*<regex>\s*<name>icons<\/name>/);
    expect((await call(node, 'GET', '/urlchecks/icons.json')).json().regexUrlCheck).toMatchObject({ name: 'icons', enabled: true });
    expect((await call(node, 'PUT', '/urlchecks/icons', { body: '{"regexUrlCheck":{"enabled":false}}', type: JSON_TYPE })).status).toBe(200);
    expect((await call(node, 'GET', '/urlchecks/icons.json')).json().regexUrlCheck).toMatchObject({ enabled: false, regex: '^https://styles.server.net/icons/.*$' });
    expect((await call(node, 'GET', '/urlchecks.xml')).text).toContain('<name>icons</name>');
    const reads = ['/urlchecks.xml', '/urlchecks/icons.xml'];
    await expectRefused(node, 409, () => call(node, 'POST', '/urlchecks', { body, type: XML }), reads);
    await expectRefused(node, 400, () => call(node, 'POST', '/urlchecks', { body: '<regexUrlCheck><name>x</name></regexUrlCheck>', type: XML }), reads);
    await expectRefused(node, 400, () => call(node, 'POST', '/urlchecks', { body: '<regexUrlCheck><name>x</name><regex>([</regex></regexUrlCheck>', type: XML }), reads);
    await expectRefused(node, 404, () => call(node, 'PUT', '/urlchecks/none', { body: '<regexUrlCheck><enabled>true</enabled></regexUrlCheck>', type: XML }), reads);
    expect((await call(node, 'PUT', '/urlchecks', { body, type: XML })).status).toBe(405);
    expect((await call(node, 'DELETE', '/urlchecks/icons')).status).toBe(200);
    expect((await call(node, 'GET', '/urlchecks/icons')).status).toBe(404);
  });

  it('/reset on a feature type or coverage answers 200 (nothing is cached here); 404 for an unknown one', async () => {
    expect((await call(node, 'POST', '/workspaces/sf/datastores/sf/featuretypes/bugsites/reset')).status).toBe(200);
    expect((await call(node, 'PUT', '/workspaces/sf/coveragestores/sfdem/coverages/sfdem/reset')).status).toBe(200);
    expect((await call(node, 'POST', '/workspaces/sf/datastores/sf/featuretypes/nothere/reset')).status).toBe(404);
  });

  it('PUT ?recalculate= is accepted and keeps the given bounds (no data to compute them from)', async () => {
    const bbox = '<nativeBoundingBox><minx>1</minx><maxx>2</maxx><miny>3</miny><maxy>4</maxy></nativeBoundingBox>';
    const r = await call(node, 'PUT', '/workspaces/sf/datastores/sf/featuretypes/bugsites?recalculate=nativebbox,latlonbbox', { body: `<featureType>${bbox}</featureType>`, type: XML });
    expect(r.status, r.text).toBe(200);
    expect((await call(node, 'GET', '/workspaces/sf/datastores/sf/featuretypes/bugsites.json')).json().featureType.nativeBoundingBox).toMatchObject({ minx: 1, maxy: 4 });
  });

  it('PUT and DELETE of a coverage on the workspace path are 405, as in GeoServer', async () => {
    expect((await call(node, 'PUT', '/workspaces/sf/coverages/sfdem', { body: '<coverage><title>t</title></coverage>', type: XML })).status).toBe(405);
    expect((await call(node, 'DELETE', '/workspaces/sf/coverages/sfdem')).status).toBe(405);
    expect((await call(node, 'GET', '/workspaces/sf/coverages/sfdem.json')).status).toBe(200);
  });
});
