import type { Info } from '../catalog/types.js';
import { encodeBlobStore, encodeGlobal, encodeGridSet, encodeTileLayer, pathSegment } from '../gwc/rest-encode.js';
import { globalView } from '../gwc/rest-global.js';
import { writeDiskQuotaFile } from '../gwc/disk-quota-file.js';
import { blobStoreEntry } from '../gwc/model.js';
import { encodeCatalogMode, encodeRules } from '../security/rest-bodies.js';
import type { CatalogMode, DataAccessRuleInfo, RestAccessRuleInfo, ServiceAccessRuleInfo } from '../security/model.js';
import { dataRuleKey, restRuleKey, serviceRuleKey } from '../security/rules.js';
import { writeXml } from '../xml/write.js';
import type { RestCall } from './geoserver-client.js';
import { enc, exists, missing, XML, type Change, type Plan, type PlanContext, type Step } from './rest-calls.js';

const remove = (change: Change): boolean => change.op === 'remove' || change.op === 'delete';
const del = (path: string): Step => ({ call: { method: 'DELETE', path }, done: missing });

// ---------------------------------------------------------------- security

/**
 * GeoServer's security REST API (docs/security-rest.md; UserGroupController, RolesController,
 * AbstractAclController): users are created by POST …/users and changed by POST …/user/{name};
 * groups and roles are created by a bodiless POST, a duplicate being 404 "already exists";
 * memberships and role assignments are POSTed and DELETEd; access rules are POSTed (409 when the
 * rule exists: then PUT) and DELETEd by key. Passwords travel as the stored digest, which GeoServer
 * keeps as given (AbstractUserGroupStore.preparePassword: a value with an encoder prefix is not
 * encoded again). Service configurations (user/group and role services, authentication providers,
 * security/config.xml) have no REST API in GeoServer: they are not carried.
 */
export function securitySteps(ctx: PlanContext, change: Change): Plan {
  const o = (change.object ?? ctx.known(change.id)?.info) as Record<string, string> | undefined;
  if (!o) return { skipped: `security object ${change.id} is not known: nothing to send` };
  const ug = `/rest/security/usergroup/service/${enc(o.service ?? 'default')}`;
  const roles = `/rest/security/roles/service/${enc(o.service ?? 'default')}`;
  switch (change.type) {
    case 'securityUser': {
      if (remove(change)) return { steps: [del(`${ug}/user/${enc(o.name)}`)] };
      const user: Info = { userName: o.name };
      if (o.password) user.password = o.password;
      user.enabled = o.enabled ?? 'true';
      const body = writeXml('user', user);
      const update: RestCall = { method: 'POST', path: `${ug}/user/${enc(o.name)}`, body, contentType: XML };
      return { steps: [{ call: update, otherwise: [{ when: missing, call: { method: 'POST', path: `${ug}/users`, body, contentType: XML } }] }] };
    }
    case 'securityGroup':
      return { steps: [remove(change) ? del(`${ug}/group/${enc(o.name)}`) : { call: { method: 'POST', path: `${ug}/group/${enc(o.name)}` }, done: exists }] };
    case 'groupMember': {
      const path = `${ug}/user/${enc(o.user)}/group/${enc(o.group)}`;
      return { steps: [remove(change) ? del(path) : { call: { method: 'POST', path } }] };
    }
    case 'securityRole':
      return { steps: [remove(change) ? del(`${roles}/role/${enc(o.name)}`) : { call: { method: 'POST', path: `${roles}/role/${enc(o.name)}` }, done: exists }] };
    case 'roleAssignment': {
      const path = `${roles}/role/${enc(o.role)}/${o.user !== undefined ? `user/${enc(o.user)}` : `group/${enc(o.group)}`}`;
      return { steps: [remove(change) ? del(path) : { call: { method: 'POST', path } }] };
    }
    case 'dataAccessRule':
      return ruleSteps('layers', dataRuleKey(o as unknown as DataAccessRuleInfo), o.roles, remove(change));
    case 'serviceAccessRule':
      return ruleSteps('services', serviceRuleKey(o as unknown as ServiceAccessRuleInfo), o.roles, remove(change));
    case 'restAccessRule':
      return ruleSteps('rest', restRuleKey(o as unknown as RestAccessRuleInfo, ':'), o.roles, remove(change));
    case 'catalogMode': {
      if (remove(change)) return { skipped: 'the catalog mode cannot be removed' };
      const { contentType, body } = encodeCatalogMode(o.mode as CatalogMode, 'xml');
      return { steps: [{ call: { method: 'PUT', path: '/rest/security/acl/catalog', body, contentType } }] };
    }
    default:
      return { skipped: `GeoServer has no REST API for the ${change.type} (security service configurations are not carried)` };
  }
}

function ruleSteps(area: 'layers' | 'services' | 'rest', key: string, roles: string, removed: boolean): Plan {
  const path = `/rest/security/acl/${area}`;
  if (removed) return { steps: [del(`${path}/${enc(key)}`)] };
  const { contentType, body } = encodeRules([[key, roles]], 'xml');
  return { steps: [{ call: { method: 'POST', path, body, contentType }, otherwise: [{ when: exists, call: { method: 'PUT', path, body, contentType } }] }] };
}

// ---------------------------------------------------------------- GeoWebCache

