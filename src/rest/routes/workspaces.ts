import { fail } from '../../catalog/errors.js';
import { STORE_KINDS, STORE_TYPES } from '../../catalog/kinds.js';
import { addWorkspace, removeWorkspace, saveWorkspace, setDefaultWorkspace } from '../../catalog/operations.js';
import type { Info, WorkspaceInfo } from '../../catalog/types.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { atomLink, listOf, respond } from '../encode.js';
import { created, flag, mayList, ok, type RestRequest } from '../http.js';
import { collectionOf, href, workspaceNamed } from '../lookup.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';

/**
 * /workspaces — GeoServer's WorkspaceController. A duplicate name is 409, a rename to an empty
 * name 403, removing a non-empty workspace 403 unless ?recurse=true (WorkspaceTest).
 */
export function workspaceRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const workspaces = collectionOf('workspace');

  router.route(`/${workspaces}`, {
    GET: (req) => {
      const items = [...catalog.list('workspace')].filter((ws) => mayList(req, ws.name)).map((ws) => ({ name: ws.name, href: href(req.base, workspaces, ws.name) }));
      return listOf(responseFormat(req), 'workspace', items);
    },
    POST: (req) => {
      const body = readBody(req, 'workspace');
      const ws: Info = { name: body.name ?? '' };
      if (body.isolated !== undefined) ws.isolated = body.isolated;
      addWorkspace(catalog, ws, localChange(req), { makeDefault: flag(req, 'default') });
      return created(href(req.base, workspaces, String(ws.name)), String(ws.name));
    },
  }, 'workspace');

  router.route(`/${workspaces}/{workspace}`, {
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
      if (body.name !== undefined && String(body.name).trim() === '') fail('invalid', 'Workspace name cannot be empty');
      const next: Info = { ...ws };
      if (body.name !== undefined) next.name = body.name;
      if (body.isolated !== undefined) next.isolated = body.isolated;
      saveWorkspace(catalog, next, localChange(req));
      return ok();
    },
    DELETE: (req) => {
      const ws = workspaceNamed(catalog, req.params.workspace);
      removeWorkspace(catalog, ws.id, flag(req, 'recurse'), localChange(req));
      return ok();
    },
  }, 'workspace');
}

/** A workspace as GeoServer shows it: name, isolation, dates, and a link to each kind of store. */
function describe(req: RestRequest, ws: WorkspaceInfo, format: string): Info {
  const url = (segment: string) => href(req.base, collectionOf('workspace'), ws.name, segment);
  const out: Info = { name: ws.name };
  out.isolated = ws.isolated ?? 'false';
  if (ws.dateCreated !== undefined) out.dateCreated = ws.dateCreated;
  if (ws.dateModified !== undefined) out.dateModified = ws.dateModified;
  for (const type of STORE_TYPES) {
    const { collection, list } = STORE_KINDS[type].rest;
    out[list] = format === 'json' ? `${url(collection)}.json` : { 'atom:link': atomLink(`${url(collection)}.xml`) };
  }
  return out;
}

