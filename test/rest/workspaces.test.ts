import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, snapshotDir, startNode, type NodeProcess } from '../helpers/node-process.js';
import { expectRefused } from '../helpers/rest-checks.js';

// Cases from GeoServer's WorkspaceTest and the REST docs (workspaces.rst); see
// ../shared/reference/geoserver-rest-contract.md §2.
describe('REST /workspaces', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('lists an empty catalog as the empty string (node-client asserts === "")', async () => {
    const r = await call(node, 'GET', '/workspaces.json');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ workspaces: '' });
  });

  it('creates with 201, text body and a Location without extension; lenient JSON is accepted', async () => {
    const r = await call(node, 'POST', '/workspaces', { type: 'application/json', body: "{'workspace':{ 'name':'foo' },}" });
    expect(r.status).toBe(201);
    expect(r.text).toBe('foo');
    expect(r.headers.get('location')).toBe(`${node.rest}/workspaces/foo`);
    const list = (await call(node, 'GET', '/workspaces.json')).json();
    expect(list.workspaces.workspace).toEqual([{ name: 'foo', href: `${node.rest}/workspaces/foo.json` }]);
    const ns = await call(node, 'GET', '/namespaces/foo.json');
    expect(ns.status === 200 || ns.status === 404).toBe(true);
  });

  it('answers a duplicate with 409 and changes nothing', async () => {
    const before = snapshotDir(node.dataDir);
    const r = await call(node, 'POST', '/workspaces', { type: 'application/xml', body: '<workspace><name>foo</name></workspace>' });
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
    expect(snapshotDir(node.dataDir)).toEqual(before);
  });

  it('renames by PUT and refuses an empty name with 403', async () => {
    expect((await call(node, 'PUT', '/workspaces/foo', { type: 'application/xml', body: '<workspace><name>bar</name></workspace>' })).status).toBe(200);
    expect((await call(node, 'GET', '/workspaces/foo.xml')).status).toBe(404);
    expect((await call(node, 'GET', '/workspaces/bar.xml')).text).toContain('<name>bar</name>');
    const empty = await call(node, 'PUT', '/workspaces/bar', { type: 'application/json', body: '{"workspace":{"name":""}}' });
    expect(empty.status).toBe(403);
  });

  it('refuses field names that are not XML names and text XML cannot hold, changing nothing', async () => {
    const before = snapshotDir(node.dataDir);
    const badKey = await call(node, 'PUT', '/workspaces/bar', { type: 'application/json', body: '{"workspace":{"bad key":"1"}}' });
    expect(badKey.status).toBe(400);
    expect(badKey.text).toMatch(/not a valid XML name/);
    const control = await call(node, 'POST', '/workspaces', { type: 'application/json', body: '{"workspace":{"name":"a\\u0001b"}}' });
    expect(control.status).toBe(400);
    expect(snapshotDir(node.dataDir)).toEqual(before);
  });

  it('404 names the workspace; quietOnNotFound gives an empty body', async () => {
    const r = await call(node, 'GET', '/workspaces/nope.json');
    expect(r.status).toBe(404);
    expect(r.text).toBe("No such workspace: 'nope' found");
    const q = await call(node, 'GET', '/workspaces/nope.json?quietOnNotFound=true');
    expect(q.status).toBe(404);
    expect(q.text).toBe('');
  });

  it('405 for PUT/DELETE on the collection', async () => {
    expect((await call(node, 'PUT', '/workspaces', { type: 'application/json', body: '{"workspace":{}}' })).status).toBe(405);
    expect((await call(node, 'DELETE', '/workspaces')).status).toBe(405);
  });

  it('401 without credentials', async () => {
    expect((await call(node, 'GET', '/workspaces.json', { auth: false })).status).toBe(401);
    expect((await call(node, 'GET', '/workspaces.json', { auth: 'admin:wrong' })).status).toBe(401);
  });

  it('a body that tries to reach an object prototype is refused and changes nothing', async () => {
    const json = '{"workspace":{"name":"proto","__proto__":{"isolated":"true"}}}';
    const r = await expectRefused(node, 400, () => call(node, 'POST', '/workspaces', { type: 'application/json', body: json }), ['/workspaces.json'], { plainText: true });
    expect(r.text).toMatch(/__proto__/);
    const xml = '<workspace><name>proto</name><__proto__><isolated>true</isolated></__proto__></workspace>';
    await expectRefused(node, 400, () => call(node, 'POST', '/workspaces', { type: 'application/xml', body: xml }), ['/workspaces.json'], { plainText: true });
    const ctor = await call(node, 'POST', '/workspaces', { type: 'application/xml', body: '<workspace><name>ctor</name><constructor>x</constructor></workspace>' });
    expect(ctor.status).toBe(201);
    expect((await call(node, 'DELETE', '/workspaces/ctor')).status).toBe(200);
  });

  it('deletes, and the folder leaves the data directory', async () => {
    expect((await call(node, 'DELETE', '/workspaces/bar')).status).toBe(200);
    expect((await call(node, 'GET', '/workspaces.json')).json()).toEqual({ workspaces: '' });
    expect([...snapshotDir(node.dataDir).keys()].some((k) => k.startsWith('workspaces/bar/'))).toBe(false);
  });
});
