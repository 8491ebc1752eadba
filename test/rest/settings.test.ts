import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type NodeProcess, type Reply } from '../helpers/node-process.js';
import { expectRefused } from '../helpers/rest-checks.js';

// Cases from GeoServer's SettingsControllerTest, LocalSettingsControllerTest and
// LoggingControllerTest, and the REST docs (api/global.rst, api/logging.rst, settings.yaml,
// logging.yaml); see ../shared/reference/geoserver-rest-contract.md §9.

const JSON_TYPE = 'application/json';
const XML_TYPE = 'application/xml';

/** A refused request changes nothing: same files on disk, same answers to the given reads. */
async function refused(node: NodeProcess, reads: string[], status: number, send: () => Promise<Reply>): Promise<Reply> {
  const r = await expectRefused(node, status, send, reads);
  if (status !== 405) expect(r.text.length).toBeGreaterThan(0);
  return r;
}

describe('REST /settings and /settings/contact', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });

  const globalJson = async () => (await call(node, 'GET', '/settings.json')).json().global;

  it('GET answers the global object (SettingsControllerTest.testGetGlobalAsJSON / AsXML)', async () => {
    const g = await globalJson();
    expect(g.settings.charset).toBe('UTF-8');
    expect(g.settings.numDecimals).toBe(8);
    expect(g.settings.onlineResource).toBe('http://geoserver.org');
    expect(typeof g.settings.id).toBe('string');
    expect(g.settings.contact).toBeTypeOf('object');
    expect(g.jai.allowInterpolation).toBe(false);
    expect(g.jai.memoryThreshold).toBe(0.75);
    expect(g.jai.tilePriority).toBe(5);
    expect(g.coverageAccess.queueType).toBe('UNBOUNDED');
    const xml = await call(node, 'GET', '/settings.xml');
    expect(xml.headers.get('content-type')).toMatch(/xml/);
    expect(xml.text).toMatch(/^<global>\n {2}<settings>/);
    expect(xml.text).toContain('<charset>UTF-8</charset>');
    expect((await call(node, 'GET', '/settings.html')).status).toBe(200);
  });

  it('answers JSON with Accept: */* and without extension (its produces list starts with JSON)', async () => {
    const r = await call(node, 'GET', '/settings', { accept: '*/*' });
    expect(r.headers.get('content-type')).toMatch(/json/);
    expect(r.json().global.settings.charset).toBe('UTF-8');
    const c = await call(node, 'GET', '/settings/contact', { accept: '*/*' });
    expect(c.headers.get('content-type')).toMatch(/json/);
    expect(c.json().contact).toBeDefined();
  });

  it('PUT of one field changes only that field (node-client updateSettings)', async () => {
    const before = await globalJson();
    const r = await call(node, 'PUT', '/settings', { type: JSON_TYPE, body: '{"global":{"settings":{"verbose":true}}}' });
    expect(r.status).toBe(200);
    const after = await globalJson();
    expect(after.settings.verbose).toBe(true);
    // the change itself grows updateSequence by one (GeoServer's UpdateSequenceListener)
    expect({ ...after, settings: { ...after.settings, verbose: before.settings.verbose } }).toEqual({ ...before, updateSequence: before.updateSequence + 1 });
    expect(fs.readFileSync(path.join(node.dataDir, 'global.xml'), 'utf8')).toContain('<verbose>true</verbose>');
  });

  it('the whole GET object round-trips through PUT (node-client updateProxyBaseUrl)', async () => {
    const doc = (await call(node, 'GET', '/settings.json')).json();
    const before = structuredClone(doc.global);
    doc.global.settings.proxyBaseUrl = 'http://foobar.de/geoserver';
    expect((await call(node, 'PUT', '/settings', { type: JSON_TYPE, body: JSON.stringify(doc) })).status).toBe(200);
    const after = await globalJson();
    // updateSequence as sent, then incremented for this change, as GeoServer's listener does
    expect(after).toEqual({ ...before, updateSequence: before.updateSequence + 1, settings: { ...before.settings, proxyBaseUrl: 'http://foobar.de/geoserver' } });
  });

  it('PUT JSON as in SettingsControllerTest.testPutGlobalAsJSON (lenient quotes)', async () => {
    const body =
      "{'global': {'settings': {'contact': {'contactPerson': 'Claudius Ptolomaeus'}, 'charset': 'UTF-8', 'numDecimals': '10'," +
      " 'onlineResource': 'http://geoserver2.org', 'verbose': 'false', 'verboseExceptions': 'false'}," +
      " 'jai': {'allowInterpolation': 'false', 'recycling': 'true', 'tilePriority': '5', 'tileThreads': '7', 'memoryCapacity': '0.5'," +
      " 'memoryThreshold': '0.75', 'imageIOCache': 'false', 'pngAcceleration': 'true', 'jpegAcceleration': 'true', 'allowNativeMosaic': 'false'}," +
      " 'coverageAccess': {'maxPoolSize': '5', 'corePoolSize': '5', 'keepAliveTime': '30000', 'queueType': 'UNBOUNDED', 'imageIOCacheThreshold': '10240'}," +
      " 'updateSequence': '0', 'featureTypeCacheSize': '0', 'globalServices': 'true', 'xmlPostRequestLogBufferSize': '2048'}}";
    const contactBefore = (await globalJson()).settings.contact;
    expect((await call(node, 'PUT', '/settings', { type: 'text/json', body })).status).toBe(200);
    const g = await globalJson();
    expect(g.globalServices).toBe(true);
    expect(g.xmlPostRequestLogBufferSize).toBe(2048);
    expect(g.settings.numDecimals).toBe(10);
    expect(g.settings.onlineResource).toBe('http://geoserver2.org');
    expect(g.jai.recycling).toBe(true);
    expect(g.coverageAccess.maxPoolSize).toBe(5);
    // only the contact fields sent change (a nested merge)
    expect(g.settings.contact).toEqual({ ...contactBefore, contactPerson: 'Claudius Ptolomaeus' });
  });

  it('PUT XML as in SettingsControllerTest.testPutGlobalAsXML', async () => {
    const xml =
      '<global><settings><charset>UTF-8</charset><numDecimals>10</numDecimals><onlineResource>http://geoserver.org</onlineResource>' +
      '<verbose>false</verbose><verboseExceptions>false</verboseExceptions><contact><contactPerson>Justin Deoliveira</contactPerson></contact></settings>' +
      '<jai><allowInterpolation>true</allowInterpolation><memoryThreshold>0.85</memoryThreshold></jai>' +
      '<coverageAccess><queueType>UNBOUNDED</queueType></coverageAccess><updateSequence>97</updateSequence>' +
      '<globalServices>false</globalServices><xmlPostRequestLogBufferSize>2048</xmlPostRequestLogBufferSize></global>';
    expect((await call(node, 'PUT', '/settings', { type: 'text/xml', body: xml })).status).toBe(200);
    const dom = (await call(node, 'GET', '/settings.xml')).text;
    expect(dom).toContain('<globalServices>false</globalServices>');
    expect(dom).toContain('<onlineResource>http://geoserver.org</onlineResource>');
    expect(dom).toContain('<contactPerson>Justin Deoliveira</contactPerson>');
    expect(dom).toContain('<allowInterpolation>true</allowInterpolation>');
    expect(dom).toContain('<memoryThreshold>0.85</memoryThreshold>');
    expect(dom).toContain('<tileThreads>7</tileThreads>');
  });

  it('contact: PUT with JSON numbers (node-client updateContactInformation), stored in global.settings.contact', async () => {
    const contact = {
      address: 'Unter den Linden 1', addressCity: 'Berlin', addressCountry: 'Germany', addressPostalCode: 12345,
      addressState: 'Berlin', contactEmail: 'info@example.com', contactOrganization: 'Example', contactPerson: 'Jane', contactVoice: 1234567,
    };
    const r = await call(node, 'PUT', '/settings/contact', { type: JSON_TYPE, body: JSON.stringify({ contact }) });
    expect(r.status).toBe(200);
    const got = (await call(node, 'GET', '/settings/contact')).json().contact;
    expect(got.address).toBe('Unter den Linden 1');
    expect(got.addressState).toBe('Berlin');
    expect(String(got.addressPostalCode)).toBe('12345');
    expect((await globalJson()).settings.contact.contactEmail).toBe('info@example.com');
    expect(fs.readFileSync(path.join(node.dataDir, 'global.xml'), 'utf8')).toContain('<addressPostalCode>12345</addressPostalCode>');
  });

  it('contact: PUT XML and GET XML (SettingsControllerTest.testPutContactAsXML)', async () => {
    const xml =
      '<contact> <address>1600 Pennsylvania Avenue</address><addressCity>Washington</addressCity><addressCountry>United States</addressCountry>' +
      '<addressPostalCode>20001</addressPostalCode><addressDeliveryPoint>The White House</addressDeliveryPoint><addressState>DC</addressState>' +
      '<contactEmail>chief.geographer@mail.com</contactEmail><contactPosition>Chief Geographer</contactPosition> </contact>';
    expect((await call(node, 'PUT', '/settings/contact', { type: 'text/xml', body: xml })).status).toBe(200);
    const dom = (await call(node, 'GET', '/settings/contact.xml')).text;
    expect(dom).toMatch(/^<contact>/);
    expect(dom).toContain('<addressCity>Washington</addressCity>');
    expect(dom).toContain('<contactPosition>Chief Geographer</contactPosition>');
    // fields not sent stay (contactVoice from the previous test)
    expect(dom).toContain('<contactVoice>1234567</contactVoice>');
  });

  it('contact HTML escapes markup (SettingsControllerTest.testGetContactAsHTMLXSS)', async () => {
    await call(node, 'PUT', '/settings/contact', { type: JSON_TYPE, body: '{"contact":{"address":"<foo>bar</foo>"}}' });
    const html = (await call(node, 'GET', '/settings/contact.html')).text;
    expect(html).not.toContain('<foo>bar</foo>');
    expect(html).toContain('&lt;foo&gt;bar&lt;/foo&gt;');
  });

  it('POST and DELETE are 405 (global.rst)', async () => {
    await refused(node, ['/settings.json'], 405, () => call(node, 'POST', '/settings', { type: JSON_TYPE, body: '{"global":{}}' }));
    await refused(node, ['/settings.json'], 405, () => call(node, 'DELETE', '/settings'));
    await refused(node, ['/settings.json'], 405, () => call(node, 'POST', '/settings/contact', { type: JSON_TYPE, body: '{"contact":{}}' }));
    await refused(node, ['/settings.json'], 405, () => call(node, 'DELETE', '/settings/contact'));
  });

  it('bad bodies are 4xx with a message and change nothing', async () => {
    const reads = ['/settings.json', '/settings/contact.json'];
    const put = (body: string, type = JSON_TYPE, where = '/settings') => () => call(node, 'PUT', where, { type, body });
    await refused(node, reads, 400, put('{"global":{"settings":{"verbose":'));
    await refused(node, reads, 400, put('<global><settings><verbose>true</verbose></settings>', XML_TYPE));
    const wrongRoot = await refused(node, reads, 400, put('{"settings":{"verbose":true}}'));
    expect(wrongRoot.text).toContain('global');
    await refused(node, reads, 400, put('{"contact":{"address":"x"}}'));
    await refused(node, reads, 400, put('{"global":{"settings":{"address":"x"}}}', JSON_TYPE, '/settings/contact'));
    const typed = await refused(node, reads, 400, put('{"global":{"settings":{"numDecimals":"ten"}}}'));
    expect(typed.text).toContain('numDecimals');
    await refused(node, reads, 400, put('{"global":{"jai":{"memoryThreshold":"high"}}}'));
    await refused(node, reads, 400, put('{"global":{"coverageAccess":{"queueType":"SOMETIMES"}}}'));
    await refused(node, reads, 400, put('{"global":{"settings":"verbose"}}'));
    await refused(node, reads, 400, put('{"global":{"settings":{"bad name":"x"}}}'));
    await refused(node, reads, 400, put('{"global":{"settings":{"<x>":"x"}}}'));
    await refused(node, reads, 400, put('{"contact":{"address":"a\\u0001b"}}', JSON_TYPE, '/settings/contact'));
    await refused(node, reads, 400, put('<!DOCTYPE global [<!ENTITY x "y">]><global><settings><verbose>&x;</verbose></settings></global>', XML_TYPE));
    await refused(node, reads, 400, put(''));
    await refused(node, reads, 415, put('verbose=true', 'text/plain'));
  });
});

