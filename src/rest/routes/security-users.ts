import { CatalogError } from '../../catalog/errors.js';
import { addGroup, addMember, addUser, removeGroup, removeMember, removeUser, updateUser } from '../../security/user-operations.js';
import { decodeUser, encodeGroups, encodeUsers } from '../../security/rest-bodies.js';
import type { SecurityState } from '../../security/model.js';
import type { RestContext } from '../context.js';
import { created, ok, type RestRequest } from '../http.js';
import type { Handler, Router } from '../router.js';
import { answer, change, replyFormat, requestFormat, securityState, userGroupServiceOf } from './security-common.js';

/**
 * /rest/security/usergroup/…: users, groups and memberships of the default user/group service
 * and of named ones (GeoServer's UsersRestController; docs/security-rest.md gives the statuses).
 * Passwords are stored as digest1 and never written in a reply.
 */
export function securityUserRoutes(router: Router, ctx: RestContext): void {
  const service = (req: RestRequest, state: SecurityState) => {
    const svc = userGroupServiceOf(req);
    if (!state.userGroupServices.some((s) => s.name === svc)) throw new CatalogError('not_found', `Provided user/group service does not exist: ${svc}`);
    return svc;
  };
  const listUsers: Handler = (req) => {
    const state = securityState(ctx);
    const svc = service(req, state);
    return answer(encodeUsers(state.users.filter((u) => u.service === svc).sort(byName), replyFormat(req)));
  };
  const addUserHandler: Handler = (req) => {
    const body = decodeUser(req.body.toString('utf8'), requestFormat(req));
    change(ctx, req, (s) => addUser(s, userGroupServiceOf(req), body));
    return created(`${req.base}/security/usergroup/user/${encodeURIComponent(body.userName ?? '')}`, body.userName ?? '');
  };
  const updateUserHandler: Handler = (req) => {
    const body = decodeUser(req.body.toString('utf8'), requestFormat(req));
    change(ctx, req, (s) => updateUser(s, userGroupServiceOf(req), req.params.user, body));
    return ok();
  };
  const removeUserHandler: Handler = (req) => (change(ctx, req, (s) => removeUser(s, userGroupServiceOf(req), req.params.user)), ok());
  const listGroups: Handler = (req) => {
    const state = securityState(ctx);
    const svc = service(req, state);
    return answer(encodeGroups(state.groups.filter((g) => g.service === svc).map((g) => g.name).sort(), replyFormat(req)));
  };
  const addGroupHandler: Handler = (req) => {
    change(ctx, req, (s) => addGroup(s, userGroupServiceOf(req), req.params.group));
    return created(`${req.base}/security/usergroup/group/${encodeURIComponent(req.params.group)}`, req.params.group);
  };
  const removeGroupHandler: Handler = (req) => (change(ctx, req, (s) => removeGroup(s, userGroupServiceOf(req), req.params.group)), ok());
  const membersOf: Handler = (req) => {
    const state = securityState(ctx);
    const svc = service(req, state);
    if (!state.groups.some((g) => g.service === svc && g.name === req.params.group)) throw new CatalogError('not_found', `Group ${req.params.group} does not exist`);
    const names = new Set(state.members.filter((m) => m.service === svc && m.group === req.params.group).map((m) => m.user));
    return answer(encodeUsers(state.users.filter((u) => u.service === svc && names.has(u.name)).sort(byName), replyFormat(req)));
  };
  const groupsOf: Handler = (req) => {
    const state = securityState(ctx);
    const svc = service(req, state);
    if (!state.users.some((u) => u.service === svc && u.name === req.params.user)) throw new CatalogError('not_found', `User ${req.params.user} does not exist`);
    return answer(encodeGroups(state.members.filter((m) => m.service === svc && m.user === req.params.user).map((m) => m.group).sort(), replyFormat(req)));
  };
  const addMemberHandler: Handler = (req) => (change(ctx, req, (s) => addMember(s, userGroupServiceOf(req), req.params.user, req.params.group)), ok());
  const removeMemberHandler: Handler = (req) => (change(ctx, req, (s) => removeMember(s, userGroupServiceOf(req), req.params.user, req.params.group)), ok());
  for (const base of ['/security/usergroup', '/security/usergroup/service/{svc}']) {
    router.route(`${base}/users`, { GET: listUsers, POST: addUserHandler }, 'securityUser');
    router.route(`${base}/user/{user}`, { POST: updateUserHandler, DELETE: removeUserHandler }, 'securityUser');
    router.route(`${base}/groups`, { GET: listGroups }, 'securityGroup');
    router.route(`${base}/group/{group}`, { POST: addGroupHandler, DELETE: removeGroupHandler }, 'securityGroup');
    router.route(`${base}/group/{group}/users`, { GET: membersOf }, 'groupMember');
    router.route(`${base}/user/{user}/groups`, { GET: groupsOf }, 'groupMember');
    router.route(`${base}/user/{user}/group/{group}`, { POST: addMemberHandler, DELETE: removeMemberHandler }, 'groupMember');
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
