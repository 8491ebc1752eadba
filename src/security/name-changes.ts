import type { Catalog, CatalogChange, ChangeContext } from '../catalog/catalog.js';
import { isResourceType } from '../catalog/kinds.js';
import { refId } from '../catalog/types.js';
import { applySecurityChange, securityStateOf } from './catalog-state.js';
import type { SecurityChange } from './change.js';
import { ids, type DataAccessRuleInfo, type SecurityState } from './model.js';
import { dataRuleKey } from './rules.js';

/** A workspace or a layer (by its resource) renamed (`to`) or removed (no `to`). */
export type NameChange = { workspace: string; layer?: string; to?: string };

/**
 * The layers.properties rules that follow a rename or removal, as GeoServer's
 * SecuredResourceNameChangeListener rewrites them: a renamed workspace or layer keeps its rules
 * under the new name; a removed one loses them. Rules are whole objects named by their key, so a
 * rename removes the old rule and puts the new one.
 */
export function rulesFollowingName(state: SecurityState, change: NameChange): SecurityChange {
  const hit = (r: DataAccessRuleInfo) => r.workspace === change.workspace && (change.layer === undefined || r.layer === change.layer);
  const affected = state.dataRules.filter(hit);
  if (affected.length === 0) return { state, changes: [] };
  const renamed = change.to === undefined ? [] : affected.map((r) => renamedRule(r, change));
  const dataRules = [...state.dataRules.filter((r) => !hit(r)), ...renamed];
  return {
    state: { ...state, dataRules },
    changes: [
      ...affected.map((object) => ({ kind: 'dataAccessRule' as const, op: 'remove' as const, object })),
      ...renamed.map((object) => ({ kind: 'dataAccessRule' as const, op: 'put' as const, object })),
    ],
  };
}

function renamedRule(rule: DataAccessRuleInfo, change: NameChange): DataAccessRuleInfo {
  const next = change.layer === undefined ? { ...rule, workspace: change.to! } : { ...rule, layer: change.to! };
  return { ...next, id: ids.dataRule(dataRuleKey(next)) };
}

/** The name change a catalog change is, for the kinds rules name (workspaces, resources). */
export function nameChangeOf(catalog: Catalog, change: CatalogChange): NameChange | undefined {
  const { old } = change;
  if (!old || (change.new && change.new.name === old.name)) return undefined;
  const to = change.new ? String(change.new.name) : undefined;
  if (change.type === 'workspace') return { workspace: String(old.name), to };
  if (!isResourceType(change.type)) return undefined;
  const ns = catalog.get('namespace', refId(old.namespace) ?? '');
  return ns ? { workspace: ns.prefix, layer: String(old.name), to } : undefined;
}

/**
 * Keeps layers.properties in step with local renames and removals of workspaces and layers. The
 * rule changes are local changes of their own and replicate like any; a replicated rename brings
 * its rule changes with it, so replicas do nothing here.
 */
export function followCatalogNames(catalog: Catalog): () => void {
  return catalog.onChange((change, ctx: ChangeContext) => {
    if (ctx.source !== 'local') return;
    const name = nameChangeOf(catalog, change);
    if (name) applySecurityChange(catalog, rulesFollowingName(securityStateOf(catalog), name), ctx);
  });
}
