import type { Catalog, ChangeContext } from './catalog.js';
import { removeCascade } from './cascade.js';
import { fail } from './errors.js';
import { isConfigType } from './kinds.js';
import { configKey, newId, refId, type Info, type NamespaceInfo, type WorkspaceInfo } from './types.js';

/**
 * Changes that GeoServer makes as one step although they touch several objects. A workspace and
 * its namespace go together: created, renamed and removed as a pair. Each object still changes
 * through Catalog, so each emits its own change.
 */
export function addWorkspace(catalog: Catalog, ws: Info, ctx: ChangeContext, options: { uri?: string; makeDefault?: boolean } = {}): Info {
  const workspace: Info = { id: ws.id ?? newId('workspace'), ...ws };
  const name = String(workspace.name ?? '');
  const existingNs = catalog.byName('namespace', '', name);
  if (catalog.byName('workspace', '', name)) fail('duplicate', `Workspace named '${name}' already exists.`);
  catalog.add('workspace', workspace, ctx);
  if (!existingNs) {
    const ns: Info = { id: newId('namespace'), prefix: name, uri: options.uri ?? `http://${name}` };
    if (workspace.isolated !== undefined) ns.isolated = workspace.isolated;
    try {
      catalog.add('namespace', ns, ctx);
    } catch (err) {
      catalog.remove('workspace', workspace.id!, ctx);
      throw err;
    }
  }
  if (options.makeDefault || !catalog.get('defaults', configKey('defaults'))) setDefaultWorkspace(catalog, workspace.id!, ctx);
  return workspace;
}

/** Adds a namespace and, as GeoServer's namespace endpoint does, the workspace of the same name. */
export function addNamespace(catalog: Catalog, ns: Info, ctx: ChangeContext): Info {
  const namespace: Info = { id: ns.id ?? newId('namespace'), ...ns };
  catalog.add('namespace', namespace, ctx);
  const prefix = String(namespace.prefix);
  if (!catalog.byName('workspace', '', prefix)) {
    const ws: Info = { id: newId('workspace'), name: prefix };
    if (namespace.isolated !== undefined) ws.isolated = namespace.isolated;
    catalog.add('workspace', ws, ctx);
    if (!catalog.get('defaults', configKey('defaults'))) setDefaultWorkspace(catalog, ws.id!, ctx);
  }
  return namespace;
}

/** Saves a workspace; a rename takes the namespace prefix along. */
export function saveWorkspace(catalog: Catalog, next: Info, ctx: ChangeContext): void {
  const old = catalog.get('workspace', next.id!);
  if (!old) fail('not_found', `No such workspace: '${String(next.name)}' found`);
  const ns = catalog.byName('namespace', '', String(old.name));
  catalog.modify('workspace', next, ctx);
  if (ns && old.name !== next.name) catalog.modify('namespace', { ...ns, prefix: next.name! }, ctx);
}

/** Removes a workspace with its namespace; recursively, with everything in it. */
export function removeWorkspace(catalog: Catalog, wsId: string, recurse: boolean, ctx: ChangeContext): void {
  const ws = catalog.get('workspace', wsId);
  if (!ws) fail('not_found', `No such workspace: '${wsId}' found`);
  if (recurse) return removeCascade(catalog, 'workspace', wsId, ctx);
  const ns = catalog.byName('namespace', '', String(ws.name));
  if (ns && catalog.referrersOf(ns.id!).some((r) => r.type !== 'defaults')) fail('in_use', 'Workspace not empty');
  for (const r of catalog.referrersOf(wsId)) {
    // its own settings and services go with it, as does its place as the default
    if (!isConfigType(r.type)) fail('in_use', 'Workspace not empty');
  }
  for (const r of catalog.referrersOf(wsId)) if (r.type !== 'defaults') catalog.remove(r.type, catalog.keyOfObject(r.type, r.info), ctx);
  catalog.remove('workspace', wsId, ctx);
  if (ns) catalog.remove('namespace', ns.id!, ctx);
}

/** Makes a workspace the default, and the namespace of the same name the default namespace. */
export function setDefaultWorkspace(catalog: Catalog, wsId: string, ctx: ChangeContext): void {
  const ws = catalog.get('workspace', wsId);
  if (!ws) fail('not_found', `No such workspace: '${wsId}' found`);
  const ns = catalog.byName('namespace', '', String(ws.name));
  const defaults: Info = { defaultWorkspace: { id: wsId } };
  if (ns) defaults.defaultNamespace = { id: ns.id! };
  catalog.put('defaults', defaults, ctx, configKey('defaults'));
}

export function defaultWorkspace(catalog: Catalog): WorkspaceInfo | undefined {
  const d = catalog.get('defaults', configKey('defaults'));
  return d ? catalog.get('workspace', refId(d.defaultWorkspace) ?? '') : undefined;
}

export function defaultNamespace(catalog: Catalog): NamespaceInfo | undefined {
  const d = catalog.get('defaults', configKey('defaults'));
  return d ? catalog.get('namespace', refId(d.defaultNamespace) ?? '') : undefined;
}
