import type { Catalog, ChangeContext } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import { RESOURCE_KINDS } from '../../catalog/kinds.js';
import { addNamespace, defaultNamespace, removeWorkspace, setDefaultWorkspace } from '../../catalog/operations.js';
import { configKey, isResourceType, type Info, type NamespaceInfo } from '../../catalog/types.js';
import { isXObject, textOf, type XObject } from '../../xml/tree.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { atomLink, listOf, respond } from '../encode.js';
import { created, mayList, ok, type Format, type RestRequest } from '../http.js';
import { collectionOf, href, namespaceNamed } from '../lookup.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';

/**
 * /namespaces — GeoServer's NamespaceController. A namespace and the workspace of the same name
 * travel together (NamespaceWorkspaceConsistencyListener): POST creates the workspace, DELETE
 * removes it, an isolation change is copied to it. GeoServer's own statuses are kept: a
 * duplicate is 500 (catalog validation), a prefix change 403, removing a namespace that still
 * has resources 401 (NamespaceTest.testDeleteNonEmpty), removing `default` 405.
 */
export function namespaceRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const namespaces = collectionOf('namespace');

  router.route(`/${namespaces}`, {
    GET: (req) => {
      const items = [...catalog.list('namespace')].filter((ns) => mayList(req, ns.prefix)).map((ns) => ({ name: ns.prefix, href: href(req.base, namespaces, ns.prefix) }));
      return listOf(responseFormat(req), 'namespace', items);
    },
    POST: (req) => {
      const body = readBody(req, 'namespace');
      const ns: Info = { prefix: prefixOf(body) ?? '', uri: textOf(body.uri) ?? '' };
      if (body.isolated !== undefined) ns.isolated = textOf(body.isolated) ?? 'false';
      addNamespace(catalog, ns, localChange(req));
      return created(href(req.base, namespaces, String(ns.prefix)), String(ns.prefix));
    },
  }, 'namespace');

  router.route(`/${namespaces}/{prefix}`, {
    GET: (req) => {
      const ns = lookup(catalog, req.params.prefix);
      const format = responseFormat(req);
      return respond(format, 'namespace', describe(req, ns, format));
    },
    PUT: (req) => {
      const body = readBody(req, 'namespace');
      if (req.params.prefix === 'default') return putDefault(catalog, body, localChange(req));
      const ns = catalog.byName('namespace', '', req.params.prefix);
      if (!ns) fail('not_found', `Can't change a non existant namespace (${req.params.prefix})`);
      const prefix = prefixOf(body);
      if (prefix !== undefined && prefix !== ns.prefix) fail('immutable', "Can't change name of namespace");
      saveNamespace(catalog, ns, body, localChange(req));
      return ok();
    },
    DELETE: (req) => {
      if (req.params.prefix === 'default') fail('protected', "Can't delete the default namespace");
      const ns = catalog.byName('namespace', '', req.params.prefix);
      if (!ns) fail('not_found', `Namespace '${req.params.prefix}' not found`);
      removeNamespace(catalog, ns, localChange(req));
      return ok();
    },
  }, 'namespace');
}

/** `default` names the default namespace, as CatalogImpl.getNamespaceByPrefix does. */
function lookup(catalog: Catalog, prefix: string): NamespaceInfo {
  if (prefix !== 'default') return namespaceNamed(catalog, prefix);
  return defaultNamespace(catalog) ?? fail('not_found', "No such namespace: 'default' found");
}

/** The prefix a body names: `prefix`, or `name` (NamespaceInfo.getName() is the prefix). */
function prefixOf(body: XObject): string | undefined {
  return textOf(body.prefix) ?? textOf(body.name);
}

function describe(req: RestRequest, ns: Info, format: Format): Info {
  const out: Info = {};
  for (const key of Object.keys(ns)) if (key !== 'id' && ns[key] !== undefined) out[key] = ns[key];
  const featureTypes = href(req.base, collectionOf('workspace'), String(ns.prefix), RESOURCE_KINDS.featureType.rest.workspaceCollection);
  out.featureTypes = format === 'json' ? `${featureTypes}.json` : { 'atom:link': atomLink(`${featureTypes}.xml`) };
  return out;
}

/**
 * Applies a PUT: uri and isolated change; the workspace follows the isolation flag and the data
 * stores of the workspace follow the uri in their `namespace` connection parameter, as
 * GeoServer's consistency listener does.
 */
function saveNamespace(catalog: Catalog, ns: Info, body: XObject, ctx: ChangeContext): void {
  const next: Info = { ...ns };
  if (body.uri !== undefined) next.uri = textOf(body.uri) ?? '';
  if (body.isolated !== undefined) next.isolated = textOf(body.isolated) ?? 'false';
  if (!catalog.modify('namespace', next, ctx)) return;
  const ws = catalog.byName('workspace', '', String(ns.prefix));
  if (ws && next.isolated !== undefined && (ws.isolated ?? 'false') !== next.isolated) {
    catalog.modify('workspace', { ...ws, isolated: next.isolated }, ctx);
  }
  if (ws && next.uri !== ns.uri) followUri(catalog, ws.id!, String(next.uri), ctx);
}

function followUri(catalog: Catalog, wsId: string, uri: string, ctx: ChangeContext): void {
  for (const r of catalog.referrersOf(wsId)) {
    if (r.type !== 'dataStore' || !isXObject(r.info.connectionParameters)) continue;
    const params = r.info.connectionParameters;
    const entries = Array.isArray(params.entry) ? params.entry : params.entry === undefined ? [] : [params.entry];
    let changed = false;
    const next = entries.map((e) => {
      if (!isXObject(e) || e['@key'] !== 'namespace' || e.$ === uri) return e;
      changed = true;
      return { ...e, $: uri };
    });
    if (changed) catalog.modify('dataStore', { ...r.info, connectionParameters: { ...params, entry: next } }, ctx);
  }
}

/** PUT /namespaces/default: the named namespace (and its workspace) become the defaults. */
function putDefault(catalog: Catalog, body: XObject, ctx: ChangeContext) {
  const ns = namespaceNamed(catalog, prefixOf(body) ?? '');
  const ws = catalog.byName('workspace', '', String(ns.prefix));
  if (ws) {
    setDefaultWorkspace(catalog, ws.id!, ctx);
  } else {
    const current = catalog.get('defaults', configKey('defaults')) ?? {};
    catalog.put('defaults', { ...current, defaultNamespace: { id: ns.id! } }, ctx, configKey('defaults'));
  }
  return ok();
}

/** Removes a namespace with its workspace; one that still holds resources is refused. */
function removeNamespace(catalog: Catalog, ns: Info, ctx: ChangeContext): void {
  if (catalog.referrersOf(ns.id!).some((r) => isResourceType(r.type))) fail('in_use', 'Namespace not empty');
  const ws = catalog.byName('workspace', '', String(ns.prefix));
  if (!ws) {
    catalog.remove('namespace', ns.id!, ctx);
    return;
  }
  // the workspace goes too; one that still holds stores, styles or groups keeps both
  removeWorkspace(catalog, ws.id!, false, ctx);
}
