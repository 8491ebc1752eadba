import type { Catalog } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import { checkLayerGroup } from '../../catalog/layergroup-rules.js';
import { checkName } from '../../catalog/names.js';
import { defaultWorkspace } from '../../catalog/operations.js';
import { newId, refId, type Info, type LayerGroupInfo, type WorkspaceInfo } from '../../catalog/types.js';
import { isXObject, textOf, type XObject } from '../../xml/tree.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { listOf, respond } from '../encode.js';
import { created, ok, type RestRequest, type RestResponse } from '../http.js';
import { collectionOf, href, workspaceNamed } from '../lookup.js';
import { timestamp } from '../merge.js';
import { readBody, responseFormat } from '../negotiate.js';
import { externalize } from '../refs.js';
import type { Router } from '../router.js';
import { membersOf, ordered, plainFields, resolveRoot, sameBounds } from './layergroup-bodies.js';
import { computedBounds } from './layergroup-bounds.js';
import { workspaceOf } from './style-names.js';

const REF_FIELDS = ['workspace', 'publishables', 'styles', 'rootLayer', 'rootLayerStyle'];

/**
 * /layergroups and /workspaces/{ws}/layergroups — GeoServer's LayerGroupController. POST resolves
 * every member and style by name and computes missing bounds; PUT is non-destructive and refuses
 * a rename or a move to another workspace (403); DELETE of a group nested in another one is 500,
 * as CatalogImpl.remove answers (LayerGroupControllerTest).
 */
export function layerGroupRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const scope = (req: RestRequest) => (req.params.workspace === undefined ? undefined : workspaceNamed(catalog, req.params.workspace));

  const collection = {
    GET: (req: RestRequest) => listGroups(catalog, req, scope(req)),
    POST: (req: RestRequest) => postGroup(catalog, req, scope(req)),
  };
  const [workspaces, layergroups] = [collectionOf('workspace'), collectionOf('layerGroup')];
  router.route(`/${layergroups}`, collection, 'layerGroup');
  router.route(`/${workspaces}/{workspace}/${layergroups}`, collection, 'layerGroup');

  const item = {
    GET: (req: RestRequest) => {
      const group = groupNamed(catalog, req.params.group, scope(req));
      const format = responseFormat(req);
      return respond(format, 'layerGroup', externalize(catalog, req.base, format, group, REF_FIELDS));
    },
    PUT: (req: RestRequest) => putGroup(catalog, req, groupNamed(catalog, req.params.group, scope(req))),
    DELETE: (req: RestRequest) => deleteGroup(catalog, req, groupNamed(catalog, req.params.group, scope(req))),
  };
  router.route(`/${layergroups}/{group}`, item, 'layerGroup');
  router.route(`/${workspaces}/{workspace}/${layergroups}/{group}`, item, 'layerGroup');
}

/** A group by name in a scope; in the global path `ws:name` also names a workspace group. */
function groupNamed(catalog: Catalog, name: string, ws: WorkspaceInfo | undefined): LayerGroupInfo {
  const colon = name.indexOf(':');
  const qualifiedWs = !ws && colon > 0 ? catalog.byName('workspace', '', name.slice(0, colon)) : undefined;
  const group = qualifiedWs
    ? catalog.byName('layerGroup', qualifiedWs.id!, name.slice(colon + 1))
    : catalog.byName('layerGroup', ws?.id ?? '', name);
  return group ?? fail('not_found', `No such layer group ${name}${ws ? ` in workspace ${ws.name}` : ''}`);
}

function groupHref(base: string, name: string, ws: WorkspaceInfo | undefined): string {
  const layergroups = collectionOf('layerGroup');
  return ws ? href(base, collectionOf('workspace'), ws.name, layergroups, name) : href(base, layergroups, name);
}

function listGroups(catalog: Catalog, req: RestRequest, ws: WorkspaceInfo | undefined): RestResponse {
  const items = [...catalog.list('layerGroup')]
    .filter((g) => (refId(g.workspace) ?? '') === (ws?.id ?? ''))
    .map((g) => ({ name: g.name, href: groupHref(req.base, g.name, ws) }));
  return listOf(responseFormat(req), 'layerGroup', items);
}

