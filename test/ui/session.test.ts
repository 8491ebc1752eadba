import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNames } from '../helpers/cluster.js';
import { ADMIN, call, startNode, until, type NodeProcess } from '../helpers/node-process.js';

/**
 * The web UI's HTTP side on a real node: the bundle and its headers, login sessions, and REST
 * requests made with a session (CSRF token required for changes) next to HTTP Basic clients.
 */
describe('web UI sessions and bundle', () => {
  let node: NodeProcess;
  const web = (p = '') => `http://127.0.0.1:${node.port}/geoserver/web${p}`;
  const rest = (p: string) => `${node.rest}${p}`;

  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });

  async function login(password = ADMIN.password): Promise<{ status: number; setCookie: string | null; cookie: string; body: { user: string; roles: string[]; csrfToken: string } }> {
    const res = await fetch(web('/session'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: ADMIN.user, password }) });
    const text = await res.text();
    const setCookie = res.headers.get('set-cookie');
    return { status: res.status, setCookie, cookie: setCookie?.split(';')[0] ?? '', body: res.ok ? JSON.parse(text) : text };
  }

  it('serves the app under /geoserver/web/ with a strict CSP, hashed assets cached for good, nothing from elsewhere', async () => {
    const index = await fetch(web('/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self';/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    const html = await index.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBe(3);
    for (const ref of refs) expect(ref).toMatch(/^\/geoserver\/web\/assets\/[\w.-]+-[\w]+\.(js|css|svg)$/);

    const script = await fetch(`http://127.0.0.1:${node.port}${refs.find((r) => r.endsWith('.js'))}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org|www\.opengis\.net)[a-z]/i);
    const again = await fetch(script.url, { headers: { 'If-None-Match': script.headers.get('etag')! } });
    expect(again.status).toBe(304);

    // every path of the app is the app; the bare prefix redirects; an unknown asset is 404
    expect(await (await fetch(web('/layers?edit=/workspaces/x/layers/y'))).text()).toBe(html);
    const bare = await fetch(web(), { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/geoserver/web/']);
    expect((await fetch(web('/assets/nope.js'))).status).toBe(404);
    expect((await fetch(web('/x'), { method: 'POST' })).status).toBe(405);
  });

  it('logs in with the REST admin only: wrong password 401, no cookie; a session cookie that is HttpOnly and SameSite=Strict', async () => {
    const wrong = await login('not-the-password');
    expect([wrong.status, wrong.setCookie, wrong.body]).toEqual([401, null, 'Wrong user name or password']);
    const form = await fetch(web('/session'), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=admin&password=x' });
    expect(form.status).toBe(415);
    const missing = await fetch(web('/session'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":"admin"}' });
    expect([missing.status, await missing.text()]).toEqual([400, 'The login body needs a non-empty "username" and a "password", both strings']);

    const ok = await login();
    expect(ok.status).toBe(200);
    expect(ok.setCookie).toBe(`${ok.cookie}; Path=/geoserver; HttpOnly; SameSite=Strict`);
    expect(ok.cookie).toMatch(new RegExp(`^geocluster_session_${node.port}=[\\w-]{43}$`));
    expect(ok.body).toMatchObject({ user: 'admin', roles: ['ADMIN', 'ROLE_ADMINISTRATOR', 'ROLE_AUTHENTICATED'], warnings: [] });

    const who = await (await fetch(web('/session'), { headers: { Cookie: ok.cookie } })).json();
    expect(who).toMatchObject({ user: 'admin', csrfToken: ok.body.csrfToken });
    expect(await (await fetch(web('/session'))).json()).toEqual({ user: null });
  });

  it('a failed web login holds every other login of that user, REST included, until its delay is over (one guard for the node)', async () => {
    const wrong = login('another-wrong-guess');
    // polled, not timed: REST with the right password is refused (429) while the web failure waits on its delay
    const refused = await until('REST refused while the failed web login waits', async () => {
      const r = await call(node, 'GET', '/workspaces.json');
      return r.status === 429 ? r : r.status === 200 ? undefined : expect.fail(`unexpected ${r.status}`);
    });
    expect(refused.text).toMatch(/Too many failed logins waiting on delay/);
    expect((await wrong).status).toBe(401);
    expect((await call(node, 'GET', '/workspaces.json')).status).toBe(200);
  });

  it('REST with the session cookie: reads freely, changes only with the CSRF token and from this origin; Basic auth unchanged', async () => {
    const { cookie, body } = await login();
    const create = (name: string, headers: Record<string, string>) =>
      fetch(rest('/workspaces'), { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers }, body: JSON.stringify({ workspace: { name } }) });

    expect((await fetch(rest('/workspaces.json'), { headers: { Cookie: cookie } })).status).toBe(200);
    const noToken = await create('csrf_none', {});
    expect([noToken.status, await noToken.text()]).toEqual([403, expect.stringContaining('X-CSRF-Token')]);
    expect((await create('csrf_wrong', { 'X-CSRF-Token': 'x'.repeat(43) })).status).toBe(403);
    const foreign = await create('csrf_origin', { 'X-CSRF-Token': body.csrfToken, Origin: 'http://evil.example' });
    expect([foreign.status, await foreign.text()]).toEqual([403, 'Cross-site request refused: Origin http://evil.example is not this node']);
    expect(await listNames(node, '/workspaces.json', 'workspaces', 'workspace')).toEqual([]);

    const ok = await create('csrf_ok', { 'X-CSRF-Token': body.csrfToken, Origin: `http://127.0.0.1:${node.port}` });
    expect(ok.status).toBe(201);
    expect(await listNames(node, '/workspaces.json', 'workspaces', 'workspace')).toEqual(['csrf_ok']);

    // HTTP Basic clients: unchanged, and Basic wins over a cookie
    expect((await call(node, 'GET', '/workspaces.json')).status).toBe(200);
    const basicAndCookie = await fetch(rest('/workspaces/csrf_ok'), { method: 'DELETE', headers: { Cookie: cookie, Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` } });
    expect(basicAndCookie.status).toBe(200);
    const nobody = await call(node, 'GET', '/workspaces.json', { auth: false });
    expect([nobody.status, nobody.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="GeoServer Realm"']);
  });

  it('logs out with the CSRF token only; the old cookie then gets a 401 without a Basic challenge (no browser password dialog)', async () => {
    const { cookie, body } = await login();
    const forged = await fetch(web('/session'), { method: 'DELETE', headers: { Cookie: cookie } });
    expect(forged.status).toBe(403);
    expect((await fetch(rest('/about/version.json'), { headers: { Cookie: cookie } })).status).toBe(200);

    const out = await fetch(web('/session'), { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': body.csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toBe(`geocluster_session_${node.port}=; Path=/geoserver; Max-Age=0; HttpOnly; SameSite=Strict`);
    const stale = await fetch(rest('/workspaces.json'), { headers: { Cookie: cookie } });
    expect([stale.status, stale.headers.get('www-authenticate'), await stale.text()]).toEqual([401, null, 'Your web session has expired or was closed: log in again']);
  });

  it('pages and searches catalog lists on the node: GET /rest/ui/search', async () => {
    for (const name of ['b_two', 'a_one', 'C_three', 'd_four']) {
      expect((await call(node, 'POST', '/workspaces', { type: 'application/json', body: JSON.stringify({ workspace: { name } }) })).status).toBe(201);
    }
    // sorted ignoring case: a_one, b_two, C_three, d_four
    const page = (await call(node, 'GET', '/ui/search.json?type=workspaces&offset=1&limit=2')).json();
    expect(page).toEqual({
      type: 'workspaces',
      total: 4,
      offset: 1,
      limit: 2,
      items: [
        { name: 'b_two', type: 'workspace', path: '/workspaces/b_two' },
        { name: 'C_three', type: 'workspace', path: '/workspaces/C_three' },
      ],
    });
    const found = (await call(node, 'GET', '/ui/search.json?type=workspaces&q=T')).json();
    expect(found.items.map((h: { name: string }) => h.name)).toEqual(['b_two', 'C_three']);
    const badType = await call(node, 'GET', '/ui/search.json?type=users');
    expect([badType.status, badType.text]).toEqual([400, "type must be one of workspaces, stores, layers, styles, layergroups, got 'users'"]);
    expect((await call(node, 'GET', '/ui/search.json?type=layers&limit=501')).status).toBe(400);
    expect((await call(node, 'GET', '/ui/search.json?type=layers', { auth: false })).status).toBe(401);
  });
});
