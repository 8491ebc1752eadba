import type { Catalog } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import { defaultWorkspace } from '../../catalog/operations.js';
import { configKey, newId, SERVICE_TYPES, type Info, type ServiceType, type WorkspaceInfo } from '../../catalog/types.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { respond } from '../encode.js';
import { ok, type RestRequest } from '../http.js';
import { collectionOf } from '../lookup.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';
import { checkConfigBody, FLAT_MERGE, mergeConfig, SERVICE_FIELDS } from './config-body.js';
import { CONFIG_FORMATS, configView } from './config-view.js';

/**
 * /services/{wms|wfs|wcs|wmts}/settings and /services/{svc}/workspaces/{ws}/settings — GeoServer's
 * ServiceSettingsController. PUT changes only the fields sent and, for a workspace without its own
 * service settings, creates them; DELETE exists only for the workspace ones (WCSSettingsControllerTest,
 * LocalWMSSettingsControllerTest).
 */
export function serviceRoutes(router: Router, ctx: RestContext): void {
  for (const service of SERVICE_TYPES) {
    router.route(`/services/${service}/settings`, {
      GET: (req) => show(req, ctx.catalog, service, undefined),
      PUT: (req) => save(req, ctx.catalog, service, undefined),
    }, service);
    router.route(`/services/${service}/${collectionOf('workspace')}/{workspace}/settings`, {
      GET: (req) => show(req, ctx.catalog, service, workspaceOf(ctx.catalog, req)),
      PUT: (req) => save(req, ctx.catalog, service, workspaceOf(ctx.catalog, req)),
      DELETE: (req) => {
        const ws = workspaceOf(ctx.catalog, req);
        const key = configKey(service, ws.id);
        if (ctx.catalog.get(service, key)) ctx.catalog.remove(service, key, localChange(req));
        return ok();
      },
    }, service);
  }
}

/** GeoServer's message for a missing workspace here differs from the catalog endpoints'. */
function workspaceOf(catalog: Catalog, req: RestRequest): WorkspaceInfo {
  const name = req.params.workspace;
  const ws = name === 'default' ? defaultWorkspace(catalog) : catalog.byName('workspace', '', name);
  return ws ?? fail('not_found', `Workspace ${name} does not exist`);
}

function show(req: RestRequest, catalog: Catalog, service: ServiceType, ws: Info | undefined) {
  const format = responseFormat(req, CONFIG_FORMATS);
  const info = catalog.get(service, configKey(service, ws?.id));
  if (!info) fail('not_found', `Service does not exist${ws ? ` for workspace ${String(ws.name)}` : ''}`);
  return respond(format, service, configView(catalog, req.base, format, info));
}

function save(req: RestRequest, catalog: Catalog, service: ServiceType, ws: Info | undefined) {
  const body = readBody(req, service);
  checkConfigBody(service, body, SERVICE_FIELDS);
  const key = configKey(service, ws?.id);
  const existing = catalog.get(service, key);
  const next = existing ? mergeConfig(existing, body, FLAT_MERGE) : created(service, ws, body);
  catalog.put(service, next, localChange(req), key);
  return ok();
}

/** Service settings made by PUT: enabled, named like the service, then what the body says. */
function created(service: ServiceType, ws: Info | undefined, body: Info): Info {
  const info: Info = { id: newId(service) };
  if (ws) info.workspace = { id: ws.id! };
  info.enabled = 'true';
  info.name = service.toUpperCase();
  return mergeConfig(info, body, FLAT_MERGE);
}
