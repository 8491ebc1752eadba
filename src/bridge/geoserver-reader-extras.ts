import { asList, isXObject, textOf } from '../xml/tree.js';
import { seg } from './config-entry.js';
import type { ConfigReader } from './geoserver-reader.js';

const RULE_AREAS = ['layers', 'services', 'rest'] as const;

/**
 * Security through GeoServer's /rest/security (UsersRestController, RolesRestController,
 * AbstractAclController, CatalogModeController; reference/geoserver-rest-docs/security.rst):
 * groups, roles, users (names, enabled, groups: REST never shows a password), the roles of
 * every user and group, access rules and the catalog mode.
 */
export async function readSecurity(reader: ConfigReader): Promise<void> {
  const groups = await reader.names('/rest/security/usergroup/groups.xml', 'group');
  for (const g of groups) reader.entries.set(`/rest/security/usergroup/group/${seg(g)}`, { family: 'securityGroup', path: `/rest/security/usergroup/group/${seg(g)}`, root: 'group', body: g });
  const roles = await reader.names('/rest/security/roles.xml', 'role');
  for (const r of roles) reader.entries.set(`/rest/security/roles/role/${seg(r)}`, { family: 'securityRole', path: `/rest/security/roles/role/${seg(r)}`, root: 'role', body: r });
  const users = await reader.document('/rest/security/usergroup/users.xml');
  const userList = users && isXObject(users.value) ? asList(users.value.user).filter(isXObject) : [];
  await reader.each(userList, async (user) => {
    const name = textOf(user.userName);
    if (!name) return;
    const path = `/rest/security/usergroup/user/${seg(name)}`;
    const memberOf = await reader.names(`${path}/groups.xml`, 'group');
    reader.entries.set(path, { family: 'securityUser', path, root: 'user', body: { userName: name, enabled: textOf(user.enabled) ?? 'true', groups: memberOf.sort() } });
  });
  const holders = [...userList.map((u) => ['user', textOf(u.userName) ?? ''] as const), ...groups.map((g) => ['group', g] as const)];
  await reader.each(holders, async ([what, name]) => {
    for (const role of await reader.names(`/rest/security/roles/${what}/${seg(name)}.xml`, 'role')) {
      const path = `/rest/security/roles/role/${seg(role)}/${what}/${seg(name)}`;
      reader.entries.set(path, { family: 'roleAssignment', path, root: 'roleAssignment', body: '' });
    }
  });
  for (const area of RULE_AREAS) {
    const doc = await reader.document(`/rest/security/acl/${area}.xml`);
    const rules = doc && isXObject(doc.value) ? asList(doc.value.rule).filter(isXObject) : [];
    for (const rule of rules) {
      const resource = textOf(rule['@resource']);
      if (!resource) continue;
      const path = `/rest/security/acl/${area}/${resource}`;
      reader.entries.set(path, { family: 'accessRule', path, collection: `/rest/security/acl/${area}`, root: 'rule', body: { '@resource': resource, $: textOf(rule.$) ?? '' } });
    }
  }
  await reader.entry('catalogMode', '/rest/security/acl/catalog');
}

/**
 * GeoWebCache through /gwc/rest (GeoWebCache's TileLayerController, GridSetController,
 * BlobStoreController, GlobalConfigController, DiskQuotaController; docs/gwc-rest.md).
 */
export async function readTileCache(reader: ConfigReader): Promise<void> {
  const gridSets = await reader.names('/gwc/rest/gridsets.xml', 'gridSet', true);
  await reader.each(gridSets, (g) => reader.entry('gridSet', `/gwc/rest/gridsets/${seg(g)}`));
  const blobStores = await reader.names('/gwc/rest/blobstores.xml', 'blobStore', true);
  await reader.each(blobStores, (b) => reader.entry('blobStore', `/gwc/rest/blobstores/${seg(b)}`));
  await reader.entry('gwcGlobal', '/gwc/rest/global', undefined, true);
  await reader.entry('diskQuota', '/gwc/rest/diskquota', undefined, true);
  const layers = await reader.document('/gwc/rest/layers.xml', true);
  const names = layers && isXObject(layers.value) ? asList(layers.value.layer).map((l) => (isXObject(l) ? textOf(l.name) : textOf(l))) : [];
  await reader.each(names.filter((n): n is string => !!n), (l) => reader.entry('tileLayer', `/gwc/rest/layers/${seg(l)}`));
}
