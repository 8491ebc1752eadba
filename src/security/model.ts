import type { XObject } from '../xml/tree.js';

/**
 * GeoServer's security configuration as whole objects, each with a stable id, so that every one
 * can be a configuration kind of its own: replicated as a whole object, last writer wins, removed
 * with a tombstone. Only password hashes ever sit in these objects.
 *
 * Ids are derived from names (`securityId`), never generated: users.xml and roles.xml have no
 * place for an id (GeoServer validates them against its XML schema), so a name-derived id is the
 * only one that every node computes alike, at every start, without storing anything. Two nodes
 * that create the same user, the same membership or the same assignment converge on one object.
 *
 * How objects map to the data directory (`fileOf` says it for one object):
 *
 * | object kind | file | notes |
 * | --- | --- | --- |
 * | securityConfig | security/config.xml | one slot: active role service, auth providers, filter chains (kept whole) |
 * | userGroupService | security/usergroup/<svc>/config.xml | kept whole; `registry` keeps unknown parts of the root of its users file |
 * | securityUser, securityGroup, groupMember | security/usergroup/<svc>/<fileName> (users.xml) | one users file aggregates every user, group and membership of its service, written sorted by name as GeoServer does |
 * | roleService | security/role/<svc>/config.xml | kept whole; `registry` as above for roles.xml |
 * | securityRole, roleAssignment | security/role/<svc>/<fileName> (roles.xml) | one roles file aggregates every role and every role given to a user or a group |
 * | authProvider | security/auth/<name>/config.xml | kept whole; says which user/group service a provider reads |
 * | dataAccessRule, catalogMode | security/layers.properties | one entry per rule, plus the `mode` entry |
 * | serviceAccessRule | security/services.properties | one entry per rule |
 * | restAccessRule | security/rest.properties | one entry per rule; `position` keeps the file order, which decides (first match wins) |
 *
 * Group membership and role assignment are one object per pair rather than a list inside the
 * group or role: two nodes adding different members at once then both keep theirs, where a list
 * would lose one to last-writer-wins. Unknown attributes and elements of a user, group, role or
 * roleRef element travel in `element`; what a membership pair cannot hold (attributes of a
 * <userRoles> wrapper) is not kept, and GeoServer's own schema allows none.
 */
export const SECURITY_KINDS = [
  'securityConfig',
  'userGroupService',
  'roleService',
  'authProvider',
  'securityUser',
  'securityGroup',
  'groupMember',
  'securityRole',
  'roleAssignment',
  'dataAccessRule',
  'catalogMode',
  'serviceAccessRule',
  'restAccessRule',
] as const;

export type SecurityKind = (typeof SECURITY_KINDS)[number];

export interface SecurityObject extends XObject {
  id: string;
}

/** security/config.xml: the content of its <security> root. */
export interface SecurityConfigInfo extends SecurityObject {
  config: XObject;
}

/** A named service's config.xml (user/group service, role service, auth provider), root kept. */
export interface ServiceConfigInfo extends SecurityObject {
  name: string;
  /** The root element as on disk: userGroupService, roleService, usernamePassword, … */
  root: string;
  config: XObject;
  /** Unknown attributes and children of the root of the service's users.xml or roles.xml. */
  registry?: XObject;
}

export interface SecurityUserInfo extends SecurityObject {
  service: string;
  name: string;
  enabled: 'true' | 'false';
  /** Encoded as GeoServer stores it (`digest1:…`), never plain text in transit. */
  password?: string;
  /** Other attributes and children of <user>, such as <property name="…">. */
  element?: XObject;
}

export interface SecurityGroupInfo extends SecurityObject {
  service: string;
  name: string;
  enabled: 'true' | 'false';
  element?: XObject;
}

export interface GroupMemberInfo extends SecurityObject {
  service: string;
  group: string;
  user: string;
}

export interface SecurityRoleInfo extends SecurityObject {
  service: string;
  name: string;
  /** parentID: the role this one inherits from (GeoServer adds the ancestors' roles). */
  parent?: string;
  element?: XObject;
}

/** One role given to one user or one group, in one role service. */
export interface RoleAssignmentInfo extends SecurityObject {
  service: string;
  role: string;
  user?: string;
  group?: string;
  /** Other attributes of the <roleRef>. */
  element?: XObject;
}

export type AccessModeAlias = 'r' | 'w' | 'a';
export const CATALOG_MODES = ['HIDE', 'MIXED', 'CHALLENGE'] as const;
export type CatalogMode = (typeof CATALOG_MODES)[number];

