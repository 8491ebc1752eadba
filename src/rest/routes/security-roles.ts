import { addRole, assignRole, removeRole, roleNames, unassignRole, type RoleHolder } from '../../security/role-operations.js';
import { encodeRoles } from '../../security/rest-bodies.js';
import type { RestContext } from '../context.js';
import { created, ok, type RestRequest } from '../http.js';
import type { Handler, Router } from '../router.js';
import { answer, change, replyFormat, roleServiceOf, securityState } from './security-common.js';

/**
 * /rest/security/roles/…: roles of the active role service or of a named one, and the roles
 * given to users and groups (GeoServer's RolesRestController; docs/security-rest.md). Both the
 * paths GeoServer's controller maps and those of the YAML files are served.
 */
export function securityRoleRoutes(router: Router, ctx: RestContext): void {
  const holderOf = (req: RestRequest): RoleHolder | undefined =>
    req.params.user !== undefined ? { user: req.params.user } : req.params.group !== undefined ? { group: req.params.group } : undefined;
  const list: Handler = (req) => {
    const state = securityState(ctx);
    return answer(encodeRoles(roleNames(state, roleServiceOf(req, state), holderOf(req)), replyFormat(req)));
  };
  const add: Handler = (req) => {
    change(ctx, req, (s) => addRole(s, roleServiceOf(req, s), req.params.role));
    return created(`${req.base}/security/roles/role/${encodeURIComponent(req.params.role)}`, req.params.role);
  };
  const remove: Handler = (req) => (change(ctx, req, (s) => removeRole(s, roleServiceOf(req, s), req.params.role)), ok());
  const assign: Handler = (req) => (change(ctx, req, (s) => assignRole(s, roleServiceOf(req, s), req.params.role, holderOf(req)!)), ok());
  const unassign: Handler = (req) => (change(ctx, req, (s) => unassignRole(s, roleServiceOf(req, s), req.params.role, holderOf(req)!)), ok());
  router.route('/security/roles', { GET: list }, 'securityRole');
  for (const base of ['/security/roles', '/security/roles/service/{svc}', '/security/roles/service/{svc}/roles']) {
    if (base !== '/security/roles') router.route(base, { GET: list }, 'securityRole');
    router.route(`${base}/user/{user}`, { GET: list }, 'roleAssignment');
    router.route(`${base}/group/{group}`, { GET: list }, 'roleAssignment');
    router.route(`${base}/role/{role}`, { POST: add, DELETE: remove }, 'securityRole');
    router.route(`${base}/role/{role}/user/{user}`, { POST: assign, DELETE: unassign }, 'roleAssignment');
    router.route(`${base}/role/{role}/group/{group}`, { POST: assign, DELETE: unassign }, 'roleAssignment');
  }
  // the YAML's form without /roles: /security/service/{svc}/role/{role}
  router.route('/security/service/{svc}/role/{role}', { POST: add, DELETE: remove }, 'securityRole');
}
