import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, snapshotDir, startNode, type NodeProcess, type Reply } from '../helpers/node-process.js';
import { expectRefused } from '../helpers/rest-checks.js';

// Cases from GeoServer's ResourceControllerTest and the REST docs (api/resources.rst,
// resource.yaml). The catalog-file and path-escape cases are this node's own rules.

const STR_MY_TEST = 'This is my test. é ö';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

/** A refused request changes nothing: same files on disk, same answers to the given reads. */
function refused(node: NodeProcess, reads: string[], status: number, send: () => Promise<Reply>): Promise<Reply> {
  return expectRefused(node, status, send, reads);
}

/** A request with the path exactly as given: fetch would normalise `..` away before sending. */
function raw(node: NodeProcess, method: string, rawPath: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const auth = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;
    const req = http.request({ host: '127.0.0.1', port: node.port, method, path: rawPath, headers: { Authorization: auth } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: new Headers(res.headers as Record<string, string>), text, json: () => JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `yyyy-MM-dd HH:mm:ss.S z`, GeoServer's lastModified format, in UTC. */
function lastModified(file: string): string {
  const d = fs.statSync(file).mtime;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}.${d.getUTCMilliseconds()} UTC`;
}

describe('REST /resource', () => {
  let node: NodeProcess;
  let rest: string;
  const file = (rel: string) => path.join(node.dataDir, rel);
  const put = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
    fs.writeFileSync(file(rel), content);
  };

  beforeAll(async () => {
    node = await startNode();
    rest = node.rest;
    put('mydir/myres', STR_MY_TEST);
    put('mydir2/myres.xml', STR_MY_TEST);
    put('mydir2/myres.json', STR_MY_TEST);
    put('mydir2/fake.png', 'This is not a real png file.');
    put('mydir2/imagewithoutextension', PNG_MAGIC);
    put('poëzie/café', 'The content of this file is irrelevant.');
    put('mydir3/test.html', '<html><script>alert(1)</script></html>');
    put('mydir3/test.js', 'alert(1)');
    fs.mkdirSync(file('emptyDir'));
    expect((await call(node, 'POST', '/workspaces', { type: 'application/json', body: '{"workspace":{"name":"cat"}}' })).status).toBe(201);
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('GET a file answers its bytes (testResource), whatever its extension (testResourceMetadataWithResourceExtension)', async () => {
    const r = await call(node, 'GET', '/resource/mydir/myres');
    expect(r.status).toBe(200);
    expect(r.text).toBe(STR_MY_TEST);
    expect((await call(node, 'GET', '/resource/mydir2/myres.xml')).text).toBe(STR_MY_TEST);
    expect((await call(node, 'GET', '/resource/mydir2/myres.json')).text).toBe(STR_MY_TEST);
    expect((await call(node, 'GET', '/resource/mydir2/myres.xml?operation=mEtAdATa&format=xml')).text).toMatch(/^<ResourceMetadata>/);
    expect((await call(node, 'GET', '/resource/mydir2/myres.json?operation=metadata&format=json')).text).toMatch(/^\{"ResourceMetadata"/);
  });

  it('GET and HEAD of a file carry the resource headers (testResourceHeaders, testResourceHead)', async () => {
    for (const method of ['GET', 'HEAD']) {
      const r = await call(node, method, '/resource/mydir2/fake.png');
      expect(r.status).toBe(200);
      expect(r.headers.get('location')).toBe(`${rest}/resource/mydir2/fake.png`);
      expect(r.headers.get('last-modified')).toBe(fs.statSync(file('mydir2/fake.png')).mtime.toUTCString());
      expect(r.headers.get('resource-parent')).toBe(`${rest}/resource/mydir2`);
      expect(r.headers.get('resource-type')).toBe('resource');
      expect(r.headers.get('content-type')).toBe('image/png');
      expect(r.headers.get('content-disposition')).toBe('attachment; filename="fake.png"');
      if (method === 'HEAD') expect(r.text).toBe('');
    }
    expect((await call(node, 'HEAD', '/resource/doesntexist')).status).toBe(404);
  });

  it('serves markup and scripts as text/plain attachments (testBlockContentTypeHtml / JavaScript)', async () => {
    for (const name of ['test.html', 'test.js']) {
      const r = await call(node, 'GET', `/resource/mydir3/${name}`);
      expect(r.headers.get('content-type')).toBe('text/plain');
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    }
  });

  it('metadata in XML, JSON and HTML (testResourceMetadataXML / JSON / HTML)', async () => {
    const xml = (await call(node, 'GET', '/resource/mydir/myres?operation=mEtAdATa&format=xml')).text;
    expect(xml).toContain('<name>myres</name>');
    expect(xml).toMatch(/<parent>\s*<path>mydir<\/path>\s*<atom:link [^>]*href="[^"]*\/resource\/mydir"/);
    expect(xml).toContain(`<lastModified>${lastModified(file('mydir/myres'))}</lastModified>`);
    const json = (await call(node, 'GET', '/resource/mydir/myres?operation=metadata&format=json')).json();
    expect(json).toEqual({
      ResourceMetadata: {
        name: 'myres',
        parent: { path: 'mydir', link: { href: `${rest}/resource/mydir`, rel: 'alternate', type: 'application/json' } },
        lastModified: lastModified(file('mydir/myres')),
        type: 'resource',
      },
    });
    const html = (await call(node, 'GET', '/resource/mydir/myres?operation=metadata&format=html')).text;
    expect(html).toContain("<li>Name: 'myres'</li>");
    expect(html).toContain(`<li>Parent: <a href="${rest}/resource/mydir">mydir</a></li>`);
    expect(html).toContain('<li>Type: resource</li>');
  });

  it('lists a folder in JSON (testDirectoryJSON_single_child, testDirectoryJSONMultipleChildren, testDirectoryJSON_no_children)', async () => {
    const parent = { path: '', link: { href: `${rest}/resource/`, rel: 'alternate', type: 'application/json' } };
    const link = (rel: string, type: string) => ({ href: `${rest}/resource/${rel}`, rel: 'alternate', type });
    expect((await call(node, 'GET', '/resource/mydir?format=json')).json()).toEqual({
      ResourceDirectory: { name: 'mydir', parent, lastModified: lastModified(file('mydir')), children: { child: [{ name: 'myres', link: link('mydir/myres', 'application/octet-stream') }] } },
    });
    expect((await call(node, 'GET', '/resource/mydir2?format=json')).json().ResourceDirectory.children.child).toEqual([
      { name: 'fake.png', link: link('mydir2/fake.png', 'image/png') },
      { name: 'imagewithoutextension', link: link('mydir2/imagewithoutextension', 'application/octet-stream') },
      { name: 'myres.json', link: link('mydir2/myres.json', 'application/json') },
      { name: 'myres.xml', link: link('mydir2/myres.xml', 'application/xml') },
    ]);
    expect((await call(node, 'GET', '/resource/emptyDir?format=json')).json()).toEqual({
      ResourceDirectory: { name: 'emptyDir', parent, lastModified: lastModified(file('emptyDir')) },
    });
  });

  it('lists a folder in XML and HTML, with headers (testDirectoryXML, testDirectoryHTML, testDirectoryHeaders, testDirectoryHead)', async () => {
    const r = await call(node, 'GET', '/resource/mydir?format=xml');
    expect(r.text).toMatch(/^<ResourceDirectory>\n {2}<name>mydir<\/name>\n {2}<parent>\n {4}<path\/>\n {4}<atom:link xmlns:atom="http:\/\/www.w3.org\/2005\/Atom" rel="alternate" href="[^"]+\/resource\/" type="application\/xml"\/>/);
    expect(r.text).toMatch(/<children>\s*<child>\s*<name>myres<\/name>\s*<atom:link [^>]*href="[^"]+\/resource\/mydir\/myres"/);
    for (const method of ['GET', 'HEAD']) {
      const h = await call(node, method, '/resource/mydir?format=xml');
      expect(h.headers.get('last-modified')).toBe(fs.statSync(file('mydir')).mtime.toUTCString());
      expect(h.headers.get('resource-parent')).toBe(`${rest}/resource/`);
      expect(h.headers.get('resource-type')).toBe('directory');
      expect(h.headers.get('content-type')).toBe('application/xml');
    }
    const html = (await call(node, 'GET', '/resource/mydir?format=html')).text;
    expect(html).toContain("<li>Name: 'mydir'</li>");
    expect(html).toContain(`<li><a href="${rest}/resource/mydir/myres">myres</a></li>`);
    // without ?format= GeoServer answers HTML
    expect((await call(node, 'GET', '/resource/mydir')).headers.get('content-type')).toBe('text/html');
  });

  it('lists the root (testDirectoryRootXML, testDirectoryRootHTML)', async () => {
    const xml = (await call(node, 'GET', '/resource?format=xml')).text;
    expect(xml).toMatch(/^<ResourceDirectory>\n {2}<name\/>\n {2}<lastModified>/);
    expect(xml).not.toContain('<parent>');
    expect(xml).toContain('<name>global.xml</name>');
    const html = (await call(node, 'GET', '/resource?format=html')).text;
    expect(html).toContain("<li>Name: ''</li>");
    expect(html).toContain('<li>Parent: </li>');
  });

  it('percent-encodes special characters (testSpecialCharacterNames)', async () => {
    const xml = (await call(node, 'GET', '/resource/po%c3%abzie?format=xml')).text;
    expect(xml).toContain(`href="${rest}/resource/po%C3%ABzie/caf%C3%A9"`);
    const r = await call(node, 'GET', '/resource/po%c3%abzie/caf%c3%a9?format=xml');
    expect(r.status).toBe(200);
    expect(r.headers.get('resource-type')).toBe('resource');
    expect(r.headers.get('resource-parent')).toBe(`${rest}/resource/po%C3%ABzie`);
  });

  it('PUT creates (201, parent folders too) and replaces (200) (testUpload)', async () => {
    const first = await call(node, 'PUT', '/resource/newdir/sub/mynewres.txt', { type: 'text/plain', body: 'This is my new test. € è' });
    expect(first.status).toBe(201);
    expect(fs.readFileSync(file('newdir/sub/mynewres.txt'), 'utf8')).toBe('This is my new test. € è');
    const again = await call(node, 'PUT', '/resource/newdir/sub/mynewres.txt', { type: 'text/plain', body: 'replaced' });
    expect(again.status).toBe(200);
    expect((await call(node, 'GET', '/resource/newdir/sub/mynewres.txt')).text).toBe('replaced');
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    expect((await call(node, 'PUT', '/resource/styles/icon.png', { type: 'image/png', body: bytes })).status).toBe(201);
    expect(fs.readFileSync(file('styles/icon.png'))).toEqual(bytes);
    expect((await call(node, 'PUT', '/resource/workspaces/cat/styles/body.sld', { type: 'application/xml', body: '<StyledLayerDescriptor/>' })).status).toBe(201);
  });

  it('copy and move take the source path from the body (testCopy, testMove, testMoveDirectory)', async () => {
    expect((await call(node, 'PUT', '/resource/mydir/copied?operation=cOpY', { type: 'text/plain', body: '/mydir/myres' })).status).toBe(201);
    expect(fs.readFileSync(file('mydir/copied'), 'utf8')).toBe(STR_MY_TEST);
    expect(fs.existsSync(file('mydir/myres'))).toBe(true);
    expect((await call(node, 'PUT', '/resource/mydir/moved?operation=move', { type: 'text/plain', body: '/mydir/copied' })).status).toBe(201);
    expect(fs.existsSync(file('mydir/copied'))).toBe(false);
    expect(fs.readFileSync(file('mydir/moved'), 'utf8')).toBe(STR_MY_TEST);
    put('tomove/a/b.txt', 'b');
    put('tomove/c.txt', 'c');
    expect((await call(node, 'PUT', '/resource/moveddir?operation=move', { type: 'text/plain', body: '/tomove' })).status).toBe(201);
    expect(fs.existsSync(file('tomove'))).toBe(false);
    expect(fs.readFileSync(file('moveddir/a/b.txt'), 'utf8')).toBe('b');
    expect(fs.readFileSync(file('moveddir/c.txt'), 'utf8')).toBe('c');
  });

  it('DELETE removes a file or a folder with its contents (testDelete)', async () => {
    expect((await call(node, 'DELETE', '/resource/mydir/moved')).status).toBe(200);
    expect(fs.existsSync(file('mydir/moved'))).toBe(false);
    expect((await call(node, 'DELETE', '/resource/moveddir')).status).toBe(200);
    expect(fs.existsSync(file('moveddir'))).toBe(false);
  });

  it('answers GeoServer\'s error codes and changes nothing (testErrorResponseCodes)', async () => {
    const reads = ['/resource/mydir?format=json'];
    await refused(node, reads, 404, () => call(node, 'GET', '/resource/doesntexist'));
    await refused(node, reads, 404, () => call(node, 'DELETE', '/resource/doesntexist'));
    await refused(node, reads, 405, () => call(node, 'PUT', '/resource/mydir', { type: 'text/plain', body: 'x' }));
    await refused(node, reads, 405, () => call(node, 'PUT', '/resource/mynewdir?operation=copy', { type: 'text/plain', body: '/mydir' }));
    await refused(node, reads, 404, () => call(node, 'PUT', '/resource/mynewres?operation=copy', { type: 'text/plain', body: '/doesntexist' }));
    await refused(node, reads, 404, () => call(node, 'PUT', '/resource/mynewres?operation=move', { type: 'text/plain', body: '/doesntexist' }));
    await refused(node, reads, 405, () => call(node, 'POST', '/resource/mydir', { type: 'text/plain', body: 'blabla' }));
    await refused(node, reads, 405, () => call(node, 'PUT', '/resource/mydir/myres?operation=metadata', { type: 'text/plain', body: 'x' }));
    await refused(node, reads, 400, () => call(node, 'GET', '/resource/mydir?operation=explode'));
    await refused(node, reads, 409, () => call(node, 'PUT', '/resource/mydir/myres/below', { type: 'text/plain', body: 'x' }));
    await refused(node, reads, 409, () => call(node, 'PUT', '/resource/mydir/inner?operation=move', { type: 'text/plain', body: '/mydir' }));
    await refused(node, reads, 403, () => call(node, 'DELETE', '/resource'));
  });

  it('refuses every path that leaves the data directory, touching nothing', async () => {
    const escape = `geocluster-escape-${randomUUID()}.txt`;
    const outside = path.join(path.dirname(node.dataDir), escape);
    const reads = ['/resource?format=json'];
    const attempts: Array<[string, string]> = [
      ['GET', '/geoserver/rest/resource/../../../../etc/passwd'],
      ['GET', '/geoserver/rest/resource/%2e%2e/%2e%2e/%2e%2e/etc/passwd'],
      ['GET', '/geoserver/rest/resource/..%2F..%2F..%2Fetc%2Fpasswd'],
      ['GET', '/geoserver/rest/resource/..%5C..%5Cetc%5Cpasswd'],
      ['PUT', `/geoserver/rest/resource/../${escape}`],
      ['PUT', `/geoserver/rest/resource/mydir/%2e%2e/%2e%2e/${escape}`],
      ['PUT', `/geoserver/rest/resource/..%2F${escape}`],
      ['PUT', `/geoserver/rest/resource/%2e%2e%2f${escape}`],
      ['PUT', `/geoserver/rest/resource/..%5C${escape}`],
      ['PUT', '/geoserver/rest/resource/mydir/bad%00name'],
      ['PUT', '/geoserver/rest/resource/mydir/bad%0Aname'],
      ['PUT', '/geoserver/rest/resource/mydir/bad%zzname'],
      ['PUT', `/geoserver/rest/resource/mydir/x?operation=copy`],
      ['DELETE', '/geoserver/rest/resource/..%2Fmydir'],
      ['DELETE', '/geoserver/rest/resource/mydir%2F..%2F..%2Fsomething'],
    ];
    for (const [method, p] of attempts) {
      const body = p.includes('operation=copy') ? `../${escape}` : method === 'PUT' ? 'escaped' : undefined;
      const disk = snapshotDir(node.dataDir);
      const r = await raw(node, method, p, body);
      expect(r.status, `${method} ${p}: ${r.text}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${method} ${p}`).toBeLessThan(500);
      expect(snapshotDir(node.dataDir)).toEqual(disk);
      expect(fs.existsSync(outside)).toBe(false);
    }
    await refused(node, reads, 400, () => call(node, 'PUT', '/resource/mydir/copy2?operation=copy', { type: 'text/plain', body: '../../etc/passwd' }));
    await refused(node, reads, 400, () => call(node, 'PUT', '/resource/mydir/moved2?operation=move', { type: 'text/plain', body: '..\\global.xml' }));
  });

  it('refuses writes and deletes of the catalog\'s own files with 403, pointing to the catalog endpoints', async () => {
    const reads = ['/workspaces/cat.json', '/settings.json', '/styles.json'];
    const r = await refused(node, reads, 403, () => call(node, 'PUT', '/resource/workspaces/cat/workspace.xml', { type: 'application/xml', body: '<workspace><name>x</name></workspace>' }));
    expect(r.text).toContain('/rest/workspaces');
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/workspaces/new/workspace.xml', { type: 'application/xml', body: '<workspace><name>new</name></workspace>' }));
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/GLOBAL.XML', { type: 'application/xml', body: '<global/>' }));
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/styles/point.xml', { type: 'application/xml', body: '<style/>' }));
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/layergroups/lg.xml', { type: 'application/xml', body: '<layerGroup/>' }));
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/workspaces/cat/ds/datastore.xml', { type: 'application/xml', body: '<dataStore/>' }));
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/workspaces/cat/ds/ft/layer.xml', { type: 'application/xml', body: '<layer/>' }));
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/cluster/journal', { type: 'text/plain', body: 'x' }));
    await refused(node, reads, 403, () => call(node, 'DELETE', '/resource/global.xml'));
    await refused(node, reads, 403, () => call(node, 'DELETE', '/resource/workspaces/cat'));
    await refused(node, reads, 403, () => call(node, 'DELETE', '/resource/workspaces'));
    await refused(node, reads, 403, () => call(node, 'DELETE', '/resource/styles'));
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/wms.xml?operation=copy', { type: 'text/plain', body: '/mydir/myres' }));
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/elsewhere?operation=move', { type: 'text/plain', body: '/workspaces/cat' }));
    put('sneaky/workspace.xml', '<workspace><name>sneaky</name></workspace>');
    await refused(node, reads, 403, () => call(node, 'PUT', '/resource/workspaces/sneaky?operation=move', { type: 'text/plain', body: '/sneaky' }));
    // reading them is fine, as in GeoServer
    const read = await call(node, 'GET', '/resource/workspaces/cat/workspace.xml');
    expect(read.status).toBe(200);
    expect(read.text).toContain('<name>cat</name>');
  });
});

describe('REST /resource bodies over GEOCLUSTER_MAX_BODY_BYTES', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode({ env: { GEOCLUSTER_MAX_BODY_BYTES: '1024' } });
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('are 413 and create nothing', async () => {
    await refused(node, ['/resource?format=json'], 413, () => call(node, 'PUT', '/resource/big/file.bin', { type: 'application/octet-stream', body: Buffer.alloc(4096, 7) }));
    expect(fs.existsSync(path.join(node.dataDir, 'big'))).toBe(false);
    expect((await call(node, 'PUT', '/resource/small/file.bin', { type: 'application/octet-stream', body: Buffer.alloc(1000, 7) })).status).toBe(201);
  });
});
