import type { RoleAssignmentInfo, SecurityRoleInfo, SecurityState, SecurityUserInfo, ServiceConfigInfo } from './model.js';
import { securitySettingsOf, systemRoleNamesOf, userGroupServiceNameOf } from './service-config.js';

/**
 * An indexed, read-only look at a SecurityState for the decisions: users by service and name,
 * groups of a user, roles given to a user or a group, parents of a role. Built once per state
 * (states are replaced whole, never edited in place).
 */
export interface SecurityView {
  readonly state: SecurityState;
  /** The active role service (security/config.xml <roleServiceName>). */
  readonly roleService: string;
  /** The user/group services the authentication providers read, in provider order. */
  readonly authServices: readonly string[];
  readonly adminRoleName?: string;
  readonly groupAdminRoleName?: string;
  user(service: string, name: string): SecurityUserInfo | undefined;
  groupsOf(service: string, user: string): string[];
  groupEnabled(service: string, group: string): boolean;
  rolesOfUser(user: string): string[];
  rolesOfGroup(group: string): string[];
  parentOf(role: string): string | undefined;
}

const key = (a: string, b: string) => `${a}\u0000${b}`;

function multimap<T>(items: T[], keyOf: (t: T) => string | undefined, valueOf: (t: T) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of items) {
    const k = keyOf(item);
    if (k === undefined) continue;
    const list = out.get(k) ?? [];
    list.push(valueOf(item));
    out.set(k, list);
  }
  return out;
}

export function createSecurityView(state: SecurityState): SecurityView {
  const settings = securitySettingsOf(state.config);
  const roleService = settings.roleServiceName;
  const ofActive = <T extends { service: string }>(list: T[]) => list.filter((x) => x.service === roleService);
  const roles: SecurityRoleInfo[] = ofActive(state.roles);
  // an assignment (or a parent) naming a role that is gone gives nothing, as roles.xml would not keep it
  const known = new Set(roles.map((r) => r.name));
  const assignments: RoleAssignmentInfo[] = ofActive(state.assignments).filter((a) => known.has(a.role));
  const users = new Map(state.users.map((u) => [key(u.service, u.name), u]));
  const groups = new Map(state.groups.map((g) => [key(g.service, g.name), g]));
  const memberOf = multimap(state.members, (m) => key(m.service, m.user), (m) => m.group);
  const userRoles = multimap(assignments, (a) => a.user, (a) => a.role);
  const groupRoles = multimap(assignments, (a) => a.group, (a) => a.role);
  const parents = new Map(roles.filter((r) => r.parent !== undefined && known.has(r.parent)).map((r) => [r.name, r.parent as string]));
  return {
    state,
    roleService,
    authServices: authServicesOf(state, settings.authProviderNames),
    ...systemRoleNamesOf(state.roleServices.find((s) => s.name === roleService)),
    user: (service, name) => users.get(key(service, name)),
    groupsOf: (service, user) => (memberOf.get(key(service, user)) ?? []).filter((g) => groups.has(key(service, g))),
    groupEnabled: (service, group) => groups.get(key(service, group))?.enabled === 'true',
    rolesOfUser: (user) => userRoles.get(user) ?? [],
    rolesOfGroup: (group) => groupRoles.get(group) ?? [],
    parentOf: (role) => parents.get(role),
  };
}

/** auth/<name>/config.xml of each provider named in security/config.xml → its user/group service. */
function authServicesOf(state: SecurityState, providerNames: string[]): string[] {
  const byName = new Map<string, ServiceConfigInfo>(state.authProviders.map((p) => [p.name, p]));
  const out: string[] = [];
  for (const name of providerNames) {
    const provider = byName.get(name);
    const service = provider ? userGroupServiceNameOf(provider) : undefined;
    if (service !== undefined && !out.includes(service)) out.push(service);
  }
  return out;
}
