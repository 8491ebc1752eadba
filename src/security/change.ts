import { CatalogError } from '../catalog/errors.js';
import { checkAdministratorRemains } from './authenticate.js';
import type { SecurityKind, SecurityObject, SecurityState, ServiceConfigInfo } from './model.js';
import { classNameOf, XML_ROLE_SERVICE, XML_USER_GROUP_SERVICE } from './service-config.js';

/**
 * What a security operation produces: the whole new state and, for the journal and the
 * persister, every object it put or removed (whole objects: the replication unit). An operation
 * that changes nothing (a membership that already exists) returns no change, as GeoServer
 * answers such a call with 200 and does nothing.
 */
export interface SecurityChange {
  state: SecurityState;
  changes: Array<{ kind: SecurityKind; op: 'put' | 'remove'; object: SecurityObject }>;
}

export function unchanged(state: SecurityState): SecurityChange {
  return { state, changes: [] };
}

/** The change, once it is known not to leave the node without an administrator. */
export function guarded(before: SecurityState, change: SecurityChange): SecurityChange {
  if (change.changes.length > 0) checkAdministratorRemains(before, change.state);
  return change;
}

export function fail(code: 'not_found' | 'duplicate' | 'invalid' | 'read_only', message: string): never {
  throw new CatalogError(code, message);
}

/** A user/group service that exists and that this node can change (GeoServer's XML one). */
export function writableUserGroupService(state: SecurityState, name: string): ServiceConfigInfo {
  const svc = state.userGroupServices.find((s) => s.name === name);
  if (!svc) fail('not_found', `Provided user/group service does not exist: ${name}`);
  if (classNameOf(svc) !== XML_USER_GROUP_SERVICE) fail('read_only', `Provided UserGroupService is read-only: ${name}`);
  return svc;
}

export function writableRoleService(state: SecurityState, name: string): ServiceConfigInfo {
  const svc = state.roleServices.find((s) => s.name === name);
  if (!svc) fail('not_found', `Provided roleservice does not exist: ${name}`);
  if (classNameOf(svc) !== XML_ROLE_SERVICE) fail('read_only', `Provided roleservice is read-only: ${name}`);
  return svc;
}

/** Replaces (or adds) the object with the same id in a list. */
export function upsert<T extends SecurityObject>(list: readonly T[], object: T): T[] {
  const i = list.findIndex((x) => x.id === object.id);
  return i < 0 ? [...list, object] : list.map((x, j) => (j === i ? object : x));
}
