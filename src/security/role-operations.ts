import { fail, guarded, unchanged, writableRoleService, type SecurityChange } from './change.js';
import { ids, type SecurityRoleInfo, type SecurityState } from './model.js';
import { checkSecurityName } from './names.js';
import { groupRole, userRole } from './roles-xml.js';

/**
 * Roles of a role service and the roles given to users and groups, changed as GeoServer's
 * RolesRestController and AbstractRoleStore do, as pure functions of the state. A role is given
 * only if it exists ("Provided role does not exist"); the user or group it is given to may live
 * in any user/group service (roles.xml names them only), so only its name is checked.
 */
function findRole(state: SecurityState, service: string, name: string): SecurityRoleInfo {
  const role = state.roles.find((r) => r.service === service && r.name === name);
  if (!role) fail('not_found', `Provided role does not exist: ${name}`);
  return role;
}

/** POST …/role/{role}. */
export function addRole(state: SecurityState, service: string, roleName: string): SecurityChange {
  writableRoleService(state, service);
  const name = checkSecurityName('Role', roleName);
  if (state.roles.some((r) => r.service === service && r.name === name)) fail('duplicate', `The role ${name} already exists`);
  const role: SecurityRoleInfo = { id: ids.role(service, name), service, name };
  return { state: { ...state, roles: [...state.roles, role] }, changes: [{ kind: 'securityRole', op: 'put', object: role }] };
}

/** DELETE …/role/{role}: the role, every assignment of it, and the parent link of its children. */
export function removeRole(state: SecurityState, service: string, name: string): SecurityChange {
  writableRoleService(state, service);
  const role = findRole(state, service, name);
  const assignments = state.assignments.filter((a) => a.service === service && a.role === name);
  const children = state.roles.filter((r) => r.service === service && r.parent === name).map((r) => {
    const { parent: _parent, ...rest } = r;
    return rest as SecurityRoleInfo;
  });
  const roles = state.roles.filter((r) => r !== role).map((r) => children.find((c) => c.id === r.id) ?? r);
  const next = { ...state, roles, assignments: state.assignments.filter((a) => !assignments.includes(a)) };
  const changes: SecurityChange['changes'] = [
    { kind: 'securityRole', op: 'remove', object: role },
    ...assignments.map((a) => ({ kind: 'roleAssignment' as const, op: 'remove' as const, object: a })),
    ...children.map((c) => ({ kind: 'securityRole' as const, op: 'put' as const, object: c })),
  ];
  return guarded(state, { state: next, changes });
}

export type RoleHolder = { user: string } | { group: string };

/** POST …/role/{role}/user/{user} or …/role/{role}/group/{group}. */
export function assignRole(state: SecurityState, service: string, role: string, holder: RoleHolder): SecurityChange {
  writableRoleService(state, service);
  findRole(state, service, role);
  const assignment = 'user' in holder ? userRole(service, checkSecurityName('User', holder.user), role) : groupRole(service, checkSecurityName('Group', holder.group), role);
  if (state.assignments.some((a) => a.id === assignment.id)) return unchanged(state);
  return { state: { ...state, assignments: [...state.assignments, assignment] }, changes: [{ kind: 'roleAssignment', op: 'put', object: assignment }] };
}

/** DELETE …/role/{role}/user/{user} or …/role/{role}/group/{group}. */
export function unassignRole(state: SecurityState, service: string, role: string, holder: RoleHolder): SecurityChange {
  writableRoleService(state, service);
  findRole(state, service, role);
  const id = 'user' in holder ? ids.userRole(service, holder.user, role) : ids.groupRole(service, holder.group, role);
  const assignment = state.assignments.find((a) => a.id === id);
  if (!assignment) return unchanged(state);
  const next = { ...state, assignments: state.assignments.filter((a) => a !== assignment) };
  return guarded(state, { state: next, changes: [{ kind: 'roleAssignment', op: 'remove', object: assignment }] });
}

/** The roles of a service (GET …/roles), or given to a user or a group directly (GET …/user/{user}). */
export function roleNames(state: SecurityState, service: string, holder?: RoleHolder): string[] {
  if (!state.roleServices.some((s) => s.name === service)) fail('not_found', `Provided roleservice does not exist: ${service}`);
  const roles = state.roles.filter((r) => r.service === service).map((r) => r.name);
  if (!holder) return roles.sort();
  const given = state.assignments.filter((a) => a.service === service && ('user' in holder ? a.user === holder.user : a.group === holder.group)).map((a) => a.role);
  return roles.filter((r) => given.includes(r)).sort();
}