/**
 * Names resolve in the group's workspace first; for a global group, unqualified layer names
 * prefer the default workspace, as Catalog.getLayerByName does.
 */
function scopeOf(catalog: Catalog, ws: Info | undefined): string | undefined {
  return ws?.id ?? defaultWorkspace(catalog)?.id;
}

function postGroup(catalog: Catalog, req: RestRequest, urlWs: WorkspaceInfo | undefined): RestResponse {
  const body = readBody(req, 'layerGroup');
  const ws = urlWs ?? workspaceOf(catalog, body.workspace);
  const name = checkName('Layer group', textOf(body.name));
  const scope = scopeOf(catalog, ws);
  const members = membersOf(catalog, body, scope);
  if (!members) fail('invalid', 'layer group must not be empty');
  const { set } = plainFields(body);
  const group: LayerGroupInfo = { id: newId('layerGroup'), name, mode: textOf(body.mode) ?? 'SINGLE', ...set };
  if (ws) group.workspace = { id: ws.id! };
  group.rootLayer = resolveRoot(catalog, body.rootLayer, 'layer', scope);
  group.rootLayerStyle = resolveRoot(catalog, body.rootLayerStyle, 'style', scope);
  group.publishables = { published: members.published };
  group.styles = { style: members.styles };
  group.bounds ??= computedBounds(catalog, members.published);
  group.dateCreated = timestamp();
  const next = ordered(group);
  checkLayerGroup(catalog, next);
  catalog.add('layerGroup', next, localChange(req));
  return created(groupHref(req.base, name, ws), name);
}

function putGroup(catalog: Catalog, req: RestRequest, group: LayerGroupInfo): RestResponse {
  const body = readBody(req, 'layerGroup');
  const bodyName = textOf(body.name);
  if (body.name !== undefined && bodyName !== group.name) fail('immutable', "Can't change name of a layer group");
  const ws = catalog.get('workspace', refId(group.workspace) ?? '');
  if (body.workspace !== undefined && workspaceName(body.workspace) !== (ws?.name ?? '')) {
    fail('immutable', "Can't change the workspace of a layer group, instead DELETE from existing workspace and POST to new workspace");
  }
  const scope = scopeOf(catalog, ws);
  const { set, cleared } = plainFields(body);
  if (sameBounds(set.bounds, group.bounds)) set.bounds = group.bounds;
  const next: Info = { ...group, ...set };
  for (const field of cleared) delete next[field];
  if (body.mode !== undefined) next.mode = textOf(body.mode) ?? '';
  const rootLayer = resolveRoot(catalog, body.rootLayer, 'layer', scope);
  const rootLayerStyle = resolveRoot(catalog, body.rootLayerStyle, 'style', scope);
  if (rootLayer !== undefined) next.rootLayer = rootLayer;
  if (rootLayerStyle !== undefined) next.rootLayerStyle = rootLayerStyle;
  const members = membersOf(catalog, body, scope, group);
  if (members) {
    next.publishables = { ...(isXObject(group.publishables) ? attributes(group.publishables) : {}), published: members.published };
    next.styles = { ...(isXObject(group.styles) ? attributes(group.styles) : {}), style: members.styles };
  }
  next.dateModified = timestamp();
  const result = ordered(next);
  checkLayerGroup(catalog, result);
  catalog.modify('layerGroup', result, localChange(req));
  return ok();
}

function deleteGroup(catalog: Catalog, req: RestRequest, group: LayerGroupInfo): RestResponse {
  const parent = catalog.referrersOf(group.id).find((r) => r.type === 'layerGroup');
  if (parent) fail('in_use', `Unable to delete layer group referenced by layer group '${String(parent.info.name)}'`);
  catalog.remove('layerGroup', group.id, localChange(req));
  return ok();
}

/** The workspace name a body gives (`sf`, `{name: sf}`, '' for none), without looking it up. */
function workspaceName(value: XObject[string]): string {
  if (typeof value === 'string') return value.trim();
  return isXObject(value) ? (textOf(value.name) ?? '').trim() : '';
}

function attributes(value: XObject): XObject {
  const out: XObject = {};
  for (const key of Object.keys(value)) if (key.startsWith('@')) out[key] = value[key];
  return out;
}
