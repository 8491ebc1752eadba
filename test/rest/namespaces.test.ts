import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, tempDir, type NodeProcess } from '../helpers/node-process.js';
import { expectRefused } from '../helpers/rest-checks.js';

// Cases from GeoServer's NamespaceTest and the contract (../shared/reference/geoserver-rest-contract.md §3).
// The node starts on a copy of test/fixtures/datadir-full: namespaces sf and topp (default), sf holds resources.
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/datadir-full');

function fixtureCopy(): string {
  const dir = tempDir();
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'README.md'));
  return dir;
}

describe('REST /namespaces', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode({ dataDir: fixtureCopy() });
  });
  afterAll(async () => {
    await node?.stop();
  });

  /** A refused request changes nothing: not the data directory, not the listing. */
  async function refusedUnchanged(status: number, method: string, url: string, opts: { body?: string; type?: string } = {}): Promise<string> {
    return (await expectRefused(node, status, () => call(node, method, url, opts), ['/namespaces.json'], { plainText: true })).text;
  }


  it('lists namespaces with name = prefix, in JSON and XML (testGetAllAsJSON, testGetAllAsXML)', async () => {
    const json = (await call(node, 'GET', '/namespaces.json')).json();
    expect(json.namespaces.namespace).toEqual([
      { name: 'sf', href: `${node.rest}/namespaces/sf.json` },
      { name: 'topp', href: `${node.rest}/namespaces/topp.json` },
    ]);
    const xml = (await call(node, 'GET', '/namespaces.xml')).text;
    expect(xml).toMatch(/^<namespaces>/);
    expect(xml).toContain(`<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="alternate" href="${node.rest}/namespaces/topp.xml" type="application/xml"/>`);
    const html = await call(node, 'GET', '/namespaces.html');
    expect(html.text).toContain(`href="${node.rest}/namespaces/sf.html"`);
  });

  it('GETs one namespace with prefix, uri and the featureTypes link (testGetAsXML, testGetAsJSON)', async () => {
    const json = (await call(node, 'GET', '/namespaces/sf.json')).json();
    expect(json.namespace).toEqual({
      prefix: 'sf',
      uri: 'http://www.openplans.org/spearfish',
      isolated: false,
      featureTypes: `${node.rest}/workspaces/sf/featuretypes.json`,
    });
    const xml = (await call(node, 'GET', '/namespaces/sf.xml')).text;
    expect(xml).toContain('<prefix>sf</prefix>');
    expect(xml).toContain('<uri>http://www.openplans.org/spearfish</uri>');
    expect(xml).toContain(`href="${node.rest}/workspaces/sf/featuretypes.xml"`);
  });

  it('404 names the namespace; quietOnNotFound gives an empty body (testGetWrongNamespace)', async () => {
    const r = await call(node, 'GET', '/namespaces/sfsssss.html');
    expect(r.status).toBe(404);
    expect(r.text).toContain("No such namespace: 'sfsssss'");
    const q = await call(node, 'GET', '/namespaces/sfsssss.html?quietOnNotFound=true');
    expect(q.status).toBe(404);
    expect(q.text).toBe('');
  });

  it('GET /namespaces/default is the default namespace (testGetDefaultNamespace)', async () => {
    const json = (await call(node, 'GET', '/namespaces/default.json')).json();
    expect(json.namespace.prefix).toBe('topp');
    expect(json.namespace.uri).toBe('http://www.openplans.org/topp');
  });

  it('POST creates the namespace and its workspace, 201 with Location (testPostAsXML)', async () => {
    const r = await call(node, 'POST', '/namespaces', { type: 'text/xml', body: '<namespace><prefix>foo</prefix><uri>http://foo.com</uri></namespace>' });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.text).toBe('foo');
    expect(r.headers.get('location')).toBe(`${node.rest}/namespaces/foo`);
    expect((await call(node, 'GET', '/workspaces/foo.json')).json().workspace.name).toBe('foo');
    expect(fs.readFileSync(path.join(node.dataDir, 'workspaces/foo/namespace.xml'), 'utf8')).toContain('<uri>http://foo.com</uri>');
    expect(fs.existsSync(path.join(node.dataDir, 'workspaces/foo/workspace.xml'))).toBe(true);
  });

  it('POST accepts lenient JSON as text/json (testPostAsJSON)', async () => {
    const r = await call(node, 'POST', '/namespaces', { type: 'text/json', body: "{'namespace':{ 'prefix':'ian', 'uri':'http://ian.com' },}" });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`${node.rest}/namespaces/ian`);
    expect((await call(node, 'GET', '/namespaces/ian.json')).json().namespace.uri).toBe('http://ian.com');
  });

  it('a duplicate prefix or uri is refused as GeoServer does (500, catalog validation) and changes nothing', async () => {
    const msg = await refusedUnchanged(500, 'POST', '/namespaces', { type: 'application/xml', body: '<namespace><prefix>foo</prefix><uri>http://other.com</uri></namespace>' });
    expect(msg).toBe("Namespace with prefix 'foo' already exists.");
    await refusedUnchanged(500, 'POST', '/namespaces', { type: 'application/xml', body: '<namespace><prefix>other</prefix><uri>http://foo.com</uri></namespace>' });
  });

  it('refuses bad prefixes and bodies with a 4xx and changes nothing', async () => {
    for (const prefix of ['a/b', 'a\\b', 'a..b', 'a\u0001b', 'default', 'a:b', '']) {
      const text = await refusedUnchanged(400, 'POST', '/namespaces', { type: 'application/json', body: JSON.stringify({ namespace: { prefix, uri: `http://x/${prefix.length}` } }) });
      expect(text.length).toBeGreaterThan(0);
    }
    await refusedUnchanged(400, 'POST', '/namespaces', { type: 'application/xml', body: '<namespace><prefix>nouri</prefix></namespace>' });
    await refusedUnchanged(400, 'POST', '/namespaces', { type: 'application/xml', body: '<namespace><prefix>x</prefix>' });
    await refusedUnchanged(400, 'POST', '/namespaces', { type: 'application/json', body: '{"namespace": {' });
    await refusedUnchanged(400, 'POST', '/namespaces', { type: 'application/xml', body: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><namespace><prefix>&e;</prefix></namespace>' });
    await refusedUnchanged(400, 'POST', '/namespaces', { type: 'application/xml', body: '<workspace><name>x</name></workspace>' });
  });

  it('405 for PUT/DELETE on the collection and POST on an item (testPutAllUnauthorized, testPostToResource)', async () => {
    await refusedUnchanged(405, 'PUT', '/namespaces', { type: 'application/xml', body: '<namespace/>' });
    await refusedUnchanged(405, 'DELETE', '/namespaces');
    await refusedUnchanged(405, 'POST', '/namespaces/sf', { type: 'text/xml', body: '<namespace><name>changed</name></namespace>' });
  });

  it('PUT changes the uri (testPut); stores of the workspace follow it, as GeoServer\'s consistency listener does', async () => {
    const r = await call(node, 'PUT', '/namespaces/foo', { type: 'text/xml', body: '<namespace><uri>http://changed</uri></namespace>' });
    expect(r.status).toBe(200);
    expect((await call(node, 'GET', '/namespaces/foo.xml')).text).toContain('<uri>http://changed</uri>');
    const sf = await call(node, 'PUT', '/namespaces/sf', { type: 'application/json', body: '{"namespace":{"uri":"http://www.openplans.org/spearfish2"}}' });
    expect(sf.status).toBe(200);
    const store = fs.readFileSync(path.join(node.dataDir, 'workspaces/sf/sf/datastore.xml'), 'utf8');
    expect(store).toContain('<entry key="namespace">http://www.openplans.org/spearfish2</entry>');
  });

  it('PUT cannot change the prefix (403) and 404s for a missing namespace (testPutNonExistant)', async () => {
    expect(await refusedUnchanged(403, 'PUT', '/namespaces/foo', { type: 'text/xml', body: '<namespace><prefix>bar</prefix></namespace>' })).toBe("Can't change name of namespace");
    await refusedUnchanged(403, 'PUT', '/namespaces/foo', { type: 'text/xml', body: '<namespace><name>bar</name></namespace>' });
    await refusedUnchanged(404, 'PUT', '/namespaces/nonExistant', { type: 'text/xml', body: '<namespace><name>changed</name></namespace>' });
    await refusedUnchanged(400, 'PUT', '/namespaces/foo', { type: 'text/xml', body: '<namespace><uri></uri></namespace>' });
    await refusedUnchanged(500, 'PUT', '/namespaces/foo', { type: 'text/xml', body: '<namespace><uri>http://ian.com</uri></namespace>' });
  });

  it('isolation follows between namespace and workspace (testIsolatedNamespacesHandling)', async () => {
    const post = await call(node, 'POST', '/namespaces.xml', {
      type: 'text/xml',
      body: '<namespace><id>isolated_namespace</id><prefix>isolated_prefix</prefix><uri>http://www.isolated.org/1.0</uri><isolated>true</isolated></namespace>',
    });
    expect(post.status).toBe(201);
    expect((await call(node, 'GET', '/workspaces/isolated_prefix.json')).json().workspace.isolated).toBe(true);
    const put = await call(node, 'PUT', '/namespaces/isolated_prefix', { type: 'text/xml', body: '<namespace><isolated>false</isolated></namespace>' });
    expect(put.status).toBe(200);
    expect((await call(node, 'GET', '/namespaces/isolated_prefix.json')).json().namespace.isolated).toBe(false);
    expect((await call(node, 'GET', '/workspaces/isolated_prefix.json')).json().workspace.isolated).toBe(false);
  });

  it('PUT /namespaces/default makes that namespace and its workspace the defaults (testPutDefaultNamespace)', async () => {
    const r = await call(node, 'PUT', '/namespaces/default', { type: 'text/json', body: "{'namespace':{ 'prefix':'sf' }}" });
    expect(r.status).toBe(200);
    expect((await call(node, 'GET', '/namespaces/default.json')).json().namespace.prefix).toBe('sf');
    expect((await call(node, 'GET', '/workspaces/default.json')).json().workspace.name).toBe('sf');
    expect(fs.readFileSync(path.join(node.dataDir, 'workspaces/default.xml'), 'utf8')).toContain('<name>sf</name>');
    await refusedUnchanged(404, 'PUT', '/namespaces/default', { type: 'text/json', body: "{'namespace':{ 'prefix':'nope' }}" });
  });

  it('DELETE of the default is 405, of a namespace with resources 401 (sic), of a missing one 404 (testDeleteNonEmpty)', async () => {
    expect(await refusedUnchanged(405, 'DELETE', '/namespaces/default')).toBe("Can't delete the default namespace");
    expect(await refusedUnchanged(401, 'DELETE', '/namespaces/sf')).toBe('Namespace not empty');
    await refusedUnchanged(404, 'DELETE', '/namespaces/newExistant');
  });

  it('DELETE removes the namespace and the workspace of the same name (testDelete)', async () => {
    const r = await call(node, 'DELETE', '/namespaces/foo');
    expect(r.status).toBe(200);
    expect((await call(node, 'GET', '/namespaces/foo.xml')).status).toBe(404);
    expect((await call(node, 'GET', '/workspaces/foo.xml')).status).toBe(404);
    expect(fs.existsSync(path.join(node.dataDir, 'workspaces/foo'))).toBe(false);
  });
});

describe('REST /namespaces on an empty catalog', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('lists no namespaces as the empty string (geoserver-node-client asserts === "")', async () => {
    expect((await call(node, 'GET', '/namespaces.json')).json()).toEqual({ namespaces: '' });
    expect((await call(node, 'GET', '/namespaces.xml')).text.trim()).toBe('<namespaces/>');
  });

  it('the first namespace also becomes the default workspace (geoserver-node-client namespaces sequence)', async () => {
    const r = await call(node, 'POST', '/namespaces', { type: 'application/json', body: '{"namespace":{"prefix":"my-namespace","uri":"http://www.example.com"}}' });
    expect(r.status).toBe(201);
    expect((await call(node, 'GET', '/namespaces.json')).json().namespaces.namespace[0].name).toBe('my-namespace');
    expect((await call(node, 'GET', '/namespaces/default.json')).json().namespace.prefix).toBe('my-namespace');
    expect((await call(node, 'DELETE', '/namespaces/my-namespace')).status).toBe(200);
    expect((await call(node, 'GET', '/namespaces.json')).json()).toEqual({ namespaces: '' });
    expect((await call(node, 'GET', '/workspaces.json')).json()).toEqual({ workspaces: '' });
  });
});
