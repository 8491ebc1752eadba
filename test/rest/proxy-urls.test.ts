import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, startNode, type NodeProcess } from '../helpers/node-process.js';

// GeoServer's URL mangling (ProxifyingURLMangler): hrefs and Location headers start with the
// global proxyBaseUrl; with useHeadersProxyURL, with its ${header} placeholders resolved from the
// request, or without one from X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Prefix.

const JSON_TYPE = 'application/json';

/** A GET with extra headers; `.json()` of the answer is the parsed body. */
async function get(node: NodeProcess, p: string, headers: Record<string, string> = {}): Promise<{ json(): Promise<any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const auth = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;
  return fetch(`${node.rest}${p}`, { headers: { Authorization: auth, ...headers } });
}

async function settings(node: NodeProcess, proxyBaseUrl: string, useHeadersProxyURL: boolean): Promise<void> {
  const body = JSON.stringify({ global: { settings: { proxyBaseUrl, useHeadersProxyURL } } });
  expect((await call(node, 'PUT', '/settings', { body, type: JSON_TYPE })).status).toBe(200);
}

describe('URLs behind a proxy', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNode();
    await call(node, 'POST', '/workspaces', { body: '{"workspace":{"name":"px"}}', type: JSON_TYPE });
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('without proxy settings, hrefs use the request Host; forwarded headers are ignored', async () => {
    await settings(node, '', false);
    const r = await get(node, '/workspaces.json', { 'X-Forwarded-Host': 'proxy.example.org' });
    expect(JSON.stringify(await r.json())).toContain(`${node.rest}/workspaces/px.json`);
  });

  it('proxyBaseUrl replaces the base of hrefs and Location headers, of REST and of /gwc/rest', async () => {
    await settings(node, 'https://maps.example.org/geoserver/', false);
    const list = await (await get(node, '/workspaces.json')).json();
    expect(list.workspaces.workspace[0].href).toBe('https://maps.example.org/geoserver/rest/workspaces/px.json');
    const created = await call(node, 'POST', '/workspaces', { body: '{"workspace":{"name":"px2"}}', type: JSON_TYPE });
    expect(created.headers.get('location')).toBe('https://maps.example.org/geoserver/rest/workspaces/px2');
    const gwc = await fetch(`${node.rest.replace(/\/rest$/, '/gwc/rest')}/gridsets.xml`, { headers: { Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` } });
    expect(await gwc.text()).toContain('href="https://maps.example.org/geoserver/gwc/rest/gridsets/');
  });

  it('with useHeadersProxyURL, placeholders take the request headers; the first candidate that resolves wins', async () => {
    await settings(node, '${X-Forwarded-Proto}://${X-Forwarded-Host}/gs https://fallback.example.org/geoserver', true);
    const proxied = await (await get(node, '/workspaces.json', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'edge.example.org' })).json();
    expect(proxied.workspaces.workspace[0].href).toBe('https://edge.example.org/gs/rest/workspaces/px.json');
    const direct = await (await get(node, '/workspaces.json')).json();
    expect(direct.workspaces.workspace[0].href).toBe('https://fallback.example.org/geoserver/rest/workspaces/px.json');
  });

  it('with useHeadersProxyURL and no proxyBaseUrl, X-Forwarded-Proto/Host/Prefix give the base', async () => {
    await settings(node, '', true);
    const r = await get(node, '/workspaces.json', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'edge.example.org:8443', 'X-Forwarded-Prefix': '/maps' });
    expect((await r.json()).workspaces.workspace[0].href).toBe('https://edge.example.org:8443/maps/geoserver/rest/workspaces/px.json');
    await settings(node, '', false);
  });
});
