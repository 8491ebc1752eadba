import type { Catalog } from '../catalog/catalog.js';
import { isConfigType, isGwcType, isResourceType, isSecurityType, isServiceType, isStoreType, KINDS, RESOURCE_KINDS, STORE_KINDS, type InfoType } from '../catalog/kinds.js';
import { refId, type Info } from '../catalog/types.js';
import { externalize } from '../rest/refs.js';
import { configView } from '../rest/routes/config-view.js';
import { describeLayer } from '../rest/routes/layer-bodies.js';
import { describeResource } from '../rest/routes/resource-bodies.js';
import { writeXml } from '../xml/write.js';
import type { RestAnswer, RestCall } from './geoserver-client.js';
import { gwcSteps, resourceSteps, securitySteps } from './rest-calls-more.js';

/**
 * Every kind of change a node applies, turned into the GeoServer REST calls with the same effect.
 * Paths derive from the kind table (src/catalog/kinds.ts); bodies are what the node's own REST API
 * answers to a GET of the object (the routes' encoders), so what a GeoServer is sent is what a
 * client reading this node would see.
 *
 * Every plan is idempotent, because a crash between a call and the cursor write sends it again:
 * an add is a POST that becomes a PUT when the object already exists; a modify is a PUT that
 * becomes a POST when the object is missing; a remove of a missing object is done.
 */
export interface Step {
  call: RestCall;
  /** When the answer is one of these, send that call instead (the object exists already, or not yet). */
  otherwise?: Array<{ when: (a: RestAnswer) => boolean; call: RestCall }>;
  /** Answers that mean the wanted state holds already (the object to remove is gone). */
  done?: (a: RestAnswer) => boolean;
}

/** A change as the journal holds it (src/cluster/envelope.ts): the whole new state, never a diff. */
export interface Change {
  op: 'add' | 'modify' | 'remove' | 'put' | 'delete';
  type: string;
  /** Object id, configuration slot key, security id, GWC key, or the path of a file. */
  id: string;
  object?: Info;
  /** Contents of a file change. */
  data?: Buffer;
}

/** What plans read: the objects as the GeoServer has them (the bridge's mirror), else the node's catalog. */
export interface PlanContext {
  catalog: Catalog;
  /** An object by id or key: what the bridge last sent to the GeoServer, else the node's catalog. */
  known(id: string): { type: string; info: Info } | undefined;
  /** Only what the bridge last sent to the GeoServer under this id or key. */
  sent(id: string): { type: string; info: Info } | undefined;
  /** The GeoServer's base URL: the hrefs of references in bodies point there. */
  base: string;
}

export type Plan = { steps: Step[] } | { skipped: string };

export const XML = 'application/xml';

/**
 * GeoServer answers a POST of an existing name with 409 (WorkspaceController, the store and
 * resource controllers), or with words to that effect: NamespaceController lets the catalog's
 * IllegalArgumentException through as 500 "Namespace with prefix 'x' already exists.", the
 * security controllers answer 404 "… already exists".
 */
export const exists = (a: RestAnswer): boolean => a.status === 409 || (a.status >= 400 && /already exists?/i.test(a.text));
export const missing = (a: RestAnswer): boolean => a.status === 404;

export const enc = encodeURIComponent;

/** The REST calls for one change. */
export function planChange(ctx: PlanContext, change: Change): Plan {
  if (change.type === 'resource') return resourceSteps(ctx, change);
  if (isSecurityType(change.type)) return securitySteps(ctx, change);
  if (isGwcType(change.type)) return gwcSteps(ctx, change);
  if (isConfigType(change.type)) return configSteps(ctx, change);
  if (change.type in KINDS) return catalogSteps(ctx, change);
  return { skipped: `no GeoServer REST call carries a change of type '${change.type}'` };
}

// ---------------------------------------------------------------- catalog objects

/**
 * The path of a catalog object, from the names GeoServer knows. Workspaces: WorkspaceController
 * `/workspaces/{ws}`; stores `/workspaces/{ws}/{datastores|coveragestores|wmsstores|wmtsstores}/{s}`;
 * resources below their store (FeatureTypeController, CoverageController, WMSLayerController,
 * WMTSLayerController); layers `/workspaces/{ws}/layers/{l}` (LayerController); styles and
 * layer groups at the root or under their workspace (StyleController, LayerGroupController).
 */
