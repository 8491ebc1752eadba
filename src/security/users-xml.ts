import type { XObject } from '../xml/tree.js';
import { writeDomDocument } from './dom-xml.js';
import { SecurityFileError } from './errors.js';
import { ids, type GroupMemberInfo, type SecurityGroupInfo, type SecurityUserInfo } from './model.js';
import { booleanAttribute, byName, checkRegistryRoot, checkUnique, extras, itemsOf, parseSecurityXml, requiredAttribute } from './xml-read.js';

/**
 * users.xml of an XML user/group service (GeoServer's XMLUserGroupService, XMLConstants):
 *
 *   <userRegistry xmlns="http://www.geoserver.org/security/users" version="1.0">
 *     <users><user name="…" password="digest1:…" enabled="true"><property name="…">…</property></user></users>
 *     <groups><group name="…" enabled="true"><member username="…"/></group></groups>
 *   </userRegistry>
 */
export const USERS_NAMESPACE = 'http://www.geoserver.org/security/users';

export interface UserRegistry {
  users: SecurityUserInfo[];
  groups: SecurityGroupInfo[];
  members: GroupMemberInfo[];
  /** Unknown attributes and children of <userRegistry>. */
  registry?: XObject;
}

const ROOT_KNOWN = ['@xmlns', '@version', 'users', 'groups'];

export function readUsersXml(src: string | Buffer, service: string, file: string): UserRegistry {
  const root = parseSecurityXml(src, file, 'userRegistry');
  checkRegistryRoot(root, USERS_NAMESPACE, file, 'userRegistry');
  const users = itemsOf(root.users, 'user', file, 'users').map((el) => readUser(el, service, file));
  checkUnique(users.map((u) => u.name), file, 'user', 'the user');
  const userNames = new Set(users.map((u) => u.name));
  const groups: SecurityGroupInfo[] = [];
  const members: GroupMemberInfo[] = [];
  for (const el of itemsOf(root.groups, 'group', file, 'groups')) {
    const group = readGroup(el, service, file);
    groups.push(group);
    for (const m of itemsOf(memberList(el), 'member', file, 'group')) {
      const user = requiredAttribute(m, 'username', file, 'member');
      if (!userNames.has(user)) throw new SecurityFileError(file, 'member', `group '${group.name}' lists the unknown user '${user}'`);
      members.push({ id: ids.member(service, group.name, user), service, group: group.name, user });
    }
  }
  checkUnique(groups.map((g) => g.name), file, 'group', 'the group');
  return { users, groups, members, registry: extras(root, ROOT_KNOWN) };
}

function readUser(el: XObject, service: string, file: string): SecurityUserInfo {
  const name = requiredAttribute(el, 'name', file, 'user');
  const user: SecurityUserInfo = { id: ids.user(service, name), service, name, enabled: booleanAttribute(el, 'enabled', file, 'user') };
  if (typeof el['@password'] === 'string') user.password = el['@password'];
  const element = extras(el, ['@name', '@enabled', '@password']);
  if (element) user.element = element;
  return user;
}

function readGroup(el: XObject, service: string, file: string): SecurityGroupInfo {
  const name = requiredAttribute(el, 'name', file, 'group');
  const group: SecurityGroupInfo = { id: ids.group(service, name), service, name, enabled: booleanAttribute(el, 'enabled', file, 'group') };
  const element = extras(el, ['@name', '@enabled', 'member']);
  if (element) group.element = element;
  return group;
}

/** The <member> children of a group, seen as a list element of their own. */
function memberList(group: XObject): XObject | undefined {
  return group.member === undefined ? undefined : { member: group.member };
}

/** users.xml for the objects of one service: users and groups sorted by name, as GeoServer's TreeMaps. */
export function writeUsersXml(registry: UserRegistry): string {
  const users = [...registry.users].sort((a, b) => byName(a.name, b.name)).map(userElement);
  // a membership of a user that is gone would fail GeoServer's schema (keyref): never written
  const known = new Set(registry.users.map((u) => u.name));
  const members = registry.members.filter((m) => known.has(m.user));
  const groups = [...registry.groups].sort((a, b) => byName(a.name, b.name)).map((g) => groupElement(g, members));
  const root: XObject = {
    '@version': '1.0',
    '@xmlns': USERS_NAMESPACE,
    ...(registry.registry ?? {}),
    users: users.length ? { user: users } : '',
    groups: groups.length ? { group: groups } : '',
  };
  return writeDomDocument('userRegistry', root);
}

function userElement(u: SecurityUserInfo): XObject {
  const el: XObject = { '@enabled': u.enabled, '@name': u.name };
  if (u.password !== undefined) el['@password'] = u.password;
  return { ...el, ...(u.element ?? {}) };
}

function groupElement(g: SecurityGroupInfo, members: GroupMemberInfo[]): XObject {
  const names = [...new Set(members.filter((m) => m.group === g.name).map((m) => m.user))].sort(byName);
  const el: XObject = { '@enabled': g.enabled, '@name': g.name, ...(g.element ?? {}) };
  if (names.length) el.member = names.map((username) => ({ '@username': username }));
  return el;
}
