import type { RestContext } from './context.js';
import { Router } from './router.js';
import { aboutRoutes } from './routes/about.js';
import { layerGroupRoutes } from './routes/layergroups.js';
import { layerRoutes } from './routes/layers.js';
import { loggingRoutes } from './routes/logging.js';
import { namespaceRoutes } from './routes/namespaces.js';
import { reloadRoutes } from './routes/reload.js';
import { resourceFileRoutes } from './routes/resource.js';
import { resourceRoutes } from './routes/resources.js';
import { serviceRoutes } from './routes/services.js';
import { settingsRoutes } from './routes/settings.js';
import { storeRoutes } from './routes/stores.js';
import { styleRoutes } from './routes/styles.js';
import { templateRoutes } from './routes/templates.js';
import { fontRoutes } from './routes/fonts.js';
import { urlCheckRoutes } from './routes/urlchecks.js';
import { indexRoutes } from './routes/index-page.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { clusterRoutes } from './routes/cluster.js';
import { securityAclRoutes } from './routes/security-acl.js';
import { securityRoleRoutes } from './routes/security-roles.js';
import { securityUserRoutes } from './routes/security-users.js';
import { gwcConfigRoutes } from './routes/gwc-config.js';
import { gwcLayerRoutes } from './routes/gwc-layers.js';

/** Every REST endpoint, registered on one router. */
export function restApi(ctx: RestContext): Router {
  const router = new Router();
  for (const register of [
    workspaceRoutes, namespaceRoutes, storeRoutes, resourceRoutes, layerRoutes, styleRoutes, layerGroupRoutes,
    settingsRoutes, serviceRoutes, loggingRoutes, resourceFileRoutes, aboutRoutes, reloadRoutes, templateRoutes, fontRoutes, urlCheckRoutes,
    securityUserRoutes, securityRoleRoutes, securityAclRoutes,
  ]) {
    register(router, ctx);
  }
  clusterRoutes(router, ctx.cluster);
  indexRoutes(router);
  return router;
}

/** GeoWebCache's REST API, under /geoserver/gwc/rest. */
export function gwcRestApi(ctx: RestContext): Router {
  const router = new Router();
  gwcLayerRoutes(router, ctx);
  gwcConfigRoutes(router, ctx);
  return router;
}