export function objectPath(ctx: PlanContext, type: string, info: Info): string | undefined {
  const name = (id: string | undefined, field = 'name') => (id ? ctx.known(id)?.info[field] : undefined) as string | undefined;
  const wsPath = (ws: string | undefined) => (ws === undefined ? undefined : `/rest/workspaces/${enc(ws)}`);
  if (type === 'workspace') return `/rest/workspaces/${enc(String(info.name))}`;
  if (type === 'namespace') return `/rest/namespaces/${enc(String(info.prefix))}`;
  if (isStoreType(type)) {
    const ws = wsPath(name(refId(info.workspace)));
    return ws && `${ws}/${STORE_KINDS[type].rest.collection}/${enc(String(info.name))}`;
  }
  if (isResourceType(type)) {
    const store = ctx.known(refId(info.store) ?? '');
    if (!store || !isStoreType(store.type)) return undefined;
    const storePath = objectPath(ctx, store.type, store.info);
    return storePath && `${storePath}/${RESOURCE_KINDS[type].rest.collection}/${enc(String(info.name))}`;
  }
  if (type === 'layer') {
    const resource = ctx.known(refId(info.resource) ?? '');
    const store = resource && ctx.known(refId(resource.info.store) ?? '');
    const ws = wsPath(name(refId(store?.info.workspace)));
    return ws && resource && `${ws}/layers/${enc(String(resource.info.name))}`;
  }
  if (type === 'style' || type === 'layerGroup') {
    const collection = KINDS[type].rest.collection;
    const wsId = refId(info.workspace);
    if (!wsId) return `/rest/${collection}/${enc(String(info.name))}`;
    const ws = wsPath(name(wsId));
    return ws && `${ws}/${collection}/${enc(String(info.name))}`;
  }
  return undefined;
}

/** The collection a new object is POSTed to: its path without the last segment. */
function collectionOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

/** References the path of a kind already gives. */
const PATH_REFS: Partial<Record<InfoType, readonly string[]>> = {
  dataStore: ['workspace'], coverageStore: ['workspace'], wmsStore: ['workspace'], wmtsStore: ['workspace'],
  featureType: ['store', 'namespace'], coverage: ['store', 'namespace'], wmsLayer: ['store', 'namespace'], wmtsLayer: ['store', 'namespace'],
  layer: ['resource'], layerGroup: ['workspace'], style: ['workspace'],
};

const LAYER_GROUP_REFS = ['workspace', 'publishables', 'styles', 'rootLayer', 'rootLayerStyle'];

/** The object as the node's REST API shows it (XML), without its id: GeoServer gives its own. */
function catalogBody(ctx: PlanContext, type: InfoType, info: Info): string {
  const { catalog, base } = ctx;
  let shown: Info;
  if (isStoreType(type)) shown = externalize(catalog, base, 'xml', info, ['workspace']);
  else if (isResourceType(type)) shown = describeResource(catalog, base, 'xml', info);
  else if (type === 'layer') shown = describeLayer(catalog, base, 'xml', info);
  else if (type === 'layerGroup') shown = externalize(catalog, base, 'xml', info, LAYER_GROUP_REFS);
  else if (type === 'style') shown = externalize(catalog, base, 'xml', info, ['workspace']);
  else shown = externalize(catalog, base, 'xml', info, []);
  delete shown.id;
  // the path names the workspace and store as the GeoServer knows them; the node's catalog may have
  // renamed them since (a later change, still to be sent), and GeoServer refuses a body that names
  // another one ("Expected workspace a but client specified b"): left out, GeoServer takes the path's
  for (const field of PATH_REFS[type] ?? []) delete shown[field];
  return writeXml(KINDS[type].root, shown);
}

