import { fail } from '../../catalog/errors.js';
import { pathProblem } from '../../catalog/names.js';
import { isResourceType, type StoreType } from '../../catalog/kinds.js';
import type { Catalog } from '../../catalog/catalog.js';
import { WORKSPACES } from '../../datadir/layout.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { listResponse } from '../encode.js';
import { ok, RestError, type RestRequest, type RestResponse } from '../http.js';
import { workspaceNamed } from '../lookup.js';
import { responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';
import { storeIn } from './store-lookup.js';

const FTL = '.ftl';

/**
 * /templates and the templates of a workspace, store, feature type or coverage: GeoServer's
 * TemplateController. FreeMarker templates are files of the data directory (`workspaces/` for the
 * global ones, then the folder of the workspace, store or resource), replicated as files.
 * GeoServer writes into whatever folder the path names; here the workspace, store and resource
 * must exist (404 otherwise), so that no stray folder appears beside the catalog's.
 */
export function templateRoutes(router: Router, ctx: RestContext): void {
  const scopes: Array<[string, StoreType | undefined]> = [
    ['/templates', undefined],
    ['/workspaces/{ws}/templates', undefined],
    ['/workspaces/{ws}/datastores/{store}/templates', 'dataStore'],
    ['/workspaces/{ws}/datastores/{store}/featuretypes/{resource}/templates', 'dataStore'],
    ['/workspaces/{ws}/coveragestores/{store}/templates', 'coverageStore'],
    ['/workspaces/{ws}/coveragestores/{store}/coverages/{resource}/templates', 'coverageStore'],
  ];
  for (const [pattern, storeType] of scopes) {
    const folder = (req: RestRequest) => templateFolder(ctx.catalog, req.params, storeType);
    router.route(pattern, { GET: (req) => list(ctx, req, folder(req)) });
    router.route(`${pattern}/{template}`, {
      GET: (req) => {
        const file = `${folder(req)}/${templateFile(req)}`;
        const data = ctx.resources.read(file);
        if (!data) fail('not_found', `Template not found: '${file}'`);
        return { status: 200, headers: { 'Content-Type': 'text/plain;charset=utf-8' }, body: data };
      },
      PUT: (req) => {
        const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'text/plain' && type !== 'text/ftl') throw new RestError(415, `Content type '${type || '(none)'}' not supported: send a template as text/plain or text/ftl`);
        ctx.resources.put(`${folder(req)}/${templateFile(req)}`, req.body, localChange(req));
        return { status: 201 };
      },
      DELETE: (req) => {
        const file = `${folder(req)}/${templateFile(req)}`;
        if (ctx.resources.stat(file)?.type !== 'file') fail('not_found', `Template not found: '${file}'`);
        ctx.resources.delete(file, localChange(req));
        return ok();
      },
    });
  }
}

function list(ctx: RestContext, req: RestRequest, folder: string): RestResponse {
  if (ctx.resources.stat(folder)?.type !== 'directory') fail('not_found', `Directory not found: '${folder}'`);
  const names = ctx.resources.list(folder).filter((e) => e.type === 'file' && e.name.toLowerCase().endsWith(FTL)).map((e) => e.name);
  return listResponse(responseFormat(req), 'templates', 'template', names.map((name) => ({ name, href: `${req.base}/${req.segments.map(encodeURIComponent).join('/')}/${encodeURIComponent(name)}` })));
}

/** The file a template path names: `{name}.ftl` (GeoServer adds the extension to the name). */
function templateFile(req: RestRequest): string {
  const segment = req.params.template + (req.extension ? `.${req.extension}` : '');
  const name = segment.toLowerCase().endsWith(FTL) ? segment.slice(0, -FTL.length) : segment;
  const problem = name.trim() === '' ? 'it is empty' : pathProblem(name);
  if (problem) fail('bad_name', `Template name '${name}' is not allowed: ${problem}`);
  return `${name}${FTL}`;
}

/** TemplateController.path: `workspaces[/ws[/store[/resource]]]`, from the catalog's names. */
function templateFolder(catalog: Catalog, params: Record<string, string>, storeType: StoreType | undefined): string {
  if (params.ws === undefined) return WORKSPACES;
  const ws = workspaceNamed(catalog, params.ws);
  const parts = [WORKSPACES, ws.name];
  if (params.store === undefined || storeType === undefined) return parts.join('/');
  const store = storeIn(catalog, ws, storeType, params.store) ?? fail('not_found', `No such store: '${params.store}' in workspace '${ws.name}'`);
  parts.push(store.name);
  if (params.resource === undefined) return parts.join('/');
  const resource = catalog.byName('featureType', catalog.byName('namespace', '', ws.name)?.id ?? '', params.resource);
  if (!resource || !isResourceType(catalog.typeOf(resource.id) ?? '') || resource.store.id !== store.id) {
    fail('not_found', `No such resource: '${params.resource}' in store '${store.name}'`);
  }
  parts.push(resource.name);
  return parts.join('/');
}
