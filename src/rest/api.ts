import type { RestContext } from './context.js';
import { Router } from './router.js';
import { workspaceRoutes } from './routes/workspaces.js';

/** Every REST endpoint, registered on one router. */
export function restApi(ctx: RestContext): Router {
  const router = new Router();
  workspaceRoutes(router, ctx);
  return router;
}