function catalogSteps(ctx: PlanContext, change: Change): Plan {
  const type = change.type as InfoType;
  const info = change.object ?? ctx.known(change.id)?.info;
  if (!info) return { skipped: `${KINDS[type].label} ${change.id} is not known: nothing to send` };
  const before = ctx.sent(change.id);
  if (change.op === 'remove') {
    const path = objectPath(ctx, type, info);
    if (!path) return { skipped: `the ${KINDS[type].label} to remove has no path on the GeoServer` };
    // recurse: the node removed what it held already; GeoServer refuses a non-empty one without it (403)
    const query = type === 'layer' || type === 'style' || type === 'layerGroup' ? '' : '?recurse=true';
    return { steps: [{ call: { method: 'DELETE', path: path + query }, done: missing }] };
  }
  const path = objectPath(ctx, type, info);
  // a rename is a PUT at the old name (every controller renames by PUT)
  const at = (before && objectPath(ctx, type, before.info)) ?? path;
  if (!path || !at) return { skipped: `the ${KINDS[type].label} has no path on the GeoServer (its workspace or store is not known)` };
  const body = catalogBody(ctx, type, info);
  const put: RestCall = { method: 'PUT', path: at, body, contentType: XML };
  if (type === 'layer') return { steps: [{ call: put }] }; // layers come with their resource: modified only
  const post: RestCall = { method: 'POST', path: collectionOf(path), body, contentType: XML };
  if (change.op === 'add' && !before) return { steps: [{ call: post, otherwise: [{ when: exists, call: put }] }] };
  const otherwise: NonNullable<Step['otherwise']> = [];
  // renamed already on the GeoServer's side: GeoServer renames a workspace's namespace with it
  // (NamespaceWorkspaceConsistencyListener), so the old name is gone or the new one taken
  if (at !== path) otherwise.push({ when: (a) => missing(a) || exists(a), call: { ...put, path } });
  otherwise.push({ when: missing, call: post });
  return { steps: [{ call: put, otherwise }] };
}

// ---------------------------------------------------------------- settings, services, logging

/**
 * Configuration slots: PUT /rest/settings (SettingsController: only what the body names changes),
 * /rest/workspaces/{ws}/settings (POST creates, PUT replaces, DELETE), /rest/logging,
 * /rest/services/{svc}/settings and /rest/services/{svc}/workspaces/{ws}/settings (ServiceSettings
 * controllers; DELETE removes a workspace's own), PUT /rest/workspaces/default (the default
 * workspace, which GeoServer keeps with the default namespace).
 */
function configSteps(ctx: PlanContext, change: Change): Plan {
  const info = change.object ?? ctx.known(change.id)?.info;
  const type = change.type;
  if (!info) return { skipped: `${type} ${change.id} is not known: nothing to send` };
  const wsName = (ref: unknown) => ctx.known(refId(ref as Info) ?? '')?.info.name as string | undefined;
  const remove = change.op === 'remove' || change.op === 'delete';
  const view = (): Info => {
    const v = configView(ctx.catalog, ctx.base, 'xml', info);
    delete v.id;
    delete v.workspace; // the path names it, as the GeoServer knows it
    return v;
  };
  const put = (path: string, root: string, value: Info): Step => ({ call: { method: 'PUT', path, body: writeXml(root, value), contentType: XML } });
  if (type === 'global') return remove ? { skipped: 'the global settings cannot be removed' } : { steps: [put('/rest/settings', 'global', view())] };
  if (type === 'logging') return remove ? { skipped: 'the logging settings cannot be removed' } : { steps: [put('/rest/logging', 'logging', view())] };
  if (type === 'defaults') {
    const ws = wsName(info.defaultWorkspace);
    if (remove || !ws) return { skipped: 'no default workspace to set' };
    return { steps: [put('/rest/workspaces/default', 'workspace', { name: ws })] };
  }
  const wsId = refId(info.workspace);
  const ws = wsId ? wsName(info.workspace) : undefined;
  if (wsId && !ws) return { skipped: `the workspace of ${type} ${change.id} is not known` };
  if (type === 'settings') {
    const path = `/rest/workspaces/${enc(ws!)}/settings`;
    if (remove) return { steps: [{ call: { method: 'DELETE', path }, done: missing }] };
    return { steps: [put(path, 'settings', view())] };
  }
  if (isServiceType(type)) {
    const path = ws ? `/rest/services/${type}/workspaces/${enc(ws)}/settings` : `/rest/services/${type}/settings`;
    if (remove) return ws ? { steps: [{ call: { method: 'DELETE', path }, done: missing }] } : { skipped: `the global ${type} settings cannot be removed` };
    return { steps: [put(path, type, view())] };
  }
  return { skipped: `no GeoServer REST call carries ${KINDS[type as InfoType]?.label ?? type}` };
}