/**
 * GeoWebCache's REST API under /gwc/rest (docs/gwc-rest.md): PUT /layers/{name} saves a tile layer
 * new or existing (TileLayerController), PUT /gridsets/{name} and /blobstores/{name} likewise
 * (GridSetController, BlobStoreController), DELETE removes them (404 when gone). PUT /global and
 * /diskquota change only the fields sent (GWC's ServerController, DiskQuotaController). A tile layer goes without its id: it is the node's id of
 * the GeoServer layer, which the GeoServer does not share; the name finds it. gwc-gs.xml has no
 * REST API in GeoServer: it is not carried.
 */
export function gwcSteps(ctx: PlanContext, change: Change): Plan {
  const o = change.object ?? ctx.known(change.id)?.info;
  if (!o) return { skipped: `GeoWebCache object ${change.id} is not known: nothing to send` };
  const put = (path: string, b: { contentType: string; body: string }): Plan => ({ steps: [{ call: { method: 'PUT', path, body: b.body, contentType: b.contentType } }] });
  switch (change.type) {
    case 'tileLayer': {
      const path = `/gwc/rest/layers/${pathSegment(String(o.name))}`;
      if (remove(change)) return { steps: [del(path)] };
      const { id: _id, ...named } = o;
      const b = encodeTileLayer(named, 'xml');
      // 404: the layer or group is not on the GeoServer (yet: a group's tile layer can be journalled
      // before the group). GeoServer makes a group's or layer's tile layer itself when it arrives
      // (GWC's auto-create), so the change is taken as done rather than refused.
      return { steps: [{ call: { method: 'PUT', path, body: b.body, contentType: b.contentType }, done: missing }] };
    }
    case 'gridSet': {
      const path = `/gwc/rest/gridsets/${enc(String(o.name))}`;
      return remove(change) ? { steps: [del(path)] } : put(path, encodeGridSet(o, 'xml'));
    }
    case 'blobStore': {
      const path = `/gwc/rest/blobstores/${enc(blobStoreEntry(o).name)}`;
      return remove(change) ? { steps: [del(path)] } : put(path, encodeBlobStore(o, 'xml'));
    }
    case 'gwcGlobals': {
      if (remove(change)) return { skipped: 'the GeoWebCache globals cannot be removed' };
      // identifier and location are the GeoServer's own and read-only (400 when they differ): left out
      const { identifier: _i, location: _l, version: _v, ...view } = globalView(o, { identifier: '', location: '' });
      return put('/gwc/rest/global', encodeGlobal(view, 'xml'));
    }
    case 'diskQuota':
      // the request form GWC's diskquota.rst documents: <gwcQuotaConfiguration>, quotas as value/units,
      // which is the file's form (the GET answer's bean form, quotas in bytes, is read back only here)
      return remove(change) ? { skipped: 'the disk quota configuration cannot be removed' } : put('/gwc/rest/diskquota', { contentType: XML, body: writeDiskQuotaFile(o) });
    default:
      return { skipped: 'GeoServer has no REST API for gwc-gs.xml: the GeoServer GWC settings are not carried' };
  }
}

// ---------------------------------------------------------------- files

const STYLE_MEDIA: Record<string, string> = {
  sld: 'application/vnd.ogc.sld+xml',
  css: 'application/vnd.geoserver.geocss+css',
  yaml: 'application/vnd.geoserver.ysld+yaml',
  json: 'application/vnd.geoserver.mbstyle+json',
};

/**
 * Files of the data directory: PUT and DELETE /rest/resource/{path} (ResourceController; a
 * missing file on DELETE is 404). A style's body goes to its style instead, PUT
 * /rest/[workspaces/{ws}/]styles/{name}?raw=true with the body's media type (StyleController:
 * raw keeps the body as sent), so that GeoServer's style cache follows; while the style itself is
 * not on the GeoServer yet (404) the file is written as a resource, where the style will find it.
 */
export function resourceSteps(ctx: PlanContext, change: Change): Plan {
  const path = `/rest/resource/${change.id.split('/').map(enc).join('/')}`;
  if (remove(change)) return { steps: [del(path)] };
  if (!change.data) return { skipped: `file ${change.id} came without its content` };
  const file: RestCall = { method: 'PUT', path, body: change.data, contentType: 'application/octet-stream' };
  const style = styleOfFile(ctx, change.id);
  if (!style) return { steps: [{ call: file }] };
  const styleCall: RestCall = { method: 'PUT', path: `${style.path}?raw=true`, body: change.data, contentType: style.media };
  return { steps: [{ call: styleCall, otherwise: [{ when: missing, call: file }] }] };
}

/** The style whose body a file is: `styles/{file}` or `workspaces/{ws}/styles/{file}`. */
function styleOfFile(ctx: PlanContext, filePath: string): { path: string; media: string } | undefined {
  const parts = filePath.split('/');
  const global = parts.length === 2 && parts[0] === 'styles';
  const inWs = parts.length === 4 && parts[0] === 'workspaces' && parts[2] === 'styles';
  if (!global && !inWs) return undefined;
  const fileName = parts[parts.length - 1];
  const media = STYLE_MEDIA[fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase()];
  if (!media) return undefined;
  for (const style of ctx.catalog.list('style')) {
    if (style.filename !== fileName) continue;
    const ws = ctx.known(String((style.workspace as Info | undefined)?.id ?? ''))?.info.name;
    if (global ? style.workspace === undefined : ws === parts[1]) {
      const base = global ? '/rest/styles' : `/rest/workspaces/${enc(String(ws))}/styles`;
      return { path: `${base}/${enc(String(style.name))}`, media };
    }
  }
  return undefined;
}