/** layers.properties `workspace.layer.r=ROLES`, or `group.r=ROLES` for a global layer group. */
export interface DataAccessRuleInfo extends SecurityObject {
  workspace: string;
  layer?: string;
  access: AccessModeAlias;
  /** The roles as written after '=', e.g. `ROLE_A,ROLE_B` or `*`. */
  roles: string;
}

export interface CatalogModeInfo extends SecurityObject {
  mode: CatalogMode;
}

/** services.properties `service.method=ROLES`. */
export interface ServiceAccessRuleInfo extends SecurityObject {
  service: string;
  method: string;
  roles: string;
}

/** rest.properties `/ant/path;GET,POST=ROLES`. */
export interface RestAccessRuleInfo extends SecurityObject {
  pattern: string;
  methods: string;
  roles: string;
  /** Decimal place of the rule in the file: rules are tried in this order. */
  position: string;
}

/** Everything a node knows of the security folder, as whole objects. */
export interface SecurityState {
  config: SecurityConfigInfo;
  userGroupServices: ServiceConfigInfo[];
  roleServices: ServiceConfigInfo[];
  authProviders: ServiceConfigInfo[];
  users: SecurityUserInfo[];
  groups: SecurityGroupInfo[];
  members: GroupMemberInfo[];
  roles: SecurityRoleInfo[];
  assignments: RoleAssignmentInfo[];
  dataRules: DataAccessRuleInfo[];
  catalogMode: CatalogModeInfo;
  serviceRules: ServiceAccessRuleInfo[];
  restRules: RestAccessRuleInfo[];
}

/** A stable id from the kind and the names that identify the object: `securityUser:default:admin`. */
export function securityId(kind: SecurityKind, ...parts: string[]): string {
  return [kind, ...parts.map((p) => encodeURIComponent(p))].join(':');
}

export const ids = {
  config: (): string => securityId('securityConfig'),
  userGroupService: (name: string): string => securityId('userGroupService', name),
  roleService: (name: string): string => securityId('roleService', name),
  authProvider: (name: string): string => securityId('authProvider', name),
  user: (service: string, name: string): string => securityId('securityUser', service, name),
  group: (service: string, name: string): string => securityId('securityGroup', service, name),
  member: (service: string, group: string, user: string): string => securityId('groupMember', service, group, user),
  role: (service: string, name: string): string => securityId('securityRole', service, name),
  userRole: (service: string, user: string, role: string): string => securityId('roleAssignment', service, 'user', user, role),
  groupRole: (service: string, group: string, role: string): string => securityId('roleAssignment', service, 'group', group, role),
  dataRule: (key: string): string => securityId('dataAccessRule', key),
  catalogMode: (): string => securityId('catalogMode'),
  serviceRule: (key: string): string => securityId('serviceAccessRule', key),
  restRule: (key: string): string => securityId('restAccessRule', key),
};

/** The kind an id names. */
export function kindOfId(id: string): SecurityKind | undefined {
  const kind = id.split(':', 1)[0];
  return (SECURITY_KINDS as readonly string[]).includes(kind) ? (kind as SecurityKind) : undefined;
}

/** Where GeoServer keeps the service's users.xml or roles.xml: its config's <fileName>. */
export function registryFileName(service: ServiceConfigInfo, fallback: string): string {
  const name = service.config.fileName;
  return typeof name === 'string' && name !== '' ? name : fallback;
}

/**
 * The data directory file (relative path) an object is written to. Aggregated kinds (users,
 * roles, rules) share their file with others: the persister rewrites that file from all of them.
 */
export function fileOf(state: SecurityState, kind: SecurityKind, object: SecurityObject): string {
  const svc = (list: ServiceConfigInfo[], name: unknown) => list.find((s) => s.name === name);
  switch (kind) {
    case 'securityConfig':
      return 'security/config.xml';
    case 'userGroupService':
      return `security/usergroup/${object.name as string}/config.xml`;
    case 'roleService':
      return `security/role/${object.name as string}/config.xml`;
    case 'authProvider':
      return `security/auth/${object.name as string}/config.xml`;
    case 'securityUser':
    case 'securityGroup':
    case 'groupMember': {
      const s = svc(state.userGroupServices, object.service);
      return `security/usergroup/${object.service as string}/${s ? registryFileName(s, 'users.xml') : 'users.xml'}`;
    }
    case 'securityRole':
    case 'roleAssignment': {
      const s = svc(state.roleServices, object.service);
      return `security/role/${object.service as string}/${s ? registryFileName(s, 'roles.xml') : 'roles.xml'}`;
    }
    case 'dataAccessRule':
    case 'catalogMode':
      return 'security/layers.properties';
    case 'serviceAccessRule':
      return 'security/services.properties';
    case 'restAccessRule':
      return 'security/rest.properties';
  }
}
