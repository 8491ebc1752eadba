import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type NodeProcess } from '../helpers/node-process.js';
import { expectRefused, startOnFixture } from '../helpers/rest-checks.js';
import { ICON_SLD, makeZip } from '../helpers/zip.js';

// Style languages as GeoServer's StyleController stores them through its StyleHandlers (CssHandler
// `.css`, YsldHandler `.yaml`, MBStyleHandler `.json`, format and language version in the style)
// and its SLD package upload (application/zip: the SLD and its icons in the styles folder).

const CSS = 'application/vnd.geoserver.geocss+css';
const YSLD = 'application/vnd.geoserver.ysld+yaml';
const MBSTYLE = 'application/vnd.geoserver.mbstyle+json';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');



describe('style formats and SLD packages', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startOnFixture();
  });
  afterAll(async () => {
    await node?.stop();
  });
  const file = (rel: string) => path.join(node.dataDir, rel);
  const info = async (name: string) => (await call(node, 'GET', `/styles/${name}.json`)).json().style;

  it('CSS: stored as <name>.css with format css, served back as CSS', async () => {
    const body = '* { stroke: red; }';
    expect((await call(node, 'POST', '/styles?name=redcss', { body, type: CSS })).status).toBe(201);
    expect(await info('redcss')).toMatchObject({ format: 'css', filename: 'redcss.css', languageVersion: { version: '1.0.0' } });
    expect(fs.readFileSync(file('styles/redcss.css'), 'utf8')).toBe(body);
    const r = await call(node, 'GET', '/styles/redcss.css');
    expect([r.status, r.headers.get('content-type'), r.text]).toEqual([200, CSS, body]);
  });

  it('YSLD: named by its name key, stored as .yaml; MBStyle stored as .json; PUT of a new body keeps the format', async () => {
    const ysld = 'name: greenysld\nfeature-styles:\n- rules:\n  - symbolizers:\n    - line:\n        stroke-color: "#00ff00"\n';
    expect((await call(node, 'POST', '/styles', { body: ysld, type: YSLD })).status).toBe(201);
    expect(await info('greenysld')).toMatchObject({ format: 'ysld', filename: 'greenysld.yaml' });
    expect((await call(node, 'GET', '/styles/greenysld.ysld')).text).toBe(ysld);
    const mb = JSON.stringify({ version: 8, name: 'bluemb', layers: [{ id: 'l', type: 'line', paint: { 'line-color': '#0000ff' } }] });
    expect((await call(node, 'POST', '/styles', { body: mb, type: MBSTYLE })).status).toBe(201);
    expect(await info('bluemb')).toMatchObject({ format: 'mbstyle', filename: 'bluemb.json' });
    expect(fs.readFileSync(file('styles/bluemb.json'), 'utf8')).toBe(mb);
    expect((await call(node, 'PUT', '/styles/bluemb', { body: '* { stroke: blue; }', type: CSS })).status).toBe(200);
    expect(await info('bluemb')).toMatchObject({ format: 'css', filename: 'bluemb.css' });
    expect(fs.existsSync(file('styles/bluemb.json'))).toBe(false);
  });

  it('a zipped SLD lands as <name>.sld with its icon beside it', async () => {
    const zip = makeZip([{ name: 'iconic.sld', data: ICON_SLD }, { name: 'icon.png', data: PNG }]);
    const r = await call(node, 'POST', '/styles', { body: zip, type: 'application/zip' });
    expect(r.status, r.text).toBe(201);
    expect(await info('iconic')).toMatchObject({ format: 'sld', filename: 'iconic.sld' });
    expect(fs.readFileSync(file('styles/icon.png'))).toEqual(PNG);
    expect(fs.readFileSync(file('styles/iconic.sld'), 'utf8')).toBe(ICON_SLD);
  });

  it('bad bodies are refused with a clear 400 and change nothing', async () => {
    const reads = ['/styles.json'];
    const post = (type: string, body: string | Buffer) => () => call(node, 'POST', '/styles?name=bad', { body, type });
    const msg = (await expectRefused(node, 400, post(YSLD, 'name: [unclosed'), reads)).text;
    expect(msg).toMatch(/YAML/);
    expect((await expectRefused(node, 400, post(MBSTYLE, '{"layers": '), reads)).text).toMatch(/JSON/);
    await expectRefused(node, 400, post(MBSTYLE, '{"version": 8}'), reads);
    await expectRefused(node, 400, post(CSS, '   '), reads);
    await expectRefused(node, 400, post('application/zip', makeZip([{ name: 'icon.png', data: PNG }])), reads);
    await expectRefused(node, 400, post('application/zip', makeZip([{ name: 'a.sld', data: '<notsld/>' }])), reads);
  });
});
