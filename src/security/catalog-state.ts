import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import type { InfoType } from '../catalog/kinds.js';
import type { SecurityChange } from './change.js';
import { ids, SECURITY_KINDS, type SecurityKind, type SecurityObject, type SecurityState } from './model.js';

/** Every security kind is a kind of the catalog's table (compile-time check). */
const KINDS_IN_TABLE: readonly InfoType[] = SECURITY_KINDS;

/**
 * The security configuration as the catalog holds it: one object per user, group, membership,
 * role, assignment and rule (kinds of the table in src/catalog/kinds.ts), so that replication,
 * digests and snapshots carry them like any other kind. A SecurityState is built from them for
 * the decisions and the operations, which stay pure functions of it.
 */
export function securityStateOf(catalog: Catalog): SecurityState {
  const list = <T>(kind: SecurityKind) => [...catalog.list(kind)] as unknown as T[];
  const byName = <T extends SecurityObject>(kind: SecurityKind) => list<T>(kind).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    config: (catalog.get('securityConfig', ids.config()) as unknown as SecurityState['config']) ?? { id: ids.config(), config: {} },
    userGroupServices: byName('userGroupService'),
    roleServices: byName('roleService'),
    authProviders: byName('authProvider'),
    users: byName('securityUser'),
    groups: byName('securityGroup'),
    members: byName('groupMember'),
    roles: byName('securityRole'),
    assignments: byName('roleAssignment'),
    dataRules: byName('dataAccessRule'),
    catalogMode: (catalog.get('catalogMode', ids.catalogMode()) as unknown as SecurityState['catalogMode']) ?? { id: ids.catalogMode(), mode: 'HIDE' },
    serviceRules: byName('serviceAccessRule'),
    restRules: byName('restAccessRule'),
  };
}

/** Every object of a state with its kind, services first (what the others are written under). */
export function securityObjectsOf(state: SecurityState): Array<{ kind: SecurityKind; object: SecurityObject }> {
  const of = (kind: SecurityKind, objects: readonly SecurityObject[]) => objects.map((object) => ({ kind, object }));
  return [
    ...of('securityConfig', [state.config]),
    ...of('userGroupService', state.userGroupServices),
    ...of('roleService', state.roleServices),
    ...of('authProvider', state.authProviders),
    ...of('securityUser', state.users),
    ...of('securityGroup', state.groups),
    ...of('groupMember', state.members),
    ...of('securityRole', state.roles),
    ...of('roleAssignment', state.assignments),
    ...of('dataAccessRule', state.dataRules),
    ...of('catalogMode', [state.catalogMode]),
    ...of('serviceAccessRule', state.serviceRules),
    ...of('restAccessRule', state.restRules),
  ];
}

/** Puts every object of a state into the catalog (at load: `source: 'load'`). */
export function putSecurityState(catalog: Catalog, state: SecurityState, ctx: ChangeContext): void {
  for (const { kind, object } of securityObjectsOf(state)) catalog.put(kind, withoutUndefined(object), ctx, object.id);
}

/**
 * Applies what an operation produced: one catalog change (one replication event) per whole
 * object put or removed.
 */
export function applySecurityChange(catalog: Catalog, change: SecurityChange, ctx: ChangeContext): void {
  void KINDS_IN_TABLE;
  for (const c of change.changes) {
    if (c.op === 'put') catalog.put(c.kind, withoutUndefined(c.object), ctx, c.object.id);
    else if (catalog.get(c.kind, c.object.id)) catalog.remove(c.kind, c.object.id, ctx);
  }
}

/** Fields left undefined are absent, as they are once written and read back. */
function withoutUndefined(object: SecurityObject): SecurityObject {
  const out: SecurityObject = { id: object.id };
  for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v;
  return out;
}
