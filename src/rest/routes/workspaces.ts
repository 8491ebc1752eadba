import { addWorkspace, removeWorkspace, saveWorkspace, setDefaultWorkspace } from '../../catalog/operations.js';
import type { Info } from '../../catalog/types.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { atomLink, listResponse, respond } from '../encode.js';
import { mapped } from '../errors.js';
import { created, flag, ok, RestError, type RestRequest } from '../http.js';
import { href, workspaceNamed } from '../lookup.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';

/**
 * /workspaces — GeoServer's WorkspaceController. A duplicate name is 409, a rename to an empty
 * name 403, removing a non-empty workspace 403 unless ?recurse=true (WorkspaceTest).
 */
export function workspaceRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;

  router.route('/workspaces', {
    GET: (req) => {
      const items = [...catalog.list('workspace')].map((ws) => ({ name: String(ws.name), href: href(req.base, 'workspaces', String(ws.name)) }));
      return listResponse(responseFormat(req), 'workspaces', 'workspace', items);
    },
    POST: (req) => {
      const body = readBody(req, 'workspace');
      const ws: Info = { name: body.name ?? '' };
      if (body.isolated !== undefined) ws.isolated = body.isolated;
      mapped({ duplicate: 409 }, () => addWorkspace(catalog, ws, localChange(req), { makeDefault: flag(req, 'default') }));
      return created(href(req.base, 'workspaces', String(ws.name)), String(ws.name));
    },
  });

  router.route('/workspaces/{workspace}', {
    GET: (req) => {
      const ws = workspaceNamed(catalog, req.params.workspace);
      const format = responseFormat(req);
      return respond(format, 'workspace', describe(req, ws, format));
    },
    PUT: (req) => {
      const body = readBody(req, 'workspace');
      if (req.params.workspace === 'default') {
        const target = workspaceNamed(catalog, String(body.name ?? ''));
        setDefaultWorkspace(catalog, target.id!, localChange(req));
        return ok();
      }
      const ws = workspaceNamed(catalog, req.params.workspace);
      if (body.name !== undefined && String(body.name).trim() === '') throw new RestError(403, 'Workspace name cannot be empty');
      const next: Info = { ...ws };
      if (body.name !== undefined) next.name = body.name;
      if (body.isolated !== undefined) next.isolated = body.isolated;
      mapped({ duplicate: 409, invalid: 403 }, () => saveWorkspace(catalog, next, localChange(req)));
      return ok();
    },
    DELETE: (req) => {
      const ws = workspaceNamed(catalog, req.params.workspace);
      mapped({ in_use: 403 }, () => removeWorkspace(catalog, ws.id!, flag(req, 'recurse'), localChange(req)));
      return ok();
    },
  });
}

function describe(req: RestRequest, ws: Info, format: string): Info {
  const name = String(ws.name);
  const link = (kind: string) => (format === 'json' ? `${href(req.base, 'workspaces', name, kind)}.json` : { 'atom:link': atomLink(`${href(req.base, 'workspaces', name, kind)}.xml`) });
  const out: Info = { name };
  out.isolated = ws.isolated ?? 'false';
  if (ws.dateCreated !== undefined) out.dateCreated = ws.dateCreated;
  if (ws.dateModified !== undefined) out.dateModified = ws.dateModified;
  out.dataStores = link('datastores');
  out.coverageStores = link('coveragestores');
  out.wmsStores = link('wmsstores');
  out.wmtsStores = link('wmtsstores');
  return out;
}

