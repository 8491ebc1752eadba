import { fail } from '../../catalog/errors.js';
import { ClusterProperties } from '../../config/cluster-properties.js';
import { asList, isXObject, textOf } from '../../xml/tree.js';
import { respond } from '../encode.js';
import { created, RestError, type RestRequest } from '../http.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';

export interface ClusterApi {
  props: ClusterProperties;
  /** This node and its peers, as the cluster reports them (shown as JSON, whatever its shape). */
  status(): object;
  /** Repairs this node from a peer (the named one, or the one furthest ahead); says what changed. */
  resync(opts: { peer?: string; full?: boolean }): Promise<object>;
}

/**
 * /rest/cluster as in the original module's ClusterController: GET the properties, POST changes
 * (201 and a Location). Unlike the original, a change takes effect at once, not only on disk.
 * /rest/cluster/status: this node and its peers.
 */
export function clusterRoutes(router: Router, cluster: ClusterApi | undefined): void {
  const need = () => {
    if (!cluster) fail('not_found', 'This node runs without clustering');
    return cluster;
  };
  router.route('/cluster', {
    GET: (req) => {
      const entries = need().props.entries().map(([k, v]) => ({ '@name': k, '@value': ClusterProperties.SECRET_KEYS.includes(k) && v ? '***' : v }));
      return respond(responseFormat(req), 'properties', { property: entries });
    },
    POST: (req) => {
      const changes = readChanges(req);
      for (const k of ClusterProperties.SECRET_KEYS) if (changes[k] === '***') delete changes[k];
      need().props.update(changes);
      return created(`${req.base}/cluster`, 'cluster');
    },
  });
  resyncRoute(router, need);
  router.route('/cluster/status', {
    GET: (req) => {
      const format = responseFormat(req, ['json', 'html']);
      const body = JSON.stringify({ cluster: need().status() }, null, format === 'html' ? 2 : 0);
      if (format === 'html') return { status: 200, headers: { 'Content-Type': 'text/html' }, body: `<html><body><pre>${body.replace(/</g, '&lt;')}</pre></body></html>` };
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
    },
  });
}

/** POST /rest/cluster/resync?peer=NAME&full=true: the report of what changed, as JSON. */
function resyncRoute(router: Router, need: () => ClusterApi): void {
  router.route('/cluster/resync', {
    POST: async (req) => {
      const full = req.query.get('full');
      if (full !== null && full !== 'true' && full !== 'false') throw new RestError(400, `query parameter 'full' must be true or false, not '${full}'`);
      const report = await need().resync({ peer: req.query.get('peer') || undefined, full: full === 'true' });
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ resync: report }) };
    },
  });
}

/** `<properties><property name=".." value=".."/></properties>` or its JSON form. */
function readChanges(req: RestRequest): Record<string, string> {
  const body = readBody(req, 'properties');
  const out: Record<string, string> = {};
  for (const p of asList(body.property)) {
    if (!isXObject(p)) throw new RestError(400, 'each <property> needs name and value attributes');
    const name = textOf(p['@name']) ?? textOf(p.name);
    const value = textOf(p['@value']) ?? textOf(p.value) ?? '';
    if (!name) throw new RestError(400, 'a <property> has no name');
    out[name] = value;
  }
  if (Object.keys(out).length === 0) throw new RestError(400, 'no <property> to change');
  return out;
}
