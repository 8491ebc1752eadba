import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parse.js';
import { call, startNode, tempDir, type NodeProcess } from '../helpers/node-process.js';
import { expectRefused } from '../helpers/rest-checks.js';

// Cases from GeoServer's LayerGroupControllerTest, the layer group REST docs and the contract
// (../shared/reference/geoserver-rest-contract.md §8), plus geoserver-node-client's create body.
// The node starts on a copy of test/fixtures/datadir-full: global groups spearfish (sfdem, streams,
// bugsites) and overview (ne_countries, states, nested spearfish), sf:sf_base (streams, bugsites).
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/datadir-full');

function fixtureCopy(): string {
  const dir = tempDir();
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'README.md'));
  return dir;
}

const STREAMS = 'LayerInfoImpl-6a1f3b2c:18e4d2a7f10:-7fc9';
const STATES = 'LayerInfoImpl-6a1f3b2c:18e4d2a7f10:-7fcf';
const SPEARFISH = 'LayerGroupInfoImpl-6a1f3b2c:18e4d2a7f10:-7fc0';
const POLYGON = 'StyleInfoImpl-6a1f3b2c:18e4d2a7f10:-7fee';

describe('REST /layergroups', () => {
  let node: NodeProcess;
  const read = (rel: string) => fs.readFileSync(path.join(node.dataDir, rel), 'utf8');
  const exists = (rel: string) => fs.existsSync(path.join(node.dataDir, rel));

  beforeAll(async () => {
    node = await startNode({ dataDir: fixtureCopy() });
  });
  afterAll(async () => {
    await node?.stop();
  });

  /** A refused request changes nothing: not the data directory, not the global or sf listings. */
  async function refusedUnchanged(status: number, method: string, url: string, opts: { body?: string; type?: string } = {}): Promise<string> {
    return (await expectRefused(node, status, () => call(node, method, url, opts), ['/layergroups.json', '/workspaces/sf/layergroups.json'], { plainText: true })).text;
  }


  const post = (url: string, body: string, type = 'text/xml') => call(node, 'POST', url, { type, body });

  describe('reading', () => {
    it('lists global groups and workspace groups apart (testGetAllAsXML, testGetAllFromWorkspace)', async () => {
      const json = (await call(node, 'GET', '/layergroups.json')).json();
      expect(json.layerGroups.layerGroup).toEqual([
        { name: 'spearfish', href: `${node.rest}/layergroups/spearfish.json` },
        { name: 'overview', href: `${node.rest}/layergroups/overview.json` },
      ]);
      const sf = (await call(node, 'GET', '/workspaces/sf/layergroups.xml')).text;
      expect(sf).toMatch(/^<layerGroups>/);
      expect(sf).toContain('<name>sf_base</name>');
      expect(sf).toContain(`href="${node.rest}/workspaces/sf/layergroups/sf_base.xml"`);
      expect((await call(node, 'GET', '/workspaces/topp/layergroups.json')).json()).toEqual({ layerGroups: '' });
      expect((await call(node, 'GET', '/workspaces/topp/layergroups.xml')).text.trim()).toBe('<layerGroups/>');
      expect((await call(node, 'GET', '/layergroups.html')).status).toBe(200);
    });

    it('GET in XML: qualified member names with workspace layer links, one style per member, <style/> for defaults (testGetAsXML)', async () => {
      const xml = (await call(node, 'GET', '/layergroups/spearfish.xml')).text;
      expect(xml).toMatch(/^<layerGroup>\n {2}<name>spearfish<\/name>\n {2}<mode>SINGLE<\/mode>/);
      expect(xml.match(/<published /g)).toHaveLength(3);
      expect(xml.match(/<style\/>|<style>/g)).toHaveLength(3);
      expect(xml).toContain('<published type="layer">\n      <name>sf:streams</name>');
      expect(xml).toContain(`href="${node.rest}/workspaces/sf/layers/streams.xml" type="application/xml"`);
      expect(xml).toContain(`href="${node.rest}/styles/line.xml" type="application/xml"`);
      expect(xml).toContain('<crs class="projected">EPSG:26713</crs>');
      expect(xml).not.toContain('<id>');
    });

    it('GET in JSON: arrays of published and styles, "" for a default style, bounds crs with @class (testGetAsJSON)', async () => {
      const lg = (await call(node, 'GET', '/layergroups/spearfish.json')).json().layerGroup;
      expect(lg.publishables.published).toHaveLength(3);
      expect(lg.publishables.published[1]).toEqual({ '@type': 'layer', name: 'sf:streams', href: `${node.rest}/workspaces/sf/layers/streams.json` });
      expect(lg.styles.style).toEqual(['', { name: 'line', href: `${node.rest}/styles/line.json` }, '']);
      expect(lg.bounds).toEqual({ minx: 589425.9342365642, maxx: 609518.6719560538, miny: 4913959.224611808, maxy: 4928082.949945881, crs: { '@class': 'projected', $: 'EPSG:26713' } });
      expect(lg.abstractTxt).toBe('Spearfish elevation, streams and bug sites.');
    });

    it('a nested group links to the group; keywords are a list (testGetAsXMLNestedLinks)', async () => {
      const lg = (await call(node, 'GET', '/layergroups/overview.json')).json().layerGroup;
      expect(lg.publishables.published[2]).toEqual({ '@type': 'layerGroup', name: 'spearfish', href: `${node.rest}/layergroups/spearfish.json` });
      expect(lg.keywords.string).toEqual(['overview', 'basemap']);
    });

    it('a workspace group names its workspace and its workspace styles qualified (testGetFromWorkspace, testLayersStylesInWorkspace)', async () => {
      const xml = (await call(node, 'GET', '/workspaces/sf/layergroups/sf_base.xml')).text;
      expect(xml).toContain('<workspace>\n    <name>sf</name>');
      expect(xml).toContain('<name>sf:bugsites_sf</name>');
      expect(xml).toContain(`href="${node.rest}/workspaces/sf/styles/bugsites_sf.xml"`);
      expect((await call(node, 'GET', '/layergroups/sf:sf_base.json')).json().layerGroup.name).toBe('sf_base');
    });

    it('404 messages name the group and workspace; quietOnNotFound empties them (testGetWrongLayerGroup)', async () => {
      const g = await call(node, 'GET', '/layergroups/foooooo.html');
      expect(g.status).toBe(404);
      expect(g.text).toContain('No such layer group foooooo');
      const w = await call(node, 'GET', '/workspaces/sf/layergroups/foooooo.html');
      expect(w.text).toContain('No such layer group foooooo in workspace sf');
      expect((await call(node, 'GET', '/workspaces/sf/layergroups/foooooo.html?quietOnNotFound=true')).text).toBe('');
      expect((await call(node, 'GET', '/layergroups/sf_base.json')).status).toBe(404);
      expect((await call(node, 'GET', '/workspaces/nope/layergroups.json')).status).toBe(404);
    });
  });

  describe('creating', () => {
    it('POST with <layers>/<styles>: 201, ids on disk, keywords, bounds from the members (testPost)', async () => {
      const r = await post('/layergroups', `<layerGroup><name>newLayerGroup</name>
        <layers><layer>states</layer><layer>streams</layer></layers>
        <styles><style>polygon</style><style>line</style></styles>
        <keywords><string>keyword1\\@language=en\\;\\@vocabulary=vocabulary1\\;</string><string>keyword2</string></keywords></layerGroup>`);
      expect(r.status).toBe(201);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(r.text).toBe('newLayerGroup');
      expect(r.headers.get('location')).toBe(`${node.rest}/layergroups/newLayerGroup`);
      const file = read('layergroups/newLayerGroup.xml');
      expect(file).toMatch(/<name>newLayerGroup<\/name>\s*<mode>SINGLE<\/mode>/);
      expect(file).toContain(`<published type="layer">\n      <id>${STATES}</id>`);
      expect(file).toContain(`<style>\n      <id>${POLYGON}</id>`);
      expect(file).toContain('<string>keyword1\\@language=en\\;\\@vocabulary=vocabulary1\\;</string>');
      expect(file).toContain('<dateCreated>');
      const lg = (await call(node, 'GET', '/layergroups/newLayerGroup.json')).json().layerGroup;
      expect(lg.bounds).toEqual({ minx: -124.731422, maxx: -66.969849, miny: 24.955967, maxy: 49.371735, crs: 'EPSG:4326' });
      expect(lg.styles.style.map((s: { name: string }) => s.name)).toEqual(['polygon', 'line']);
    });

    it('POST with <publishables>, a nested group and an empty style (testPostWithNestedGroups)', async () => {
      const r = await post('/layergroups', `<layerGroup><name>nestedLayerGroupTest</name><publishables>
        <published type="layer">states</published><published type="layer">streams</published><published type="layerGroup">spearfish</published>
        </publishables><styles><style>polygon</style><style>line</style><style></style></styles></layerGroup>`);
      expect(r.status).toBe(201);
      const file = read('layergroups/nestedLayerGroupTest.xml');
      expect(file).toContain(`<published type="layerGroup">\n      <id>${SPEARFISH}</id>`);
      expect(file).toMatch(/<style\/>\s*<\/styles>/);
    });

    it('POST without styles gives default styles; <styles/> too (testPostNoStyles, testPostXMLWithContainedGroupStyleNull)', async () => {
      expect((await post('/layergroups', '<layerGroup><name>noStyles</name><layers><layer>states</layer><layer>streams</layer></layers></layerGroup>')).status).toBe(201);
      expect(read('layergroups/noStyles.xml')).toMatch(/<styles>\s*<style\/>\s*<style\/>\s*<\/styles>/);
      const nulls = '<layerGroup><name>layerGroupNullStyle2</name><publishables><published type="layerGroup">spearfish</published><published type="layerGroup">overview</published></publishables><styles/></layerGroup>';
      expect((await post('/layergroups', nulls)).status).toBe(201);
      const json = '{"layerGroup":{"name":"layerGroupNullStyle","publishables":{"published":[{"name":"spearfish","@type":"layerGroup"},{"name":"overview","@type":"layerGroup"}]},"styles":null}}';
      expect((await post('/layergroups', json, 'application/json')).status).toBe(201);
      expect((await call(node, 'GET', '/layergroups/layerGroupNullStyle.json')).json().layerGroup.styles.style).toEqual(['', '']);
    });

    it('qualified names pick the workspace (testLayerGroupDuplicateLayerNames)', async () => {
      expect((await post('/layergroups', '<layerGroup><name>doubleLayerGroup</name><layers><layer>topp:states</layer><layer>sf:streams</layer></layers></layerGroup>')).status).toBe(201);
      const lg = (await call(node, 'GET', '/layergroups/doubleLayerGroup.xml')).text;
      expect(lg.indexOf('<name>topp:states</name>')).toBeLessThan(lg.indexOf('<name>sf:streams</name>'));
      expect(lg).toContain(`href="${node.rest}/workspaces/topp/layers/states.xml"`);
    });

    it('POST modes CONTAINER and EO with root layer and style (testPostWithTypeContainer, testPostWithTypeEO)', async () => {
      expect((await post('/layergroups', '<layerGroup><name>container</name><mode>CONTAINER</mode><layers><layer>states</layer></layers></layerGroup>')).status).toBe(201);
      const eo = '<layerGroup><name>eo</name><mode>EO</mode><rootLayer>states</rootLayer><rootLayerStyle>polygon</rootLayerStyle><layers><layer>streams</layer></layers><styles><style>point</style></styles></layerGroup>';
      expect((await post('/layergroups', eo)).status).toBe(201);
      const file = read('layergroups/eo.xml');
      expect(file).toMatch(/<mode>EO<\/mode>\s*<rootLayer>\s*<id>LayerInfoImpl-6a1f3b2c:18e4d2a7f10:-7fcf<\/id>\s*<\/rootLayer>\s*<rootLayerStyle>/);
      const json = (await call(node, 'GET', '/layergroups/eo.json')).json().layerGroup;
      expect(json.rootLayer.name).toBe('topp:states');
      expect(json.rootLayerStyle.name).toBe('polygon');
    });

    it('takes geoserver-node-client\'s create body (double slash URL, layerGroupTitle, styles [""]) (testPostToWorkspace)', async () => {
      const body = {
        layerGroup: {
          name: 'clientGroup', workspace: { name: 'sf' },
          publishables: { published: [{ '@type': 'layer', name: 'sf:streams', href: `${node.rest}/workspaces/sf/layers/streams.json` }] },
          styles: { style: [''] }, mode: 'SINGLE', layerGroupTitle: '', abstractTxt: '',
          bounds: { minx: -180, maxx: -90, miny: 180, maxy: 90, crs: 'EPSG:4326' },
        },
      };
      const r = await call(node, 'POST', '//workspaces/sf/layergroups', { type: 'application/json', body: JSON.stringify(body) });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${node.rest}/workspaces/sf/layergroups/clientGroup`);
      const file = read('workspaces/sf/layergroups/clientGroup.xml');
      expect(file).not.toContain('layerGroupTitle');
      expect(file).toMatch(/<workspace>\s*<id>WorkspaceInfoImpl-6a1f3b2c:18e4d2a7f10:-7ffd<\/id>/);
      expect(file).toMatch(/<styles>\s*<style\/>\s*<\/styles>/);
      expect(file).toMatch(/<minx>-180<\/minx>\s*<maxx>-90<\/maxx>/);
      const lg = (await call(node, 'GET', '//workspaces/sf/layergroups/clientGroup.json')).json().layerGroup;
      expect(lg.workspace.name).toBe('sf');
      expect((await call(node, 'GET', '/workspaces/sf/layergroups.json')).json().layerGroups.layerGroup).toHaveLength(2);
    });

    it('refuses an empty group, unknown members and styles, miscounted styles and bad modes, changing nothing', async () => {
      expect(await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>empty</name></layerGroup>' })).toBe('layer group must not be empty');
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>empty</name><layers/></layerGroup>' });
      expect(await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>empty</name><styles><style>line</style></styles></layerGroup>' })).toBe('layer group must not be empty');
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>empty</name><layers><layer></layer></layers><styles><style/></styles></layerGroup>' });
      await refusedUnchanged(404, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>states</layer><layer>nope</layer></layers></layerGroup>' });
      await refusedUnchanged(404, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><publishables><published type="layerGroup">nope</published></publishables></layerGroup>' });
      await refusedUnchanged(404, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>nope:states</layer></layers></layerGroup>' });
      await refusedUnchanged(404, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>states</layer></layers><styles><style>nope</style></styles></layerGroup>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>states</layer></layers><styles><style>line</style><style>point</style></styles></layerGroup>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><publishables><published type="map">states</published></publishables></layerGroup>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><mode>SOMETIMES</mode><layers><layer>states</layer></layers></layerGroup>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><mode>EO</mode><layers><layer>states</layer></layers></layerGroup>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><rootLayer>states</rootLayer><layers><layer>states</layer></layers></layerGroup>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>states</layer></layers><bounds><minx>x</minx></bounds></layerGroup>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>states</layer></layers><layerGroupStyles><LayerGroupStyle><name>s</name></LayerGroupStyle></layerGroupStyles></layerGroup>' });
    });

    it('refuses bad names, malformed bodies and members from another workspace, changing nothing', async () => {
      for (const name of ['a/b', 'a\\b', '..', 'a..b', 'a\u0000b', '']) {
        await refusedUnchanged(400, 'POST', '/layergroups', { type: 'application/json', body: JSON.stringify({ layerGroup: { name, layers: { layer: ['states'] } } }) });
      }
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>states</layer>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'application/json', body: '{"layerGroup": [' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<!DOCTYPE l [<!ENTITY e SYSTEM "file:///etc/passwd">]><layerGroup><name>&e;</name></layerGroup>' });
      await refusedUnchanged(400, 'POST', '/layergroups', { type: 'text/xml', body: '<layer><name>g</name></layer>' });
      const msg = await refusedUnchanged(400, 'POST', '/workspaces/sf/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>topp:states</layer></layers></layerGroup>' });
      expect(msg).toBe('Layer group within a workspace (sf) can not contain resources from other workspace: topp');
      await refusedUnchanged(400, 'POST', '/workspaces/topp/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>states</layer></layers><styles><style>sf:bugsites_sf</style></styles></layerGroup>' });
      await refusedUnchanged(404, 'POST', '/workspaces/nope/layergroups', { type: 'text/xml', body: '<layerGroup><name>g</name><layers><layer>states</layer></layers></layerGroup>' });
      await refusedUnchanged(405, 'POST', '/layergroups/spearfish', { type: 'text/xml', body: '<layerGroup><name>g</name></layerGroup>' });
    });

    it('a duplicate name is refused as GeoServer does (500, catalog validation) and changes nothing', async () => {
      const msg = await refusedUnchanged(500, 'POST', '/layergroups', { type: 'text/xml', body: '<layerGroup><name>spearfish</name><layers><layer>states</layer></layers></layerGroup>' });
      expect(msg).toContain("Layer group named 'spearfish' already exists");
      // the same name in a workspace is another group
      expect((await post('/workspaces/sf/layergroups', '<layerGroup><name>spearfish</name><layers><layer>streams</layer></layers></layerGroup>')).status).toBe(201);
    });
  });

  describe('updating', () => {
    it('PUT changes styles, attribution and metadata links, keeping the rest (testPut, testPutNonDestructive)', async () => {
      const xml = `<layerGroup><name>newLayerGroup</name><styles><style>polygon</style><style>point</style></styles>
        <attribution><logoWidth>101</logoWidth><logoHeight>102</logoHeight></attribution>
        <metadataLinks><metadataLink><type>text/html</type><metadataType>FGDC</metadataType><content>http://my/metadata/link/1</content></metadataLink>
        <metadataLink><type>text/html</type><metadataType>FGDC</metadataType><content>http://my/metadata/link/2</content></metadataLink></metadataLinks></layerGroup>`;
      expect((await call(node, 'PUT', '/layergroups/newLayerGroup', { type: 'text/xml', body: xml })).status).toBe(200);
      const lg = (await call(node, 'GET', '/layergroups/newLayerGroup.json')).json().layerGroup;
      expect(lg.publishables.published).toHaveLength(2);
      expect(lg.styles.style.map((s: { name: string }) => s.name)).toEqual(['polygon', 'point']);
      expect(lg.attribution).toEqual({ logoWidth: 101, logoHeight: 102 });
      expect(lg.metadataLinks.metadataLink).toHaveLength(2);
      expect(lg.keywords.string).toHaveLength(2);
      expect(lg.dateModified).toBeDefined();
      expect((await call(node, 'PUT', '/layergroups/newLayerGroup', { type: 'text/xml', body: '<layerGroup><name>newLayerGroup</name><title>T</title></layerGroup>' })).status).toBe(200);
      const after = (await call(node, 'GET', '/layergroups/newLayerGroup.json')).json().layerGroup;
      expect(after.title).toBe('T');
      expect(after.attribution).toEqual({ logoWidth: 101, logoHeight: 102 });
    });

    it('PUT with <abstract xsi:nil="true"/> clears it (testPutNullifyTitleAbstract)', async () => {
      const body = '<layerGroup xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name>newLayerGroup</name><abstract xsi:nil="true"/><title xsi:nil="true"/></layerGroup>';
      await call(node, 'PUT', '/layergroups/newLayerGroup', { type: 'text/xml', body: '<layerGroup><abstract>A</abstract></layerGroup>' });
      expect((await call(node, 'GET', '/layergroups/newLayerGroup.json')).json().layerGroup.abstractTxt).toBe('A');
      expect((await call(node, 'PUT', '/layergroups/newLayerGroup', { type: 'text/xml', body })).status).toBe(200);
      const lg = (await call(node, 'GET', '/layergroups/newLayerGroup.json')).json().layerGroup;
      expect(lg.title).toBeUndefined();
      expect(lg.abstractTxt).toBeUndefined();
    });

    it('PUT of new members replaces them; workspace styles resolve in a workspace group (testLayersStylesInWorkspace, testPutToWorkspace)', async () => {
      const xml = '<layerGroup><layers><layer>bugsites</layer><layer>streams</layer></layers><styles><style><name>bugsites_sf</name><workspace>sf</workspace></style><style>line</style></styles></layerGroup>';
      expect((await call(node, 'PUT', '/workspaces/sf/layergroups/clientGroup', { type: 'text/xml', body: xml })).status).toBe(200);
      const lg = (await call(node, 'GET', '/workspaces/sf/layergroups/clientGroup.xml')).text;
      expect(lg).toContain('<name>sf:bugsites</name>');
      expect(lg).toContain(`href="${node.rest}/workspaces/sf/styles/bugsites_sf.xml"`);
    });

    it('a GET/PUT round trip in XML and JSON leaves the group as it was (testRoundTripXML, testRoundTripJSON, testWorkspaceRoundTripJSON)', async () => {
      // compared as parsed XML: the writer self-closes an empty element the fixture spells out
      const strip = (s: string) => {
        const doc = parseXml(s).value as Record<string, unknown>;
        delete doc.dateModified;
        return doc;
      };
      for (const [url, file] of [['/layergroups/spearfish', 'layergroups/spearfish.xml'], ['/layergroups/overview', 'layergroups/overview.xml'], ['/workspaces/sf/layergroups/sf_base', 'workspaces/sf/layergroups/sf_base.xml']]) {
        const before = strip(read(file));
        const xml = (await call(node, 'GET', `${url}.xml`)).text;
        expect((await call(node, 'PUT', url, { type: 'text/xml', body: xml })).status).toBe(200);
        expect(strip(read(file))).toEqual(before);
        const json = (await call(node, 'GET', `${url}.json`)).text;
        expect((await call(node, 'PUT', url, { type: 'application/json', body: json })).status).toBe(200);
        expect(strip(read(file))).toEqual(before);
      }
    });

    it('PUT cannot rename (403), move (403), loop (400) or break the rules, and changes nothing (testPutToWorkspaceChangeWorkspace)', async () => {
      expect(await refusedUnchanged(403, 'PUT', '/layergroups/spearfish', { type: 'text/xml', body: '<layerGroup><name>other</name></layerGroup>' })).toBe("Can't change name of a layer group");
      await refusedUnchanged(403, 'PUT', '/workspaces/sf/layergroups/clientGroup', { type: 'application/xml', body: '<layerGroup><workspace>topp</workspace></layerGroup>' });
      await refusedUnchanged(403, 'PUT', '/layergroups/spearfish', { type: 'application/xml', body: '<layerGroup><workspace>sf</workspace></layerGroup>' });
      const loop = await refusedUnchanged(400, 'PUT', '/layergroups/spearfish', { type: 'text/xml', body: '<layerGroup><publishables><published type="layerGroup">nestedLayerGroupTest</published></publishables></layerGroup>' });
      expect(loop).toBe('Layer group is in a loop: spearfish/nestedLayerGroupTest/spearfish');
      await refusedUnchanged(400, 'PUT', '/layergroups/spearfish', { type: 'text/xml', body: '<layerGroup><publishables><published type="layerGroup">spearfish</published></publishables></layerGroup>' });
      await refusedUnchanged(400, 'PUT', '/layergroups/spearfish', { type: 'text/xml', body: '<layerGroup><styles><style>line</style></styles></layerGroup>' });
      await refusedUnchanged(404, 'PUT', '/layergroups/spearfish', { type: 'text/xml', body: '<layerGroup><layers><layer>nope</layer></layers></layerGroup>' });
      await refusedUnchanged(400, 'PUT', '/layergroups/spearfish', { type: 'text/xml', body: '<layerGroup><mode>EO</mode></layerGroup>' });
      await refusedUnchanged(400, 'PUT', '/workspaces/sf/layergroups/clientGroup', { type: 'text/xml', body: '<layerGroup><layers><layer>topp:states</layer></layers></layerGroup>' });
      await refusedUnchanged(404, 'PUT', '/layergroups/nope', { type: 'text/xml', body: '<layerGroup><title>x</title></layerGroup>' });
      await refusedUnchanged(405, 'PUT', '/layergroups', { type: 'text/xml', body: '<layerGroup/>' });
    });
  });

  describe('deleting', () => {
    it('a group nested in another is refused as GeoServer does (500) and changes nothing', async () => {
      const msg = await refusedUnchanged(500, 'DELETE', '/layergroups/spearfish');
      expect(msg).toMatch(/^Unable to delete layer group referenced by layer group '/);
      await refusedUnchanged(404, 'DELETE', '/layergroups/nope');
      await refusedUnchanged(405, 'DELETE', '/layergroups');
    });

    it('DELETE removes the group and its file; the nested group can go once free (testDelete, testDeleteFromWorkspace)', async () => {
      for (const name of ['layerGroupNullStyle', 'layerGroupNullStyle2', 'nestedLayerGroupTest', 'overview']) {
        expect((await call(node, 'DELETE', `/layergroups/${name}`)).status).toBe(200);
        expect(exists(`layergroups/${name}.xml`)).toBe(false);
      }
      expect((await call(node, 'DELETE', '/layergroups/spearfish')).status).toBe(200);
      expect((await call(node, 'GET', '/layergroups/spearfish.json')).status).toBe(404);
      expect((await call(node, 'DELETE', '/workspaces/sf/layergroups/clientGroup')).status).toBe(200);
      expect(exists('workspaces/sf/layergroups/clientGroup.xml')).toBe(false);
      expect(read('workspaces/sf/sf/streams/layer.xml')).toContain(STREAMS);
    });
  });
});
