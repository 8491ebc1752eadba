import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, tempDir, type NodeProcess } from '../helpers/node-process.js';
import { expectRefused } from '../helpers/rest-checks.js';

// Cases from GeoServer's StyleControllerTest, the styles REST docs (styles.rst) and the contract
// (../shared/reference/geoserver-rest-contract.md §7). The node starts on a copy of
// test/fixtures/datadir-full: 8 global styles (dem is used by the sfdem layer, simple_streams_se
// by streams, states_css is CSS and unused) and bugsites_sf in workspace sf.
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/datadir-full');
const SLD10 = 'application/vnd.ogc.sld+xml';
const SLD11 = 'application/vnd.ogc.se+xml';

function fixtureCopy(): string {
  const dir = tempDir();
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'README.md'));
  return dir;
}

/** StyleControllerTest.newSLDXML: NamedLayer and UserStyle both named `name`. */
function sld10(name = 'foo'): string {
  return `<sld:StyledLayerDescriptor xmlns:sld='http://www.opengis.net/sld'><sld:NamedLayer><sld:Name>${name}</sld:Name><sld:UserStyle><sld:Name>${name}</sld:Name><sld:FeatureTypeStyle><sld:Name>${name}</sld:Name></sld:FeatureTypeStyle></sld:UserStyle></sld:NamedLayer></sld:StyledLayerDescriptor>`;
}

