import type { RestContext } from '../context.js';
import { ok } from '../http.js';
import type { Handler, Router } from '../router.js';

/**
 * /reload and /reset — GeoServer's CatalogReloadController: POST or PUT, no body, 200; GET and
 * DELETE are 405 (reload.rst, reset.rst, CatalogReloadControllerTest). A reload re-reads the data
 * directory (and, as in GeoServer, resets too); neither publishes anything to the cluster.
 */
export function reloadRoutes(router: Router, ctx: RestContext): void {
  const reload: Handler = async () => {
    await ctx.reload();
    ctx.reset();
    return ok();
  };
  const reset: Handler = () => {
    ctx.reset();
    return ok();
  };
  router.route('/reload', { POST: reload, PUT: reload });
  router.route('/reset', { POST: reset, PUT: reset });
}
