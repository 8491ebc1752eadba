import { antMatch } from './ant-path.js';
import { ANONYMOUS, type Principal } from './authenticate.js';
import { administeredWorkspaces, canAdminWorkspace, type SecureNode } from './data-access.js';
import type { RestAccessRuleInfo } from './model.js';
import { orderedRestRules } from './rules.js';

/**
 * REST API access as GeoServer's restInterceptor decides it (GeoServerSecurityInterceptorFilter
 * over RESTfulDefinitionSource):
 * - the request path (servlet path + path info: `/rest/workspaces/topp.json`) loses its query
 *   and trailing slashes and is lower-cased; the first rule of rest.properties, in file order,
 *   whose methods list the request method and whose ant pattern matches the path gives the
 *   roles (RESTfulDefinitionSourceDelegateMap.lookupAttributes);
 * - access is granted when the principal holds one of those roles (compared exactly), or when
 *   IS_AUTHENTICATED_ANONYMOUSLY / _REMEMBERED / _FULLY is listed and satisfied, or when the
 *   workspace-administrator rules grant it; no matching rule means every voter abstains, and
 *   the default restInterceptor (allowIfAllAbstainDecisions=false) denies.
 * A denial of a request without credentials is `unauthenticated` (GeoServer challenges, 401);
 * of an authenticated one `forbidden` (403).
 */
export type RestDecision =
  | { allowed: true; by: 'rule'; rule: string }
  /** Granted to a workspace administrator: content must be limited to `workspaces`. */
  | { allowed: true; by: 'workspace-admin'; workspaces: string[]; workspace?: string }
  | { allowed: false; reason: 'unauthenticated' | 'forbidden'; rule?: string };

const AUTHENTICATED = ['IS_AUTHENTICATED_FULLY', 'IS_AUTHENTICATED_REMEMBERED'];
const ANONYMOUSLY = 'IS_AUTHENTICATED_ANONYMOUSLY';

export interface RestAccessContext {
  rules: readonly RestAccessRuleInfo[];
  /** The layer security tree, for workspace administrators (omit to leave them out). */
  tree?: SecureNode;
  /** Every workspace of the catalog: a rule like `*.*.a=ROLE_X` makes ROLE_X administer them all. */
  workspaces?: readonly string[];
}

/**
 * The path a rule is matched against: no query, no trailing '/', percent-escapes decoded (the
 * servlet path GeoServer matches is decoded by the container; its workspace-administrator rules
 * also saw the query, which is dropped here so that `?format=json` cannot widen a match).
 */
export function cleanRestPath(path: string): string {
  let p = path.split('?', 1)[0].split('#', 1)[0];
  try {
    p = decodeURIComponent(p);
  } catch {
    // a malformed escape stays as sent: it then matches only patterns written that way
  }
  return p.replace(/\/+$/, '');
}

/** The first rule (in order) for the method whose pattern matches the lower-cased path. */
export function matchingRestRule(rules: readonly RestAccessRuleInfo[], method: string, path: string): RestAccessRuleInfo | undefined {
  const lower = cleanRestPath(path).toLowerCase();
  return orderedRestRules(rules).find((r) => r.methods.split(',').includes(method) && antMatch(r.pattern, lower) !== undefined);
}

export function restAccess(ctx: RestAccessContext, principal: Principal | undefined, method: string, path: string): RestDecision {
  const who = principal ?? ANONYMOUS;
  const rule = matchingRestRule(ctx.rules, method, path);
  const key = rule ? `${rule.pattern}:${rule.methods}` : undefined;
  const roles = rule ? rule.roles.split(',').map((r) => r.trim()) : [];
  if (rule && grantedByRoles(roles, who)) return { allowed: true, by: 'rule', rule: key as string };
  if (ctx.tree && !who.anonymous) {
    const ws = workspaceAdminAccess(ctx.tree, ctx.workspaces ?? [], who, method, path);
    if (ws) return ws;
  }
  return { allowed: false, reason: who.anonymous ? 'unauthenticated' : 'forbidden', ...(key ? { rule: key } : {}) };
}

function grantedByRoles(roles: string[], who: Principal): boolean {
  if (roles.includes(ANONYMOUSLY)) return true;
  if (!who.anonymous && roles.some((r) => AUTHENTICATED.includes(r))) return true;
  return who.roles.some((r) => roles.includes(r));
}

// ---------------------------------------------------------------- workspace administrators

const READ = ['GET', 'HEAD', 'OPTIONS', 'TRACE'];
const WRITE = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * GeoServer's rest.workspaceadmin.defaults.properties (r = GET,HEAD,OPTIONS,TRACE; w = POST,PUT,
 * PATCH,DELETE; a = both), in its order: what a workspace administrator may call at all. Which
 * workspace is reached is then checked against the layer rules (`ws.*.a`).
 */
export const WORKSPACE_ADMIN_REST_RULES: ReadonlyArray<{ pattern: string; methods: readonly string[] }> = [
  ['/rest/workspaces.{ext}', READ],
  ['/rest/workspaces', READ],
  ['/rest/workspaces/{workspace}.{ext}', [...READ, 'PUT']],
  ['/rest/workspaces/{workspace}', [...READ, 'PUT']],
  ['/rest/workspaces/{workspace}/**', [...READ, ...WRITE]],
  ['/rest/namespaces.{ext}', READ],
  ['/rest/namespaces', READ],
  ['/rest/namespaces/{namespace}.{ext}', [...READ, 'PUT']],
  ['/rest/namespaces/{namespace}', [...READ, 'PUT']],
  ['/rest/layers/**', [...READ, ...WRITE]],
  ['/rest/resource/workspaces', READ],
  ['/rest/resource/workspaces/{workspace}/**', [...READ, ...WRITE]],
  ['/rest/resource/**', READ],
  ['/rest/gsuser', READ],
  ['/rest/security/self/**', [...READ, ...WRITE]],
  ['/rest/fonts/**', READ],
  ['/rest', READ],
  ['/rest/', READ],
  ['/rest/index', READ],
].map(([pattern, methods]) => ({ pattern: pattern as string, methods: methods as string[] }));

/**
 * A workspace administrator (an authenticated principal that administers at least one
 * workspace) calling a path of the rules above: granted when the path names no workspace (then
 * only the administered ones may be shown), or names one the principal administers. A path that
 * names any other workspace is refused: a workspace administrator changes their own workspace
 * and nothing else.
 */
export function workspaceAdminAccess(tree: SecureNode, workspaces: readonly string[], principal: Principal, method: string, path: string): RestDecision | undefined {
  const clean = cleanRestPath(path) || '/';
  let vars: Record<string, string> | undefined;
  const rule = WORKSPACE_ADMIN_REST_RULES.find((r) => r.methods.includes(method) && (vars = antMatch(r.pattern, clean)) !== undefined);
  if (!rule || !vars) return undefined;
  const administered = administeredWorkspaces(tree, principal, workspaces);
  if (administered.length === 0) return undefined;
  const target = vars.workspace ?? vars.namespace ?? layerWorkspace(rule.pattern, clean);
  if (target === undefined) return { allowed: true, by: 'workspace-admin', workspaces: administered };
  if (!canAdminWorkspace(tree, principal, target)) return undefined;
  return { allowed: true, by: 'workspace-admin', workspaces: administered, workspace: target };
}

/** `/rest/layers/ws:layer…` names its workspace; an unqualified layer name does not. */
function layerWorkspace(pattern: string, path: string): string | undefined {
  if (pattern !== '/rest/layers/**') return undefined;
  const name = path.split('/')[3];
  const colon = name === undefined ? -1 : name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : undefined;
}
