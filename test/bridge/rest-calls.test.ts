import { describe, expect, it } from 'vitest';
import { Catalog, type ChangeContext } from '../../src/catalog/catalog.js';
import { addWorkspace } from '../../src/catalog/operations.js';
import type { Info } from '../../src/catalog/types.js';
import { planChange, type Plan, type PlanContext, type Step } from '../../src/bridge/rest-calls.js';

const LOCAL: ChangeContext = { source: 'local' };

/** A catalog, and a mirror of what the GeoServer was sent (empty unless a test fills it). */
function setUp(): { ctx: PlanContext; catalog: Catalog; mirror: Map<string, { type: string; info: Info }> } {
  const catalog = new Catalog();
  addWorkspace(catalog, { id: 'ws-sf', name: 'sf' }, LOCAL);
  catalog.add('dataStore', { id: 'ds-1', name: 'pg', workspace: { id: 'ws-sf' }, enabled: 'true' }, LOCAL);
  const ns = catalog.byName('namespace', '', 'sf')!;
  catalog.add('featureType', { id: 'ft-1', name: 'roads', nativeName: 'roads', namespace: { id: ns.id! }, store: { '@class': 'dataStore', id: 'ds-1' } }, LOCAL);
  const mirror = new Map<string, { type: string; info: Info }>();
  const ctx: PlanContext = {
    catalog,
    base: 'http://gs/geoserver',
    sent: (id) => mirror.get(id),
    known: (id) => mirror.get(id) ?? catalog.find(id),
  };
  return { ctx, catalog, mirror };
}

function steps(plan: Plan): Step[] {
  if ('skipped' in plan) throw new Error(`skipped: ${plan.skipped}`);
  return plan.steps;
}

const answer = (status: number, text = '') => ({ status, text });

describe('planChange: a change → GeoServer REST calls', () => {
  it('an add is a POST to the collection that becomes a PUT when the object exists (409 or "already exists")', () => {
    const { ctx, catalog } = setUp();
    const [step] = steps(planChange(ctx, { op: 'add', type: 'dataStore', id: 'ds-1', object: catalog.get('dataStore', 'ds-1')! }));
    expect(step.call).toMatchObject({ method: 'POST', path: '/rest/workspaces/sf/datastores', contentType: 'application/xml' });
    expect(String(step.call.body)).toContain('<name>pg</name>');
    // the path names the workspace: the body does not (a later rename must not contradict it)
    expect(String(step.call.body)).not.toContain('<workspace>');
    const [alt] = step.otherwise!;
    expect(alt.call).toMatchObject({ method: 'PUT', path: '/rest/workspaces/sf/datastores/pg' });
    expect(alt.when(answer(409))).toBe(true);
    expect(alt.when(answer(500, "Namespace with prefix 'sf' already exists."))).toBe(true);
    expect(alt.when(answer(404, 'No such workspace'))).toBe(false);
  });

  it('a modify of a renamed object is a PUT at the name the GeoServer has, a POST when it is missing', () => {
    const { ctx, catalog, mirror } = setUp();
    mirror.set('ws-sf', { type: 'workspace', info: { name: 'sf' } });
    mirror.set('ds-1', { type: 'dataStore', info: { name: 'pg', workspace: { id: 'ws-sf' } } });
    mirror.set('ft-1', { type: 'featureType', info: { name: 'roads', store: { id: 'ds-1' } } });
    const renamed = { ...catalog.get('featureType', 'ft-1')!, name: 'streets' };
    const [step] = steps(planChange(ctx, { op: 'modify', type: 'featureType', id: 'ft-1', object: renamed }));
    expect(step.call).toMatchObject({ method: 'PUT', path: '/rest/workspaces/sf/datastores/pg/featuretypes/roads' });
    expect(String(step.call.body)).toContain('<name>streets</name>');
    expect(step.otherwise!.map((o) => `${o.call.method} ${o.call.path}`)).toEqual([
      'PUT /rest/workspaces/sf/datastores/pg/featuretypes/streets',
      'POST /rest/workspaces/sf/datastores/pg/featuretypes',
    ]);
  });

  it('a remove takes its path from the mirror, recurses, and a missing object is done', () => {
    const { ctx, mirror } = setUp();
    mirror.set('ws-old', { type: 'workspace', info: { name: 'old' } });
    const [step] = steps(planChange(ctx, { op: 'remove', type: 'workspace', id: 'ws-old' }));
    expect(step.call).toEqual({ method: 'DELETE', path: '/rest/workspaces/old?recurse=true' });
    expect(step.done!(answer(404))).toBe(true);
  });

  it('security, GeoWebCache and files go to their own endpoints', () => {
    const { ctx } = setUp();
    const user = steps(planChange(ctx, { op: 'add', type: 'securityUser', id: 'securityUser:default:carol', object: { id: 'x', service: 'default', name: 'carol', enabled: 'true', password: 'digest1:abc' } }))[0];
    expect(user.call).toMatchObject({ method: 'POST', path: '/rest/security/usergroup/service/default/user/carol' });
    expect(String(user.call.body)).toContain('<password>digest1:abc</password>');
    expect(user.otherwise![0].call.path).toBe('/rest/security/usergroup/service/default/users');
    const rule = steps(planChange(ctx, { op: 'add', type: 'dataAccessRule', id: 'r', object: { id: 'r', workspace: 'sf', layer: 'roads', access: 'r', roles: 'ROLE_A' } }))[0];
    expect(rule.call).toMatchObject({ method: 'POST', path: '/rest/security/acl/layers' });
    expect(String(rule.call.body)).toContain('<rule resource="sf.roads.r">ROLE_A</rule>');
    expect(rule.otherwise![0].call.method).toBe('PUT');
    const tile = steps(planChange(ctx, { op: 'put', type: 'tileLayer', id: 'tileLayer@l-1', object: { id: 'l-1', name: 'sf:roads', enabled: 'true' } }))[0];
    expect(tile.call).toMatchObject({ method: 'PUT', path: '/gwc/rest/layers/sf:roads' });
    expect(String(tile.call.body)).not.toContain('l-1'); // the node's layer id is not the GeoServer's
    const file = steps(planChange(ctx, { op: 'put', type: 'resource', id: 'templates/a b.ftl', data: Buffer.from('x') }))[0];
    expect(file.call).toMatchObject({ method: 'PUT', path: '/rest/resource/templates/a%20b.ftl' });
    expect(planChange(ctx, { op: 'put', type: 'userGroupService', id: 'userGroupService:default', object: { id: 'x' } })).toHaveProperty('skipped');
  });
});
