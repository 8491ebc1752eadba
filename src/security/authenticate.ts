import { CatalogError } from '../catalog/errors.js';
import type { SecurityState } from './model.js';
import { verifyPassword } from './passwords.js';
import { createSecurityView, type SecurityView } from './view.js';

/**
 * Who a request is, and what roles that gives, as GeoServer computes them:
 * UsernamePasswordAuthenticationProvider tries each provider of security/config.xml in order
 * against its user/group service (a disabled user or a wrong password passes to the next), and
 * RoleCalculator gives the roles: those assigned to the user in the active role service, those
 * of every enabled group of the user, the ancestors of all of them (parentID), then the system
 * roles the role service maps (adminRoleName → ROLE_ADMINISTRATOR, groupAdminRoleName →
 * ROLE_GROUP_ADMIN), then ROLE_AUTHENTICATED. Role personalisation (role parameters filled from
 * user properties) is not done.
 */
export const ROLE_ADMINISTRATOR = 'ROLE_ADMINISTRATOR';
export const ROLE_GROUP_ADMIN = 'ROLE_GROUP_ADMIN';
export const ROLE_AUTHENTICATED = 'ROLE_AUTHENTICATED';
export const ROLE_ANONYMOUS = 'ROLE_ANONYMOUS';

export interface Principal {
  name: string;
  /** The user/group service the user was found in; absent for the anonymous principal. */
  userGroupService?: string;
  roles: readonly string[];
  enabled: boolean;
  anonymous: boolean;
}

/** What GeoServer's anonymous filter gives a request without credentials. */
export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', roles: Object.freeze([ROLE_ANONYMOUS]), enabled: true, anonymous: true });

export type AuthFailure = 'unknown_user' | 'disabled' | 'bad_password' | 'unverifiable';

export type AuthResult =
  | { ok: true; principal: Principal; wellKnownDefault: boolean }
  | { ok: false; reason: AuthFailure; detail?: string };

/**
 * Checks a user name and password. The failure reason is for the log and the node's status,
 * never for the client (which gets one 401 whatever the reason). `wellKnownDefault` says the
 * password is GeoServer's well-known default: the caller reports it rather than accept it silently.
 */
export function authenticate(view: SecurityView, name: string, password: string): AuthResult {
  let failure: { reason: AuthFailure; detail?: string } = { reason: 'unknown_user' };
  for (const service of view.authServices) {
    const user = view.user(service, name);
    if (!user) continue;
    if (user.enabled !== 'true') {
      failure = { reason: 'disabled' };
      continue;
    }
    const check = verifyPassword(user.password, password);
    if (check.outcome === 'match') {
      return { ok: true, principal: principalOf(view, service, name), wellKnownDefault: check.wellKnownDefault };
    }
    failure = check.outcome === 'unverifiable' ? { reason: 'unverifiable', detail: check.reason } : { reason: 'bad_password' };
  }
  return { ok: false, ...failure };
}

/** The principal of a known user, with every role GeoServer would give it. */
export function principalOf(view: SecurityView, service: string, name: string): Principal {
  const user = view.user(service, name);
  const roles = [...rolesOf(view, service, name), ROLE_AUTHENTICATED];
  return { name, userGroupService: service, roles: [...new Set(roles)].sort(), enabled: user?.enabled === 'true', anonymous: false };
}

/** RoleCalculator.calculateRoles: direct roles, enabled groups' roles, ancestors, mapped system roles. */
export function rolesOf(view: SecurityView, service: string, name: string): string[] {
  const roles = new Set(withAncestors(view, view.rolesOfUser(name)));
  for (const group of view.groupsOf(service, name)) {
    if (!view.groupEnabled(service, group)) continue;
    for (const role of withAncestors(view, view.rolesOfGroup(group))) roles.add(role);
  }
  if (view.adminRoleName !== undefined && roles.has(view.adminRoleName)) roles.add(ROLE_ADMINISTRATOR);
  if (view.groupAdminRoleName !== undefined && roles.has(view.groupAdminRoleName)) roles.add(ROLE_GROUP_ADMIN);
  return [...roles].sort();
}

function withAncestors(view: SecurityView, roles: readonly string[]): string[] {
  const out = new Set(roles);
  for (const role of roles) {
    for (let parent = view.parentOf(role); parent !== undefined && !out.has(parent); parent = view.parentOf(parent)) out.add(parent);
  }
  return [...out];
}

/** Enabled users, reachable through an authentication provider, that hold ROLE_ADMINISTRATOR. */
export function administrators(view: SecurityView): Array<{ service: string; name: string }> {
  const out: Array<{ service: string; name: string }> = [];
  for (const service of view.authServices) {
    for (const user of view.state.users) {
      if (user.service !== service || user.enabled !== 'true') continue;
      if (rolesOf(view, service, user.name).includes(ROLE_ADMINISTRATOR)) out.push({ service, name: user.name });
    }
  }
  return out;
}

/**
 * Refuses a change that would leave nobody able to administer the node: before it some enabled
 * user held ROLE_ADMINISTRATOR (directly, through the admin role or a group), after it none does.
 * A state that had no administrator already is not made a reason to refuse every change.
 */
export function checkAdministratorRemains(before: SecurityState, after: SecurityState): void {
  if (administrators(createSecurityView(before)).length === 0) return;
  if (administrators(createSecurityView(after)).length > 0) return;
  throw new CatalogError('protected', 'This change would leave no enabled user with the administrator role (ROLE_ADMINISTRATOR): give the role to another enabled user first');
}