describe('REST /workspaces/{ws}/settings', () => {
  let node: NodeProcess;
  const createLocal =
    "{'settings':{'workspace':{'name':'sf'},'contact':{'addressCity':'Alexandria','addressCountry':'Egypt','addressType':'Work'," +
    "'contactEmail':'claudius.ptolomaeus@gmail.com','contactOrganization':'The ancient geographes INC','contactPerson':'Claudius Ptolomaeus'," +
    "'contactPosition':'Chief geographer'},'charset':'UTF-8','numDecimals':10,'onlineResource':'http://geoserver.org'," +
    "'proxyBaseUrl':'http://proxy.url','verbose':false,'verboseExceptions':'true'}}";
  beforeAll(async () => {
    node = await startNode();
    for (const ws of ['sf', 'other']) {
      expect((await call(node, 'POST', '/workspaces', { type: JSON_TYPE, body: JSON.stringify({ workspace: { name: ws } }) })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('without settings GET answers an empty settings object with no workspace (testDeleteLocal)', async () => {
    const r = await call(node, 'GET', '/workspaces/sf/settings.json');
    expect(r.status).toBe(200);
    expect(r.json().settings.workspace).toBeUndefined();
    expect(r.json().settings.verbose).toBe(false);
  });

  it('POST creates with 201 and the workspace name (testCreateLocalAsJSON)', async () => {
    const r = await call(node, 'POST', '/workspaces/sf/settings', { type: 'text/json', body: createLocal });
    expect(r.status).toBe(201);
    expect(r.text).toBe('sf');
    const s = (await call(node, 'GET', '/workspaces/sf/settings.json')).json().settings;
    expect(s.workspace.name).toBe('sf');
    expect(s.numDecimals).toBe(10);
    expect(s.proxyBaseUrl).toBe('http://proxy.url');
    expect(s.contact.contactPerson).toBe('Claudius Ptolomaeus');
    expect(s.contact.addressType).toBe('Work');
    expect(s.id).toMatch(/^SettingsInfoImpl-/);
    const onDisk = fs.readFileSync(path.join(node.dataDir, 'workspaces', 'sf', 'settings.xml'), 'utf8');
    expect(onDisk).toMatch(/<settings>\n {2}<id>SettingsInfoImpl-[^<]+<\/id>\n {2}<workspace>\n {4}<id>WorkspaceInfoImpl-/);
    const xml = (await call(node, 'GET', '/workspaces/sf/settings.xml')).text;
    expect(xml).toMatch(/^<settings>/);
    expect(xml).toMatch(/<workspace>\s*<name>sf<\/name>/);
  });

  it('POST when settings exist is 500 and changes nothing (testCreateLocalAlreadyExists)', async () => {
    await refused(node, ['/workspaces/sf/settings.json'], 500, () => call(node, 'POST', '/workspaces/sf/settings', { type: 'text/json', body: createLocal }));
  });

  it('PUT changes only the fields sent; the workspace comes from the path (testPutLocalAsXML)', async () => {
    const xml = '<settings><workspace><name>other</name></workspace><charset>ISO-8859-1</charset><contact><addressCity>Cairo</addressCity></contact></settings>';
    expect((await call(node, 'PUT', '/workspaces/sf/settings', { type: 'text/xml', body: xml })).status).toBe(200);
    const s = (await call(node, 'GET', '/workspaces/sf/settings.json')).json().settings;
    expect(s.charset).toBe('ISO-8859-1');
    expect(s.workspace.name).toBe('sf');
    expect(s.numDecimals).toBe(10);
    expect(s.contact.addressCity).toBe('Cairo');
    expect(s.contact.contactPerson).toBe('Claudius Ptolomaeus');
    expect((await call(node, 'GET', '/workspaces/other/settings.json')).json().settings.workspace).toBeUndefined();
  });

  it('PUT on a workspace without settings creates them (LocalSettingsController.localSettingsPut)', async () => {
    expect((await call(node, 'PUT', '/workspaces/other/settings', { type: JSON_TYPE, body: '{"settings":{"numDecimals":5}}' })).status).toBe(200);
    const s = (await call(node, 'GET', '/workspaces/other/settings.json')).json().settings;
    expect(s.workspace.name).toBe('other');
    expect(s.numDecimals).toBe(5);
    expect(fs.existsSync(path.join(node.dataDir, 'workspaces', 'other', 'settings.xml'))).toBe(true);
  });

  it('DELETE removes them (200), a second DELETE is 404 (LocalSettingsControllerTest.testDeleteNonExistentSettings)', async () => {
    expect((await call(node, 'DELETE', '/workspaces/other/settings')).status).toBe(200);
    expect(fs.existsSync(path.join(node.dataDir, 'workspaces', 'other', 'settings.xml'))).toBe(false);
    expect((await call(node, 'GET', '/workspaces/other/settings.json')).json().settings.workspace).toBeUndefined();
    await refused(node, ['/workspaces/sf/settings.json'], 404, () => call(node, 'DELETE', '/workspaces/other/settings'));
  });

  it('a missing workspace is 404 for every verb (LocalSettingsControllerTest.test*NonExistentWorkspace)', async () => {
    const reads = ['/workspaces/sf/settings.json', '/workspaces.json'];
    const r = await refused(node, reads, 404, () => call(node, 'GET', '/workspaces/nope/settings.json'));
    expect(r.text).toBe("No such workspace: 'nope' found");
    await refused(node, reads, 404, () => call(node, 'POST', '/workspaces/nope/settings', { type: 'text/json', body: "{'settings':{'charset':'UTF-8'}}" }));
    await refused(node, reads, 404, () => call(node, 'PUT', '/workspaces/nope/settings', { type: 'text/json', body: "{'settings':{'charset':'UTF-8'}}" }));
    await refused(node, reads, 404, () => call(node, 'DELETE', '/workspaces/nope/settings'));
  });

  it('bad bodies are 400 and change nothing', async () => {
    const reads = ['/workspaces/sf/settings.json', '/workspaces/other/settings.json'];
    const put = (body: string, type = JSON_TYPE) => () => call(node, 'PUT', '/workspaces/sf/settings', { type, body });
    await refused(node, reads, 400, put('{"global":{"settings":{"verbose":true}}}'));
    await refused(node, reads, 400, put('{"settings":{"verbose":"sometimes"}}'));
    await refused(node, reads, 400, put('{"settings":{"contact":"x"}}'));
    await refused(node, reads, 400, put('<settings><charset>UTF-8</charset>', XML_TYPE));
    await refused(node, reads, 400, () => call(node, 'POST', '/workspaces/other/settings', { type: JSON_TYPE, body: '{"settings":{"numDecimals":1.5}}' }));
  });
});

describe('REST /logging', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('GET answers level, location and stdOutLogging (LoggingControllerTest.testGetLoggingAsJSON / AsXML)', async () => {
    const l = (await call(node, 'GET', '/logging.json')).json().logging;
    expect(l).toEqual({ level: 'DEFAULT_LOGGING', location: 'logs/geoserver.log', stdOutLogging: true });
    expect((await call(node, 'GET', '/logging.xml')).text).toMatch(/^<logging>\n {2}<level>DEFAULT_LOGGING<\/level>/);
    expect((await call(node, 'GET', '/logging.html')).status).toBe(200);
  });

  it('PUT JSON and XML (LoggingControllerTest.testPutLoggingAsJSON / AsXML)', async () => {
    const json = "{'logging':{'level':'DEFAULT_LOGGING.xml','location':'logs/geoserver-test-2.log','stdOutLogging':false}}";
    expect((await call(node, 'PUT', '/logging', { type: 'text/json', body: json })).status).toBe(200);
    expect((await call(node, 'GET', '/logging.json')).json().logging).toEqual({ level: 'DEFAULT_LOGGING.xml', location: 'logs/geoserver-test-2.log', stdOutLogging: false });
    const xml = '<logging> <level>PRODUCTION_LOGGING.xml</level> </logging>';
    expect((await call(node, 'PUT', '/logging', { type: 'text/xml', body: xml })).status).toBe(200);
    expect((await call(node, 'GET', '/logging.json')).json().logging).toEqual({ level: 'PRODUCTION_LOGGING.xml', location: 'logs/geoserver-test-2.log', stdOutLogging: false });
    expect(fs.readFileSync(path.join(node.dataDir, 'logging.xml'), 'utf8')).toContain('<level>PRODUCTION_LOGGING.xml</level>');
  });

  it('refuses bad bodies and other verbs, changing nothing (logging.rst)', async () => {
    const reads = ['/logging.json'];
    await refused(node, reads, 400, () => call(node, 'PUT', '/logging', { type: JSON_TYPE, body: '{"logging":{"stdOutLogging":"maybe"}}' }));
    await refused(node, reads, 400, () => call(node, 'PUT', '/logging', { type: JSON_TYPE, body: '{"global":{"level":"x"}}' }));
    await refused(node, reads, 405, () => call(node, 'POST', '/logging', { type: JSON_TYPE, body: '{"logging":{}}' }));
    await refused(node, reads, 405, () => call(node, 'DELETE', '/logging'));
  });
});

describe('REST settings bodies over GEOCLUSTER_MAX_BODY_BYTES', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode({ env: { GEOCLUSTER_MAX_BODY_BYTES: '1024' } });
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('are 413 and change nothing', async () => {
    const big = JSON.stringify({ global: { settings: { title: 'x'.repeat(2000) } } });
    const r = await refused(node, ['/settings.json', '/logging.json'], 413, () => call(node, 'PUT', '/settings', { type: JSON_TYPE, body: big }));
    expect(r.text).toContain('1024');
    const contact = JSON.stringify({ contact: { address: 'y'.repeat(1100) } });
    await refused(node, ['/settings.json'], 413, () => call(node, 'PUT', '/settings/contact', { type: JSON_TYPE, body: contact }));
    // just under the limit is fine
    expect((await call(node, 'PUT', '/settings', { type: JSON_TYPE, body: JSON.stringify({ global: { settings: { title: 'x'.repeat(900) } } }) })).status).toBe(200);
  });
});
