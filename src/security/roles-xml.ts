import type { XObject, XValue } from '../xml/tree.js';
import { writeDomDocument } from './dom-xml.js';
import { SecurityFileError } from './errors.js';
import { ids, type RoleAssignmentInfo, type SecurityRoleInfo } from './model.js';
import { byName, checkRegistryRoot, checkUnique, extras, itemsOf, parseSecurityXml, requiredAttribute } from './xml-read.js';

/**
 * roles.xml of an XML role service (GeoServer's XMLRoleService, XMLConstants):
 *
 *   <roleRegistry xmlns="http://www.geoserver.org/security/roles" version="1.0">
 *     <roleList><role id="ADMIN" parentID="…"><property name="…">…</property></role></roleList>
 *     <userList><userRoles username="admin"><roleRef roleID="ADMIN"/></userRoles></userList>
 *     <groupList><groupRoles groupname="…"><roleRef roleID="…"/></groupRoles></groupList>
 *   </roleRegistry>
 *
 * A roleRef must name a role of the list and a parentID too (the schema's keyrefs): a file that
 * breaks this is refused, naming the element, and such a file is never written.
 */
export const ROLES_NAMESPACE = 'http://www.geoserver.org/security/roles';

export interface RoleRegistry {
  roles: SecurityRoleInfo[];
  assignments: RoleAssignmentInfo[];
  registry?: XObject;
}

const ROOT_KNOWN = ['@xmlns', '@version', 'roleList', 'userList', 'groupList'];

export function readRolesXml(src: string | Buffer, service: string, file: string): RoleRegistry {
  const root = parseSecurityXml(src, file, 'roleRegistry');
  checkRegistryRoot(root, ROLES_NAMESPACE, file, 'roleRegistry');
  const roles = itemsOf(root.roleList, 'role', file, 'roleList').map((el) => readRole(el, service, file));
  checkUnique(roles.map((r) => r.name), file, 'role', 'the role');
  const known = new Set(roles.map((r) => r.name));
  for (const r of roles) {
    if (r.parent !== undefined && !known.has(r.parent)) throw new SecurityFileError(file, 'role', `role '${r.name}' has the unknown parent '${r.parent}'`);
  }
  const assignments = [
    ...readHolders(root.userList, 'userRoles', 'username', { service, file, known }),
    ...readHolders(root.groupList, 'groupRoles', 'groupname', { service, file, known }),
  ];
  return { roles, assignments, registry: extras(root, ROOT_KNOWN) };
}

function readRole(el: XObject, service: string, file: string): SecurityRoleInfo {
  const name = requiredAttribute(el, 'id', file, 'role');
  const role: SecurityRoleInfo = { id: ids.role(service, name), service, name };
  if (typeof el['@parentID'] === 'string' && el['@parentID'] !== '') role.parent = el['@parentID'];
  const element = extras(el, ['@id', '@parentID']);
  if (element) role.element = element;
  return role;
}

interface ReadContext {
  service: string;
  file: string;
  known: Set<string>;
}

function readHolders(list: XValue | undefined, holder: string, nameAttr: string, ctx: ReadContext): RoleAssignmentInfo[] {
  const out: RoleAssignmentInfo[] = [];
  const listName = holder === 'userRoles' ? 'userList' : 'groupList';
  for (const el of itemsOf(list, holder, ctx.file, listName)) {
    const member = requiredAttribute(el, nameAttr, ctx.file, holder);
    const refs = el.roleRef === undefined ? [] : itemsOf({ roleRef: el.roleRef }, 'roleRef', ctx.file, holder);
    for (const ref of refs) {
      const role = requiredAttribute(ref, 'roleID', ctx.file, 'roleRef');
      if (!ctx.known.has(role)) throw new SecurityFileError(ctx.file, 'roleRef', `${holder === 'userRoles' ? 'user' : 'group'} '${member}' is given the unknown role '${role}'`);
      out.push(assignment(ctx.service, holder === 'userRoles' ? { user: member } : { group: member }, role, extras(ref, ['@roleID'])));
    }
  }
  return out;
}

function assignment(service: string, who: { user?: string; group?: string }, role: string, element?: XObject): RoleAssignmentInfo {
  const id = who.user !== undefined ? ids.userRole(service, who.user, role) : ids.groupRole(service, who.group as string, role);
  const a: RoleAssignmentInfo = { id, service, role, ...who };
  if (element) a.element = element;
  return a;
}

/** A role given to a user (or a group) as a whole object. */
export function userRole(service: string, user: string, role: string): RoleAssignmentInfo {
  return assignment(service, { user }, role);
}

export function groupRole(service: string, group: string, role: string): RoleAssignmentInfo {
  return assignment(service, { group }, role);
}

/** roles.xml for one service: roles, users and groups sorted by name, as GeoServer's TreeMaps. */
export function writeRolesXml(registry: RoleRegistry): string {
  const known = new Set(registry.roles.map((r) => r.name));
  const assignments = registry.assignments.filter((a) => known.has(a.role));
  const roles = [...registry.roles].sort((a, b) => byName(a.name, b.name)).map((r) => roleElement(r, known));
  const users = holders(assignments.filter((a) => a.user !== undefined), 'user', 'username');
  const groups = holders(assignments.filter((a) => a.group !== undefined), 'group', 'groupname');
  const root: XObject = {
    '@version': '1.0',
    '@xmlns': ROLES_NAMESPACE,
    ...(registry.registry ?? {}),
    roleList: roles.length ? { role: roles } : '',
    userList: users.length ? { userRoles: users } : '',
    groupList: groups.length ? { groupRoles: groups } : '',
  };
  return writeDomDocument('roleRegistry', root);
}

function roleElement(r: SecurityRoleInfo, known: Set<string>): XObject {
  const el: XObject = { '@id': r.name };
  // a parent that is gone would fail the schema's keyref: the role then simply has none
  if (r.parent !== undefined && known.has(r.parent)) el['@parentID'] = r.parent;
  return { ...el, ...(r.element ?? {}) };
}

function holders(assignments: RoleAssignmentInfo[], who: 'user' | 'group', attr: string): XObject[] {
  const byHolder = new Map<string, Map<string, RoleAssignmentInfo>>();
  for (const a of assignments) {
    const name = a[who] as string;
    if (!byHolder.has(name)) byHolder.set(name, new Map());
    byHolder.get(name)!.set(a.role, a);
  }
  return [...byHolder.keys()].sort(byName).map((name) => {
    const refs = [...byHolder.get(name)!.values()].sort((a, b) => byName(a.role, b.role));
    return { [`@${attr}`]: name, roleRef: refs.map((a) => ({ '@roleID': a.role, ...(a.element ?? {}) })) };
  });
}
