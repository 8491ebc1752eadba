import { fail, guarded, unchanged, upsert, writableUserGroupService, type SecurityChange } from './change.js';
import { ids, type GroupMemberInfo, type SecurityGroupInfo, type SecurityState, type SecurityUserInfo } from './model.js';
import { checkSecurityName } from './names.js';
import { storedPassword } from './passwords.js';
import type { UserBody } from './rest-bodies.js';

/**
 * Users, groups and memberships of a user/group service, changed as GeoServer's
 * UsersRestController and AbstractUserGroupStore do, as pure functions of the state. Refusals
 * carry GeoServer's messages; docs/security-rest.md gives the HTTP status of each. Passwords are
 * stored encoded (digest1) before they enter any object.
 */
function findUser(state: SecurityState, service: string, name: string): SecurityUserInfo {
  const user = state.users.find((u) => u.service === service && u.name === name);
  if (!user) fail('not_found', `Provided username does not exist: ${name}`);
  return user;
}

function findGroup(state: SecurityState, service: string, name: string): SecurityGroupInfo {
  const group = state.groups.find((g) => g.service === service && g.name === name);
  if (!group) fail('not_found', `Provided groupname does not exist: ${name}`);
  return group;
}

/** POST …/users: a new user; enabled unless said otherwise, without a password unless one is given. */
export function addUser(state: SecurityState, service: string, body: UserBody): SecurityChange {
  writableUserGroupService(state, service);
  const name = checkSecurityName('User', body.userName);
  if (state.users.some((u) => u.service === service && u.name === name)) fail('duplicate', `The user ${name} already exists`);
  const user: SecurityUserInfo = { id: ids.user(service, name), service, name, enabled: body.enabled === false ? 'false' : 'true' };
  if (body.password !== undefined) user.password = storedPassword(body.password);
  return { state: { ...state, users: [...state.users, user] }, changes: [{ kind: 'securityUser', op: 'put', object: user }] };
}

/** POST …/user/{user}: the fields given change, the others stay (JaxbUser.toUser); the name cannot change. */
export function updateUser(state: SecurityState, service: string, name: string, body: UserBody): SecurityChange {
  writableUserGroupService(state, service);
  const user = { ...findUser(state, service, name) };
  if (body.enabled !== undefined) user.enabled = body.enabled ? 'true' : 'false';
  if (body.password !== undefined) user.password = storedPassword(body.password);
  const next = { ...state, users: upsert(state.users, user) };
  return guarded(state, { state: next, changes: [{ kind: 'securityUser', op: 'put', object: user }] });
}

/** DELETE …/user/{user}: the user and its memberships (its roles stay in roles.xml, as in GeoServer). */
export function removeUser(state: SecurityState, service: string, name: string): SecurityChange {
  writableUserGroupService(state, service);
  const user = findUser(state, service, name);
  const members = state.members.filter((m) => m.service === service && m.user === name);
  const next = { ...state, users: state.users.filter((u) => u !== user), members: state.members.filter((m) => !members.includes(m)) };
  const changes: SecurityChange['changes'] = [{ kind: 'securityUser', op: 'remove', object: user }, ...members.map((m) => ({ kind: 'groupMember' as const, op: 'remove' as const, object: m }))];
  return guarded(state, { state: next, changes });
}

/** POST …/group/{group}: a new, enabled group. */
export function addGroup(state: SecurityState, service: string, groupName: string): SecurityChange {
  writableUserGroupService(state, service);
  const name = checkSecurityName('Group', groupName);
  if (state.groups.some((g) => g.service === service && g.name === name)) fail('duplicate', `The group ${name} already exists`);
  const group: SecurityGroupInfo = { id: ids.group(service, name), service, name, enabled: 'true' };
  return { state: { ...state, groups: [...state.groups, group] }, changes: [{ kind: 'securityGroup', op: 'put', object: group }] };
}

/** DELETE …/group/{group}: the group and its memberships. */
export function removeGroup(state: SecurityState, service: string, name: string): SecurityChange {
  writableUserGroupService(state, service);
  const group = findGroup(state, service, name);
  const members = state.members.filter((m) => m.service === service && m.group === name);
  const next = { ...state, groups: state.groups.filter((g) => g !== group), members: state.members.filter((m) => !members.includes(m)) };
  const changes: SecurityChange['changes'] = [{ kind: 'securityGroup', op: 'remove', object: group }, ...members.map((m) => ({ kind: 'groupMember' as const, op: 'remove' as const, object: m }))];
  return guarded(state, { state: next, changes });
}

/** POST …/user/{user}/group/{group}. */
export function addMember(state: SecurityState, service: string, user: string, group: string): SecurityChange {
  writableUserGroupService(state, service);
  findUser(state, service, user);
  findGroup(state, service, group);
  const member: GroupMemberInfo = { id: ids.member(service, group, user), service, group, user };
  if (state.members.some((m) => m.id === member.id)) return unchanged(state);
  return { state: { ...state, members: [...state.members, member] }, changes: [{ kind: 'groupMember', op: 'put', object: member }] };
}

/** DELETE …/user/{user}/group/{group}. */
export function removeMember(state: SecurityState, service: string, user: string, group: string): SecurityChange {
  writableUserGroupService(state, service);
  findUser(state, service, user);
  findGroup(state, service, group);
  const member = state.members.find((m) => m.id === ids.member(service, group, user));
  if (!member) return unchanged(state);
  return guarded(state, { state: { ...state, members: state.members.filter((m) => m !== member) }, changes: [{ kind: 'groupMember', op: 'remove', object: member }] });
}

/**
 * PUT /rest/security/self/password: the caller's own password, in the first user/group service
 * that knows the user (UserPasswordController looks through every service).
 */
export function setOwnPassword(state: SecurityState, userName: string, newPassword: string): SecurityChange {
  const service = state.userGroupServices.find((s) => state.users.some((u) => u.service === s.name && u.name === userName));
  if (service === undefined) fail('invalid', 'Cannot calculate if PUT is allowed (service not found)');
  return updateUser(state, service.name, userName, { password: newPassword });
}