/** StyleControllerTest.newSLD11XML (abridged). */
function sld11(name = 'foo'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:se="http://www.opengis.net/se" version="1.1.0">
  <NamedLayer><se:Name>${name}</se:Name><UserStyle><se:Name>${name}</se:Name><se:FeatureTypeStyle><se:Rule><se:LineSymbolizer><se:Stroke><se:SvgParameter name="stroke">#aa6e8e</se:SvgParameter></se:Stroke></se:LineSymbolizer></se:Rule></se:FeatureTypeStyle></UserStyle></NamedLayer>
</StyledLayerDescriptor>`;
}

/** The SLD GeoServer ships as test data externalEntities.sld: an external entity in the DTD. */
const EXTERNAL_ENTITY = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE StyledLayerDescriptor [<!ENTITY c SYSTEM "file:///this/file/does/not/exist">]>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer><Name>&c;</Name></NamedLayer></StyledLayerDescriptor>`;

describe('REST /styles', () => {
  let node: NodeProcess;
  const file = (rel: string) => path.join(node.dataDir, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');

  beforeAll(async () => {
    node = await startNode({ dataDir: fixtureCopy() });
  });
  afterAll(async () => {
    await node?.stop();
  });

  /** A refused request changes nothing: not the data directory, not the global or sf listings. */
  async function refusedUnchanged(status: number, method: string, url: string, opts: { body?: string | Buffer; type?: string } = {}): Promise<string> {
    return (await expectRefused(node, status, () => call(node, method, url, opts), ['/styles.json', '/workspaces/sf/styles.json'], { plainText: true })).text;
  }


  describe('reading', () => {
    it('the global list excludes workspace styles (testGetAllASJSON, testGetAllAsXML)', async () => {
      const json = (await call(node, 'GET', '/styles.json')).json();
      const names = json.styles.style.map((s: { name: string }) => s.name);
      expect(names).toEqual(['dem', 'generic', 'line', 'point', 'polygon', 'raster', 'simple_streams_se', 'states_css']);
      expect(json.styles.style[0]).toEqual({ name: 'dem', href: `${node.rest}/styles/dem.json` });
      const xml = (await call(node, 'GET', '/styles.xml')).text;
      expect(xml.match(/<style>/g)).toHaveLength(8);
    });

    it('a workspace list holds its styles only; an empty one is <styles/> and "" (testGetAllFromWorkspace)', async () => {
      const sf = (await call(node, 'GET', '/workspaces/sf/styles.xml')).text;
      expect(sf).toMatch(/^<styles>/);
      expect(sf).toContain('<name>bugsites_sf</name>');
      expect(sf).toContain(`href="${node.rest}/workspaces/sf/styles/bugsites_sf.xml"`);
      expect((await call(node, 'GET', '/workspaces/topp/styles.xml')).text.trim()).toBe('<styles/>');
      expect((await call(node, 'GET', '/workspaces/topp/styles.json')).json()).toEqual({ styles: '' });
      expect((await call(node, 'GET', '/workspaces/nope/styles.json')).status).toBe(404);
    });

    it('GETs a style description in XML and JSON (testGetAsXML, testGetAsJSON)', async () => {
      const xml = (await call(node, 'GET', '/styles/dem.xml')).text;
      expect(xml).toMatch(/^<style>/);
      expect(xml).toContain('<name>dem</name>');
      expect(xml).toContain('<filename>dem.sld</filename>');
      expect(xml).not.toContain('<id>');
      const json = (await call(node, 'GET', '/styles/simple_streams_se.json')).json();
      expect(json.style).toMatchObject({ name: 'simple_streams_se', format: 'sld', languageVersion: { version: '1.1.0' }, filename: 'simple_streams_se.sld' });
      expect(json.style.workspace).toBeUndefined();
    });

    it('a workspace style names its workspace; its JSON is the body geoserver-node-client POSTs to /layers/{l}/styles', async () => {
      const json = (await call(node, 'GET', '/workspaces/sf/styles/bugsites_sf.json')).json();
      expect(json.style.name).toBe('bugsites_sf');
      expect(json.style.workspace.name).toBe('sf');
      expect((await call(node, 'GET', '/workspaces/sf/styles/bugsites_sf.xml')).text).toContain('<workspace>\n    <name>sf</name>');
    });

    it('404 messages name the style and workspace; quietOnNotFound empties them (testGetWrongStyle)', async () => {
      const g = await call(node, 'GET', '/styles/foooooo.html');
      expect(g.status).toBe(404);
      expect(g.text).toContain('No such style: foooooo');
      const w = await call(node, 'GET', '/workspaces/sf/styles/foooooo.html');
      expect(w.status).toBe(404);
      expect(w.text).toContain('No such style foooooo in workspace sf');
      expect((await call(node, 'GET', '/workspaces/sf/styles/foooooo.html?quietOnNotFound=true')).text).toBe('');
      expect((await call(node, 'GET', '/styles/bugsites_sf.xml')).status).toBe(404);
    });

    it('GET .sld, or Accept of an SLD type, answers the file with the style\'s type (testGetAsSLD)', async () => {
      const r = await call(node, 'GET', '/styles/dem.sld');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(SLD10);
      expect(r.text).toBe(read('styles/dem.sld'));
      const se = await call(node, 'GET', '/styles/simple_streams_se', { accept: SLD11 });
      expect(se.headers.get('content-type')).toBe(SLD11);
      expect(se.text).toContain('StyledLayerDescriptor');
      const css = await call(node, 'GET', '/styles/states_css.css');
      expect(css.text).toBe(read('styles/states_css.css'));
      expect((await call(node, 'GET', '/styles/states_css.sld')).status).toBe(406);
    });
  });

  describe('creating', () => {
    it('POST an SLD 1.0: 201, file styles/foo.sld byte for byte and the style entry (testPostAsSLD)', async () => {
      const r = await call(node, 'POST', '/styles', { type: SLD10, body: sld10() });
      expect(r.status).toBe(201);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(r.headers.get('location')).toBe(`${node.rest}/styles/foo`);
      expect(read('styles/foo.sld')).toBe(sld10());
      const entry = read('styles/foo.xml');
      expect(entry).toMatch(/<name>foo<\/name>\s*<format>sld<\/format>\s*<languageVersion>\s*<version>1.0.0<\/version>\s*<\/languageVersion>\s*<filename>foo.sld<\/filename>\s*<dateCreated>/);
      expect((await call(node, 'GET', '/styles/foo.sld')).text).toBe(sld10());
    });

    it('POST the same name again is 403 "Style foo already exists." and changes nothing', async () => {
      expect(await refusedUnchanged(403, 'POST', '/styles', { type: SLD10, body: sld10() })).toBe('Style foo already exists.');
      await refusedUnchanged(403, 'POST', '/styles?name=foo', { type: SLD11, body: sld11('other') });
    });

    it('POST an SLD 1.1 as application/vnd.ogc.se+xml keeps version 1.1.0 (testPostAsSLD11, testPostAsSE)', async () => {
      const r = await call(node, 'POST', '/styles?name=se11', { type: SLD11, body: sld11('UserSelection') });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${node.rest}/styles/se11`);
      expect((await call(node, 'GET', '/styles/se11.json')).json().style.languageVersion).toEqual({ version: '1.1.0' });
      expect((await call(node, 'GET', '/styles/se11.sld')).headers.get('content-type')).toBe(SLD11);
    });

    it('?name= wins over the SLD; the NamedLayer name serves when no UserStyle is named (testPostAsSLDWithName)', async () => {
      expect((await call(node, 'POST', '/styles?name=bar', { type: SLD10, body: sld10() })).headers.get('location')).toBe(`${node.rest}/styles/bar`);
      const onlyLayer = "<StyledLayerDescriptor xmlns='http://www.opengis.net/sld'><NamedLayer><Name>layername</Name><UserStyle><FeatureTypeStyle/></UserStyle></NamedLayer></StyledLayerDescriptor>";
      expect((await call(node, 'POST', '/styles', { type: SLD10, body: onlyLayer })).text).toBe('layername');
      const unnamed = await call(node, 'POST', '/styles', { type: SLD10, body: "<StyledLayerDescriptor><UserLayer><UserStyle/></UserLayer></StyledLayerDescriptor>" });
      expect(unnamed.status).toBe(201);
      expect(unnamed.text).toMatch(/^style-[0-9a-f]{7}$/);
    });

    it('POST to a workspace writes workspaces/<ws>/styles/<name>.sld (testPostAsSLDToWorkspace)', async () => {
      const r = await call(node, 'POST', '/workspaces/sf/styles', { type: SLD10, body: sld10() });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${node.rest}/workspaces/sf/styles/foo`);
      expect(read('workspaces/sf/styles/foo.sld')).toBe(sld10());
      expect(read('workspaces/sf/styles/foo.xml')).toMatch(/<name>foo<\/name>\s*<workspace>\s*<id>WorkspaceInfoImpl-/);
      expect((await call(node, 'GET', '/workspaces/sf/styles/foo.json')).json().style.workspace.name).toBe('sf');
      expect((await call(node, 'GET', '/workspaces/sf/styles/foo.sld')).text).toBe(sld10());
    });

    it('a name with a space: Location is percent-encoded, DELETE /styles/Default+Styler works (testStyleWithSpaceInName)', async () => {
      const r = await call(node, 'POST', '/styles?name=Default%20Styler', { type: SLD10, body: sld10() });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${node.rest}/styles/Default%20Styler`);
      expect(fs.existsSync(file('styles/Default Styler.sld'))).toBe(true);
      expect((await call(node, 'DELETE', '/styles/Default+Styler')).status).toBe(200);
      expect((await call(node, 'GET', '/styles/Default%20Styler.json')).status).toBe(404);
    });

    it('refuses an SLD with an external entity as GeoServer does (500 "Entity resolution disallowed") and changes nothing (testPostExternalEntityAsSLD)', async () => {
      const msg = await refusedUnchanged(500, 'POST', '/styles', { type: SLD10, body: EXTERNAL_ENTITY });
      expect(msg).toContain('Entity resolution disallowed');
      expect(msg).toContain('/this/file/does/not/exist');
      await refusedUnchanged(500, 'POST', '/styles?name=evil&raw=true', { type: SLD10, body: EXTERNAL_ENTITY });
      await refusedUnchanged(500, 'POST', '/workspaces/sf/styles', { type: 'application/xml', body: EXTERNAL_ENTITY });
    });

    it('refuses malformed bodies, bad names, unknown workspaces and unsupported types with a 4xx, changing nothing', async () => {
      await refusedUnchanged(400, 'POST', '/styles?name=broken', { type: SLD10, body: '<StyledLayerDescriptor><NamedLayer>' });
      await refusedUnchanged(400, 'POST', '/styles?name=broken', { type: SLD10, body: '<FeatureTypeStyle/>' });
      await refusedUnchanged(400, 'POST', '/styles?name=broken', { type: SLD10, body: 'not xml at all' });
      for (const name of ['a/b', 'a\\b', '..', 'x..y', 'a\u0007b', '']) {
        await refusedUnchanged(400, 'POST', `/styles?name=${encodeURIComponent(name)}`, { type: SLD10, body: sld10() });
      }
      await refusedUnchanged(400, 'POST', '/styles', { type: SLD10, body: sld10('../escape') });
      await refusedUnchanged(404, 'POST', '/workspaces/nope/styles', { type: SLD10, body: sld10('x1') });
      await refusedUnchanged(400, 'POST', '/styles', { type: 'application/zip', body: Buffer.from('PK\u0003\u0004') });
      await refusedUnchanged(415, 'POST', '/styles?name=other', { type: 'application/vnd.example+text', body: '* { stroke: red; }' });
      await refusedUnchanged(400, 'POST', '/styles', { type: `${SLD10}; charset=klingon`, body: sld10('x2') });
    });

    it('a style group naming a missing layer is refused (SLDNamedLayerValidator)', async () => {
      const group = "<StyledLayerDescriptor version='1.0.0' xmlns='http://www.opengis.net/sld'><NamedLayer><Name>Stream</Name></NamedLayer><NamedLayer><Name>streams</Name></NamedLayer></StyledLayerDescriptor>";
      const msg = await refusedUnchanged(400, 'POST', '/styles?name=grp', { type: SLD10, body: group });
      expect(msg).toBe("Invalid style:No layer or layer group named 'Stream' found in the catalog");
    });

    it('POST a description creates the entry only; PUT of the SLD then writes its file (testPostToWorkspace, GEOS-11348)', async () => {
      const r = await call(node, 'POST', '/styles', { type: 'text/xml', body: '<style><name>roads_style</name><filename>roads.sld</filename></style>' });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${node.rest}/styles/roads_style`);
      expect(fs.existsSync(file('styles/roads.sld'))).toBe(false);
      expect(read('styles/roads_style.xml')).toContain('<filename>roads.sld</filename>');
      const put = await call(node, 'PUT', '/styles/roads_style', { type: SLD10, body: sld10('roads') });
      expect(put.status).toBe(200);
      expect(read('styles/roads.sld')).toBe(sld10('roads'));
      expect((await call(node, 'GET', '/styles/roads_style.sld')).text).toBe(sld10('roads'));
      const ws = await call(node, 'POST', '/workspaces/sf/styles', { type: 'application/json', body: '{"style":{"name":"wsinfo","filename":"wsinfo.sld"}}' });
      expect(ws.status).toBe(201);
      expect((await call(node, 'GET', '/workspaces/sf/styles/wsinfo.json')).json().style.workspace.name).toBe('sf');
    });

    it('a description with a bad name or file name, or a duplicate, changes nothing', async () => {
      await refusedUnchanged(400, 'POST', '/styles', { type: 'text/xml', body: '<style><name>a/b</name></style>' });
      await refusedUnchanged(400, 'POST', '/styles', { type: 'text/xml', body: '<style><name>ok</name><filename>../../global.xml</filename></style>' });
      await refusedUnchanged(400, 'POST', '/styles', { type: 'text/xml', body: '<style><filename>x.sld</filename></style>' });
      await refusedUnchanged(403, 'POST', '/styles', { type: 'text/xml', body: '<style><name>roads_style</name><filename>r2.sld</filename></style>' });
      await refusedUnchanged(400, 'POST', '/styles', { type: 'application/json', body: '{"style": ' });
    });
  });

  describe('updating', () => {
    it('PUT of an SLD replaces the file, also at /styles/{s}.sld and with a charset (testPutAsSLD, testPutAsSLDWithExtension)', async () => {
      expect((await call(node, 'PUT', '/styles/foo', { type: SLD10, body: sld10('replaced') })).status).toBe(200);
      expect(read('styles/foo.sld')).toBe(sld10('replaced'));
      expect((await call(node, 'PUT', '/styles/foo.sld', { type: `${SLD10}; charset=utf-8`, body: sld10('again') })).status).toBe(200);
      expect(read('styles/foo.sld')).toBe(sld10('again'));
      expect(read('styles/foo.xml')).toContain('<dateModified>');
    });

    it('the language version follows the Content-Type; raw keeps or reads it (testUpdateSLD11With10, testPutAsSLD11Raw)', async () => {
      await call(node, 'PUT', '/styles/foo?raw=true', { type: SLD11, body: sld11('foo') });
      expect((await call(node, 'GET', '/styles/foo.json')).json().style.languageVersion.version).toBe('1.1.0');
      await call(node, 'PUT', '/styles/foo', { type: SLD10, body: sld10() });
      expect((await call(node, 'GET', '/styles/foo.json')).json().style.languageVersion.version).toBe('1.0.0');
    });

    it('?raw=true stores even an invalid body as it came (testRawPutAsInvalidSLD), but never a DTD', async () => {
      expect((await call(node, 'PUT', '/styles/bar?raw=true', { type: SLD10, body: 'This is not valid SLD' })).status).toBe(200);
      expect(read('styles/bar.sld')).toBe('This is not valid SLD');
      const msg = await refusedUnchanged(400, 'PUT', '/styles/bar?raw=true', { type: SLD10, body: EXTERNAL_ENTITY });
      expect(msg).toContain('Entity resolution disallowed');
    });

    it('an invalid SLD on PUT is 400 "Invalid style:…" and changes nothing (testPutAsSLDNamedLayerInvalid)', async () => {
      const group = "<StyledLayerDescriptor version='1.0.0' xmlns='http://www.opengis.net/sld'><NamedLayer><Name>Stream</Name></NamedLayer><NamedLayer><Name>streams</Name></NamedLayer></StyledLayerDescriptor>";
      expect(await refusedUnchanged(400, 'PUT', '/styles/foo', { type: SLD10, body: group })).toBe("Invalid style:No layer or layer group named 'Stream' found in the catalog");
      expect(await refusedUnchanged(400, 'PUT', '/styles/foo', { type: SLD10, body: EXTERNAL_ENTITY })).toMatch(/^Invalid style:Entity resolution disallowed/);
      await refusedUnchanged(400, 'PUT', '/styles/foo', { type: SLD10, body: '<StyledLayerDescriptor>' });
      await refusedUnchanged(404, 'PUT', '/styles/gs:foo', { type: 'application/xml', body: '<style><filename>x.sld</filename></style>' });
      const valid = "<StyledLayerDescriptor version='1.0.0' xmlns='http://www.opengis.net/sld'><NamedLayer><Name>sf:streams</Name></NamedLayer><NamedLayer><Name>overview</Name></NamedLayer></StyledLayerDescriptor>";
      expect((await call(node, 'PUT', '/styles/bar', { type: SLD10, body: valid })).status).toBe(200);
    });

    it('PUT of a description changes the file name and replaces the metadata (testPut, testPutWithMetadata, testPutJSONWithMetadata)', async () => {
      const xml = '<style><name>roads_style</name><filename>Forests.sld</filename><metadata><entry key="cacheAgeMax">300</entry></metadata></style>';
      expect((await call(node, 'PUT', '/styles/roads_style', { type: 'text/xml', body: xml })).status).toBe(200);
      const json = (await call(node, 'GET', '/styles/roads_style.json')).json();
      expect(json.style.filename).toBe('Forests.sld');
      expect(json.style.metadata.entry).toEqual([{ '@key': 'cacheAgeMax', $: '300' }]);
      expect(json.style.dateModified).toBeDefined();
      const body = '{"style":{"name":"roads_style","filename":"roads.sld","metadata":{"entry":[{"@key":"cacheAgeMax","$":"300"},{"@key":"surename","$":"test1"}]}}}';
      expect((await call(node, 'PUT', '/styles/roads_style.json', { type: 'application/json', body })).status).toBe(200);
      expect((await call(node, 'GET', '/styles/roads_style.json')).json().style.metadata.entry).toHaveLength(2);
      expect((await call(node, 'GET', '/styles/roads_style.sld')).text).toBe(sld10('roads'));
    });

    it('a GET/PUT round trip of a description in JSON and XML changes nothing but dateModified', async () => {
      const strip = (s: string) => s.replace(/\s*<dateModified>[^<]*<\/dateModified>/, '').trimEnd();
      const before = strip(read('workspaces/sf/styles/bugsites_sf.xml'));
      for (const ext of ['json', 'xml']) {
        const body = (await call(node, 'GET', `/workspaces/sf/styles/bugsites_sf.${ext}`)).text;
        const r = await call(node, 'PUT', '/workspaces/sf/styles/bugsites_sf', { type: `application/${ext}`, body });
        expect(r.status, r.text).toBe(200);
        expect(strip(read('workspaces/sf/styles/bugsites_sf.xml'))).toBe(before);
      }
      expect((await call(node, 'GET', '/workspaces/sf/styles/bugsites_sf.sld')).text).toBe(read('workspaces/sf/styles/bugsites_sf.sld'));
    });

    it('PUT <workspace> moves a style and its file between scopes (testPutToWorkspaceChangeWorkspace, …BackToGlobal)', async () => {
      expect((await call(node, 'PUT', '/styles/bar', { type: 'application/xml', body: '<style><workspace>topp</workspace></style>' })).status).toBe(200);
      expect(fs.existsSync(file('styles/bar.sld'))).toBe(false);
      expect(fs.existsSync(file('styles/bar.xml'))).toBe(false);
      expect(fs.existsSync(file('workspaces/topp/styles/bar.sld'))).toBe(true);
      expect(read('workspaces/topp/styles/bar.xml')).toMatch(/<name>bar<\/name>\s*<workspace>/);
      expect((await call(node, 'GET', '/workspaces/topp/styles/bar.json')).json().style.workspace.name).toBe('topp');
      expect((await call(node, 'PUT', '/workspaces/topp/styles/bar', { type: 'application/xml', body: '<style><workspace></workspace></style>' })).status).toBe(200);
      expect(fs.existsSync(file('styles/bar.sld'))).toBe(true);
      expect(fs.existsSync(file('workspaces/topp/styles/bar.sld'))).toBe(false);
      expect((await call(node, 'GET', '/styles/bar.json')).json().style.workspace).toBeUndefined();
    });

    it('a move onto a taken name, a rename of a default style, or a bad name changes nothing (testPutRenameDefault)', async () => {
      await refusedUnchanged(403, 'PUT', '/workspaces/sf/styles/foo', { type: 'application/xml', body: '<style><workspace></workspace></style>' });
      await refusedUnchanged(500, 'PUT', '/styles/line', { type: 'text/xml', body: '<style><name>Ponds</name><filename>Forests.sld</filename></style>' });
      await refusedUnchanged(500, 'PUT', '/styles/line', { type: 'text/xml', body: '<style><workspace>sf</workspace></style>' });
      await refusedUnchanged(400, 'PUT', '/styles/bar', { type: 'text/xml', body: '<style><name>a\\b</name></style>' });
      await refusedUnchanged(400, 'PUT', '/styles/bar', { type: 'text/xml', body: '<style><filename>../bar.sld</filename></style>' });
      await refusedUnchanged(404, 'PUT', '/styles/bar', { type: 'text/xml', body: '<style><workspace>nope</workspace></style>' });
      await refusedUnchanged(403, 'PUT', '/styles/bar', { type: 'text/xml', body: '<style><name>foo</name></style>' });
    });

    it('a rename takes the file along', async () => {
      expect((await call(node, 'PUT', '/styles/bar', { type: 'text/xml', body: '<style><name>baz</name></style>' })).status).toBe(200);
      expect(fs.existsSync(file('styles/bar.sld'))).toBe(false);
      expect(read('styles/baz.xml')).toContain('<filename>baz.sld</filename>');
      expect((await call(node, 'GET', '/styles/baz.sld')).status).toBe(200);
    });
  });

  describe('deleting', () => {
    it('a default style is 500 and a style used by a layer 403, changing nothing (testDeleteDefault, testDeleteWithLayerReference)', async () => {
      expect(await refusedUnchanged(500, 'DELETE', '/styles/line')).toBe('Unable to delete default style line.');
      await refusedUnchanged(500, 'DELETE', '/styles/point?recurse=true');
      expect(await refusedUnchanged(403, 'DELETE', '/styles/dem')).toBe("Can't delete style referenced by existing layers.");
      await refusedUnchanged(404, 'DELETE', '/styles/nope');
      await refusedUnchanged(405, 'DELETE', '/styles');
    });

    it('?recurse=true removes a used style; its layer falls back to a default style (testDeleteWithLayerReferenceAndRecurse)', async () => {
      expect((await call(node, 'DELETE', '/styles/dem?recurse=true')).status).toBe(200);
      expect((await call(node, 'GET', '/styles/dem.json')).status).toBe(404);
      const layer = read('workspaces/sf/sfdem/sfdem/layer.xml');
      expect(layer).not.toContain('StyleInfoImpl-6a1f3b2c:18e4d2a7f10:-7feb');
      expect(layer).toContain('StyleInfoImpl-6a1f3b2c:18e4d2a7f10:-7fed');
    });

    it('without purge the file is kept as .bak; with purge it goes (testDeleteWithoutPurge, testDeleteWithPurge)', async () => {
      expect((await call(node, 'DELETE', '/styles/foo')).status).toBe(200);
      expect(fs.existsSync(file('styles/foo.sld'))).toBe(false);
      expect(fs.existsSync(file('styles/foo.xml'))).toBe(false);
      expect(read('styles/foo.sld.bak')).toBe(sld10());
      expect((await call(node, 'DELETE', '/styles/se11?purge=true')).status).toBe(200);
      expect(fs.existsSync(file('styles/se11.sld'))).toBe(false);
      expect(fs.existsSync(file('styles/se11.sld.bak'))).toBe(false);
      // the name and the file are free again
      expect((await call(node, 'POST', '/styles', { type: SLD10, body: sld10() })).status).toBe(201);
    });

    it('deletes from a workspace, with purge (testDeleteFromWorkspace, testDeleteFromWorkspaceWithPurge)', async () => {
      expect((await call(node, 'DELETE', '/workspaces/sf/styles/foo.xml?purge=true')).status).toBe(200);
      expect(fs.existsSync(file('workspaces/sf/styles/foo.sld'))).toBe(false);
      expect(fs.existsSync(file('workspaces/sf/styles/foo.xml'))).toBe(false);
      expect((await call(node, 'GET', '/workspaces/sf/styles/foo.json')).status).toBe(404);
      expect((await call(node, 'DELETE', '/workspaces/sf/styles/wsinfo')).status).toBe(200);
    });
  });
});
