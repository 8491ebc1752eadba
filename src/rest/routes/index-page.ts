import type { RestResponse } from '../http.js';
import type { Router } from '../router.js';

/** The top-level endpoints GeoServer's IndexController links to, in its order (by name). */
const ENDPOINTS = [
  'about/manifest', 'about/status', 'about/system-status', 'about/version', 'fonts', 'layergroups', 'layers', 'logging',
  'namespaces', 'reload', 'reset', 'resource', 'services/wcs/settings', 'services/wfs/settings', 'services/wms/settings',
  'services/wmts/settings', 'settings', 'styles', 'templates', 'urlchecks', 'workspaces',
];

/** GET /geoserver/rest — GeoServer's IndexController: an HTML page linking the endpoints. */
export function indexRoutes(router: Router): void {
  router.route('/', {
    GET: (req): RestResponse => {
      const items = ENDPOINTS.map((e) => `<li><a href="${req.base}/${e}">${e}</a></li>`).join('\n');
      const body = `<html><head><title>GeoServer Configuration</title><meta name="ROBOTS" content="NOINDEX, NOFOLLOW"/></head><body>\n<ul>\n${items}\n</ul>\n</body></html>\n`;
      return { status: 200, headers: { 'Content-Type': 'text/html' }, body };
    },
  });
}
