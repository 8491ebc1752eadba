import { fail } from './errors.js';
import { isConfigType, isResourceType, isSecurityType, isStoreType, label, type InfoType } from './kinds.js';
import { checkName, checkWorkspaceName, nameOf, scopeOf } from './names.js';
import type { HeldRef } from './refs.js';
import { DEFAULT_STYLES, refId, type Info, type InfoOf, type LayerInfo, type NamespaceInfo } from './types.js';

/**
 * What the rules read of the catalog. Declared here, where it is used, so that the rules do not
 * import the Catalog that runs them (Catalog provides it).
 */
export interface CatalogView {
  get<K extends InfoType>(type: K, key: string): InfoOf<K> | undefined;
  find(key: string): { type: InfoType; info: Info } | undefined;
  typeOf(key: string): InfoType | undefined;
  byName<K extends InfoType>(type: K, scope: string, name: string): InfoOf<K> | undefined;
  referrersOf(key: string): Array<{ type: InfoType; info: Info }>;
  layerOf(resourceId: string): LayerInfo | undefined;
  namespaceByUri(uri: string): NamespaceInfo | undefined;
}

/**
 * GeoServer's catalog validation: required fields, safe names, names unique in their scope,
 * references that resolve to objects of the right type.
 */
export function checkIntegrity(catalog: CatalogView, type: InfoType, info: Info, old: Info | undefined, refs: HeldRef[]): void {
  checkNames(type, info);
  checkUnique(catalog, type, info, old);
  for (const r of refs) {
    const target = catalog.typeOf(r.id);
    if (!target) fail('dangling_reference', `${label(type)} '${display(type, info)}' refers in <${r.field}> to id '${r.id}', which does not exist`);
    if (!r.targets.includes(target)) {
      fail('invalid', `${label(type)} '${display(type, info)}' refers in <${r.field}> to a ${label(target)}, expected ${r.targets.map(label).join(' or ')}`);
    }
  }
  if (type === 'layer') checkLayer(catalog, info, old);
  if (isResourceType(type)) checkResource(catalog, info);
}

function checkNames(type: InfoType, info: Info): void {
  switch (type) {
    case 'workspace':
      checkWorkspaceName(info.name);
      break;
    case 'namespace':
      checkWorkspaceName(info.prefix);
      if (typeof info.uri !== 'string' || info.uri.trim() === '') fail('invalid', `Namespace uri must not be empty`);
      break;
    case 'layer':
      break;
    default:
      if (!isConfigType(type) && !isSecurityType(type)) checkName(capitalised(label(type)), info.name);
  }
  if (isStoreType(type) && !refId(info.workspace)) fail('invalid', `${label(type)} '${String(info.name)}' must be in a workspace`);
  if (isResourceType(type)) {
    if (!refId(info.store)) fail('invalid', `${label(type)} '${String(info.name)}' must belong to a store`);
    if (!refId(info.namespace)) fail('invalid', `${label(type)} '${String(info.name)}' must have a namespace`);
  }
  if (type === 'layer' && !refId(info.resource)) fail('invalid', `layer '${String(info.name)}' must have a resource`);
  if ((type === 'settings') && !refId(info.workspace)) fail('invalid', 'workspace settings must name their workspace');
}

function checkUnique(catalog: CatalogView, type: InfoType, info: Info, old: Info | undefined): void {
  const name = nameOf(type, info);
  if (name === undefined) return;
  const other = catalog.byName(type, scopeOf(type, info), name);
  if (other && other.id !== info.id) {
    if (type === 'workspace') fail('duplicate', `Workspace named '${name}' already exists.`);
    if (type === 'namespace') fail('duplicate', `Namespace with prefix '${name}' already exists.`);
    const scope = scopeOf(type, info);
    const where = scope ? ` in ${isResourceType(type) ? 'namespace' : 'workspace'} '${scopeName(catalog, type, scope)}'` : '';
    fail('duplicate', `${capitalised(label(type))} named '${name}' already exists${where}.`);
  }
  if (type === 'namespace' && (!old || old.uri !== info.uri)) {
    const holder = catalog.namespaceByUri(String(info.uri));
    if (holder && holder.id !== info.id) fail('duplicate', `Namespace with URI '${String(info.uri)}' already exists.`);
  }
}

function checkLayer(catalog: CatalogView, info: Info, old: Info | undefined): void {
  const resId = refId(info.resource)!;
  const existing = catalog.layerOf(resId);
  if (existing && existing.id !== info.id) fail('duplicate', `Resource '${resId}' is already published by layer '${String(existing.name)}'.`);
  if (old && refId(old.resource) !== resId) fail('invalid', `the resource of layer '${String(old.name)}' cannot change`);
}

function checkResource(catalog: CatalogView, info: Info): void {
  const store = catalog.find(refId(info.store)!)?.info;
  const ns = catalog.get('namespace', refId(info.namespace)!);
  const ws = store ? catalog.get('workspace', refId(store.workspace) ?? '') : undefined;
  if (ns && ws && ns.prefix !== ws.name) {
    fail('invalid', `${String(info.name)}: namespace '${String(ns.prefix)}' does not match the workspace '${String(ws.name)}' of its store`);
  }
}

/**
 * A workspace, store, resource, style or group that others refer to cannot be removed. Nobody may
 * remove a default style here (`local`); a snapshot or another node may replace it by its own
 * (same name, another id: a node seeded from an existing GeoServer data directory).
 */
export function checkRemovable(catalog: CatalogView, type: InfoType, key: string, info: Info, local = true): void {
  if (local && type === 'style' && !refId(info.workspace) && (DEFAULT_STYLES as readonly string[]).includes(String(info.name))) {
    fail('protected', `Unable to delete default style ${String(info.name)}.`);
  }
  const users = catalog.referrersOf(key).filter((r) => r.type !== 'defaults');
  if (users.length === 0) return;
  const first = users[0];
  const who = `${label(first.type)} '${display(first.type, first.info)}'${users.length > 1 ? ` and ${users.length - 1} more` : ''}`;
  if (type === 'workspace') fail('in_use', `Workspace not empty: ${who} still in it.`);
  fail('in_use', `${capitalised(label(type))} '${display(type, info)}' is still referenced by ${who}.`);
}

function display(type: InfoType, info: Info): string {
  return String(nameOf(type, info) ?? info.name ?? info.id);
}

function scopeName(catalog: CatalogView, type: InfoType, scope: string): string {
  const owner = catalog.find(scope)?.info;
  return String(owner?.name ?? owner?.prefix ?? scope);
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
