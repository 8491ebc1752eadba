import { readFileSync } from 'node:fs';
import { fail } from '../../catalog/errors.js';
import { VERSION } from '../../version.js';
import type { RestContext } from '../context.js';
import { RestError, type Format, type RestRequest, type RestResponse } from '../http.js';
import { responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';
import { writeXml } from '../../xml/write.js';

/** The GeoServer release whose REST API this node speaks, with the GeoTools and GeoWebCache it ships. */
export const GEOSERVER_VERSION = '2.27.0';
const GEOTOOLS_VERSION = '33.0';
const GEOWEBCACHE_VERSION = '1.27.0';

/** About endpoints answer HTML first, as GeoServer's AboutController does. */
const ABOUT_FORMATS: readonly Format[] = ['html', 'json', 'xml'];

/** One entry of GeoServer's AboutModel: a name and its manifest attributes. */
interface Manifest {
  name: string;
  entries: Record<string, string>;
}

/** One ModuleStatus, as /about/status lists them. */
interface ModuleStatus {
  module: string;
  name: string;
  component?: string;
  version?: string;
  message?: string;
  isEnabled: boolean;
  isAvailable: boolean;
}

/**
 * /about/version, /about/manifest, /about/status — GeoServer's AboutController and
 * AboutStatusController (manifests.rst, AboutControllerTest, AboutStatusControllerTest). GeoServer
 * comes first in the versions, since clients read `resource[0].Version`; this node adds itself as
 * `geocluster`. The manifest lists this package and the libraries it runs on — there are no JARs.
 */
export function aboutRoutes(router: Router, ctx: RestContext): void {
  router.route('/about/version', { GET: (req) => aboutResponse(req, filterManifests(req, versions())) });
  router.route('/about/manifest', { GET: (req) => aboutResponse(req, filterManifests(req, manifests())) });
  router.route('/about/status', { GET: (req) => statusResponse(req, modules(ctx)) });
  router.route('/about/status/{module}', {
    GET: (req) => {
      const found = modules(ctx).filter((m) => m.module.toLowerCase() === req.params.module.toLowerCase());
      if (found.length === 0) fail('not_found', `No such module: ${req.params.module}`);
      return statusResponse(req, found);
    },
  });
}

function versions(): Manifest[] {
  return [
    { name: 'GeoServer', entries: { Version: GEOSERVER_VERSION } },
    { name: 'GeoTools', entries: { Version: GEOTOOLS_VERSION } },
    { name: 'GeoWebCache', entries: { Version: GEOWEBCACHE_VERSION } },
    { name: 'geocluster', entries: { Version: VERSION } },
  ];
}

/** This package and its runtime dependencies, with the versions actually installed. */
function manifests(): Manifest[] {
  const root = packageRoot();
  const own = root ? readPackage(new URL('package.json', root)) : undefined;
  const out: Manifest[] = [{ name: 'geocluster', entries: { Version: VERSION, 'Implementation-Title': String(own?.description ?? 'geocluster') } }];
  const deps = Object.keys((own?.dependencies as Record<string, string> | undefined) ?? {}).sort();
  for (const dep of deps) {
    const pkg = root ? readPackage(new URL(`node_modules/${dep}/package.json`, root)) : undefined;
    if (pkg) out.push({ name: dep, entries: { Version: String(pkg.version), 'Bundle-License': String(pkg.license ?? '') } });
  }
  out.push({ name: 'node', entries: { Version: process.version.replace(/^v/, '') } });
  return out;
}

/** The folder of geocluster's package.json, from the sources or from the build. */
function packageRoot(): URL | undefined {
  for (const up of ['../../../', '../../../../']) {
    const root = new URL(up, import.meta.url);
    if (readPackage(new URL('package.json', root))?.name === 'geocluster') return root;
  }
  return undefined;
}

function readPackage(url: URL): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The modules this node really runs: itself and its runtime. Nothing else is claimed. */
function modules(ctx: RestContext): ModuleStatus[] {
  return [
    {
      module: 'geocluster',
      name: 'geocluster node',
      component: 'GeoServer REST configuration API',
      version: VERSION,
      message: `Catalog of ${ctx.catalog.count()} objects; compatible with GeoServer ${GEOSERVER_VERSION}`,
      isEnabled: true,
      isAvailable: true,
    },
    {
      module: 'node',
      name: 'Runtime',
      component: 'Node.js',
      version: process.version.replace(/^v/, ''),
      message: `${process.platform} ${process.arch}`,
      isEnabled: true,
      isAvailable: true,
    },
  ];
}

/** GeoServer's `manifest` (full-match regular expression on the name), `key` and `value` filters. */
function filterManifests(req: RestRequest, list: Manifest[]): Manifest[] {
  let out = list;
  const regex = req.query.get('manifest');
  if (regex !== null) {
    let re: RegExp;
    try {
      if (regex.length > 200) throw new Error('longer than 200 characters');
      re = new RegExp(`^(?:${regex})$`);
    } catch (err) {
      throw new RestError(400, `Invalid manifest regular expression '${regex}': ${(err as Error).message}`);
    }
    out = out.filter((m) => re.test(m.name));
  }
  const key = req.query.get('key');
  const value = req.query.get('value');
  if (key !== null || value !== null) {
    out = out.filter((m) => Object.entries(m.entries).some(([k, v]) => (key === null || k === key) && (value === null || v === value)));
  }
  return out;
}

function aboutResponse(req: RestRequest, list: Manifest[]): RestResponse {
  const format = responseFormat(req, ABOUT_FORMATS);
  if (format === 'json') {
    const resource = list.map((m) => ({ '@name': m.name, ...m.entries }));
    return json({ about: resource.length ? { resource } : '' });
  }
  if (format === 'xml') {
    const resource = list.map((m) => ({ '@name': m.name, ...m.entries }));
    return xml(writeXml('about', resource.length ? { resource } : ''));
  }
  const items = list.map((m) => `\t<li><h3>Resource name: ${esc(m.name)}</h3>\n\t\t<ul>${Object.entries(m.entries).map(([k, v]) => `\n\t\t\t<li><b>${esc(k)}</b> : ${esc(v)}</li>`).join('')}\n\t\t</ul>\n\t</li>`);
  return html(`<h2>About:</h2>\n<ul>\n${items.join('\n')}\n</ul>`);
}

function statusResponse(req: RestRequest, list: ModuleStatus[]): RestResponse {
  const format = responseFormat(req, ABOUT_FORMATS);
  if (format === 'json') return json({ about: { status: list } });
  if (format === 'xml') {
    const status = list.map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])));
    return xml(writeXml('about', { status }));
  }
  const label: Record<string, string> = { module: 'Module', name: 'Name', component: 'Component', version: 'Version', message: 'Message', isAvailable: 'Available', isEnabled: 'Enabled' };
  const items = list.map((m) => `<li><ul>${Object.entries(m).map(([k, v]) => `<li><b>${label[k] ?? esc(k)}</b> : ${esc(String(v))}</li>`).join('')}</ul></li>`);
  return html(`<h2>Status:</h2>\n<ul>\n${items.join('\n')}\n</ul>`);
}

function json(value: unknown): RestResponse {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

function xml(body: string): RestResponse {
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body };
}

function html(content: string): RestResponse {
  const body = `<html>\n<head>\n<title>GeoServer Configuration</title>\n<meta name="ROBOTS" content="NOINDEX, NOFOLLOW"/>\n</head>\n<body>\n${content}\n</body>\n</html>\n`;
  return { status: 200, headers: { 'Content-Type': 'text/html' }, body };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
