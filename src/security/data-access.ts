import { ROLE_ADMINISTRATOR, type Principal } from './authenticate.js';
import type { AccessModeAlias, CatalogMode, DataAccessRuleInfo } from './model.js';
import { ANY, parseRoleList } from './rules.js';

/**
 * Layer security (layers.properties) as GeoServer's DefaultResourceAccessManager decides it: the
 * rules form a tree (root ← workspace or global group ← layer); a node without a rule for a mode
 * asks its parent; the root allows read and write to everybody and admin to ROLE_ADMINISTRATOR
 * unless `*.*.<mode>` says otherwise (SecureTreeNode). `*` allows everybody, anonymous included;
 * ROLE_ADMINISTRATOR passes every rule. A workspace stays readable when anything inside it is
 * (the drill-down of canAccess(user, WorkspaceInfo, READ)). Layer-group containment (WMS and
 * GWC requests reaching a layer through a group) is not modelled: configuration only here.
 */
export interface SecureNode {
  roles: Partial<Record<AccessModeAlias, readonly string[]>>;
  children: Map<string, SecureNode>;
  parent?: SecureNode;
}

export function buildSecureTree(rules: readonly DataAccessRuleInfo[]): SecureNode {
  const root: SecureNode = { roles: { r: [ANY], w: [ANY], a: [ROLE_ADMINISTRATOR] }, children: new Map() };
  for (const rule of rules) {
    let node = root;
    if (rule.workspace !== ANY) {
      node = child(root, rule.workspace);
      // `ws.*.mode` and a global group's `group.mode` apply to the first level, `ws.layer.mode` below it
      if (rule.layer !== undefined && rule.layer !== ANY) node = child(node, rule.layer);
    }
    node.roles[rule.access] = parseRoleList(rule.roles);
  }
  return root;
}

function child(parent: SecureNode, name: string): SecureNode {
  let node = parent.children.get(name);
  if (!node) {
    node = { roles: {}, children: new Map(), parent };
    parent.children.set(name, node);
  }
  return node;
}

/** The deepest node along the path: a missing level means its parent's rules apply. */
function deepest(root: SecureNode, path: string[]): SecureNode {
  let node = root;
  for (const name of path) {
    const next = node.children.get(name);
    if (!next) break;
    node = next;
  }
  return node;
}

/** SecureTreeNode.canAccess: the nearest rule for the mode decides. */
export function nodeAllows(node: SecureNode, principal: Principal | undefined, mode: AccessModeAlias): boolean {
  let at: SecureNode | undefined = node;
  while (at && at.roles[mode] === undefined) at = at.parent;
  const allowed = at?.roles[mode] ?? [];
  if (allowed.length === 1 && allowed[0] === ANY) return true;
  if (!principal) return false;
  return principal.roles.some((r) => r === ROLE_ADMINISTRATOR || allowed.includes(r));
}

/**
 * A workspace. GeoServer drills down from the deepest node even when that is the root (a
 * workspace without rules), so one readable layer anywhere made every such workspace readable;
 * here the drill-down stays inside the workspace asked about.
 */
export function canAccessWorkspace(root: SecureNode, principal: Principal | undefined, workspace: string, mode: AccessModeAlias): boolean {
  const node = deepest(root, [workspace]);
  if (nodeAllows(node, principal, mode)) return true;
  return mode === 'r' && node !== root && anyChildAllows(node, principal, mode);
}

function anyChildAllows(node: SecureNode, principal: Principal | undefined, mode: AccessModeAlias): boolean {
  for (const c of node.children.values()) if (nodeAllows(c, principal, mode) || anyChildAllows(c, principal, mode)) return true;
  return false;
}

/** A layer (feature type, coverage, WMS/WMTS layer) or a layer group of a workspace. */
export function canAccessLayer(root: SecureNode, principal: Principal | undefined, workspace: string, layer: string, mode: AccessModeAlias): boolean {
  return nodeAllows(deepest(root, [workspace, layer]), principal, mode);
}

/** A layer group that belongs to no workspace: its rules sit at the workspace level, under its own name. */
export function canAccessGlobalGroup(root: SecureNode, principal: Principal | undefined, group: string, mode: AccessModeAlias): boolean {
  return nodeAllows(deepest(root, [group]), principal, mode);
}

/** A workspace administrator: `ws.*.a` names one of the principal's roles (or ROLE_ADMINISTRATOR). */
export function canAdminWorkspace(root: SecureNode, principal: Principal | undefined, workspace: string): boolean {
  return nodeAllows(deepest(root, [workspace]), principal, 'a');
}

/** The workspaces, of those given, that the principal administers. */
export function administeredWorkspaces(root: SecureNode, principal: Principal | undefined, workspaces: readonly string[]): string[] {
  return workspaces.filter((ws) => canAdminWorkspace(root, principal, ws));
}

/**
 * What happens when a principal may not read something, by catalog mode (GeoServer's
 * CatalogMode): HIDE pretends it does not exist; MIXED hides it from lists and capabilities but
 * asks for credentials when it is named directly; CHALLENGE shows it and its metadata, and asks
 * for credentials for its data.
 */
export type DeniedAccess = 'listing' | 'metadata' | 'data';
export type DeniedOutcome = 'hide' | 'challenge' | 'show';

export function deniedOutcome(mode: CatalogMode, access: DeniedAccess): DeniedOutcome {
  switch (mode) {
    case 'HIDE':
      return 'hide';
    case 'MIXED':
      return access === 'listing' ? 'hide' : 'challenge';
    case 'CHALLENGE':
      return access === 'data' ? 'challenge' : 'show';
  }
}
