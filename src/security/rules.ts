import { CatalogError } from '../catalog/errors.js';
import { antPatternProblem } from './ant-path.js';
import {
  CATALOG_MODES,
  ids,
  type AccessModeAlias,
  type CatalogMode,
  type DataAccessRuleInfo,
  type RestAccessRuleInfo,
  type ServiceAccessRuleInfo,
} from './model.js';

/**
 * The three kinds of access rule, as keys and role lists, with GeoServer's validation:
 * DataAccessRuleDAO.parseDataAccessRule and DataAccessController.validateRuleKey (layers),
 * ServiceAccessRuleDAO / ServiceAccessController (services), RESTAccessRuleDAO.PATTERN and
 * RESTfulDefinitionSource (rest). Each parser returns the rule or throws an `invalid` CatalogError
 * whose message says what is wrong; the REST API answers it with 422 as GeoServer does.
 */
export const ANY = '*';

/** `a,,b, ,, c` → [a, b, c]; `*` anywhere means everybody (AbstractAccessRuleDAO.parseRoles). */
export function parseRoleList(value: string): string[] {
  const roles = value.split(/[\s,]+/).filter((r) => r !== '');
  return roles.includes(ANY) ? [ANY] : roles;
}

function checkRoles(value: string, rule: string): string {
  const roles = value.trim();
  if (parseRoleList(roles).length === 0) fail(`Invalid rule ${rule}: it gives access to no role (expected role1,role2,... or *)`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(roles)) fail(`Invalid rule ${rule}: the role list contains a control character`);
  return roles;
}

function fail(message: string): never {
  throw new CatalogError('invalid', message);
}

// ---------------------------------------------------------------- layers.properties

const ACCESS_MODES: readonly string[] = ['r', 'w', 'a'];

/** `ws.layer.mode` split on dots, `\.` being a dot inside a name (DataAccessRuleDAO.parseElements). */
export function splitDataRuleKey(key: string): string[] {
  const out: string[] = [];
  let prefix: string | undefined;
  for (let raw of key.trim().split(/\s*\.\s*/)) {
    if (prefix !== undefined) raw = `${prefix}.${raw}`;
    if (raw.endsWith('\\')) prefix = raw.slice(0, -1);
    else {
      out.push(raw);
      prefix = undefined;
    }
  }
  return out;
}

/** The key GeoServer writes for a rule: dots inside names escaped (DataAccessRuleDAO.toProperties). */
export function dataRuleKey(rule: Pick<DataAccessRuleInfo, 'workspace' | 'layer' | 'access'>): string {
  const esc = (s: string) => s.replace(/\./g, '\\.');
  return rule.layer === undefined ? `${esc(rule.workspace)}.${rule.access}` : `${esc(rule.workspace)}.${esc(rule.layer)}.${rule.access}`;
}

/**
 * A layers.properties rule. `globalGroups` accepts the two-part form `group.mode` of a global
 * layer group, which the data directory allows and GeoServer's REST API does not.
 */
export function parseDataRule(key: string, value: string, options: { globalGroups?: boolean } = {}): DataAccessRuleInfo {
  const rule = `${key}=${value}`;
  const parts = splitDataRuleKey(key);
  const twoParts = options.globalGroups === true && parts.length === 2;
  if (parts.length !== 3 && !twoParts) fail(`Invalid rule ${rule}, the expected format is workspace.layer.mode=role1,role2,...`);
  const [workspace, layer, alias] = twoParts ? [parts[0], undefined, parts[1]] : parts;
  if (!ACCESS_MODES.includes(alias)) fail(`Unknown access mode ${alias} in ${key}: expected r, w or a`);
  if (workspace === '' || layer === '') fail(`Invalid rule ${rule}: a workspace or layer name is empty`);
  if (workspace === ANY && layer !== ANY) fail(`Invalid rule ${rule}, when the workspace is * then also the layer must be *`);
  if (alias === 'a' && layer !== ANY) fail(`Invalid rule ${rule}, admin (a) privileges may only be applied globally to a workspace, layer must be *`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) fail(`Invalid rule key '${key.replace(/[^\x20-\x7e]/g, '?')}': it contains a control character`);
  const info = { workspace, layer, access: alias as AccessModeAlias };
  if (layer === undefined) delete info.layer;
  return { id: ids.dataRule(dataRuleKey(info)), ...info, roles: checkRoles(value, rule) };
}

export function parseCatalogMode(value: unknown, options: { ignoreCase?: boolean } = {}): CatalogMode {
  const mode = typeof value === 'string' ? (options.ignoreCase ? value.trim().toUpperCase() : value) : '';
  if (!(CATALOG_MODES as readonly string[]).includes(mode)) fail(`Not a valid mode: ${String(value)} (expected HIDE, MIXED or CHALLENGE)`);
  return mode as CatalogMode;
}

// ---------------------------------------------------------------- services.properties

export function serviceRuleKey(rule: Pick<ServiceAccessRuleInfo, 'service' | 'method'>): string {
  return `${rule.service}.${rule.method}`;
}

export function parseServiceRule(key: string, value: string): ServiceAccessRuleInfo {
  const rule = `${key}=${value}`;
  const parts = key.trim().split(/\s*\.\s*/);
  if (parts.length !== 2 || parts.some((p) => p === '')) fail(`Invalid rule ${rule}, the expected format is service.method=role1,role2,...`);
  const [service, method] = parts;
  if (service === ANY && method !== ANY) fail(`Invalid rule ${rule}, when the service is * then also the method must be *`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) fail(`Invalid rule key: it contains a control character`);
  return { id: ids.serviceRule(serviceRuleKey({ service, method })), service, method, roles: checkRoles(value, rule) };
}

// ---------------------------------------------------------------- rest.properties

/**
 * GeoServer accepts GET, POST, PUT, DELETE and HEAD (RESTAccessRuleDAO.PATTERN); the release data
 * directory's own rest.properties also lists OPTIONS, so it is accepted too.
 */
export const REST_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'];

/** The file's key `pattern;METHODS`; the REST API shows it as `pattern:METHODS`. */
export function restRuleKey(rule: Pick<RestAccessRuleInfo, 'pattern' | 'methods'>, separator: ';' | ':' = ';'): string {
  return `${rule.pattern}${separator}${rule.methods}`;
}

/** A rest rule from its key, split at the last separator (an ant path may hold ':' itself). */
export function parseRestRule(key: string, value: string, separator: ';' | ':', position: number): RestAccessRuleInfo {
  const rule = `${key}=${value}`;
  const at = key.lastIndexOf(separator);
  if (at <= 0) fail(`Invalid rule ${rule}: the expected format is /ant/path${separator}GET,POST=role1,role2,...`);
  const pattern = key.slice(0, at);
  const methods = key.slice(at + 1);
  if (/\s/.test(pattern) || !pattern.startsWith('/')) fail(`Invalid rule ${rule}: the path pattern must start with '/' and hold no blank`);
  // RESTfulDefinitionSource refuses upper case in an ant path: rules are matched against the lower-cased URL
  if (pattern !== pattern.toLowerCase()) fail(`Invalid rule ${rule}: the path pattern must be lower case (request paths are compared in lower case)`);
  const problem = antPatternProblem(pattern);
  if (problem) fail(`Invalid rule ${rule}: ${problem}`);
  const list = methods.split(',');
  const bad = list.find((m) => !REST_METHODS.includes(m));
  if (bad !== undefined) fail(`Invalid rule ${rule}: '${bad}' is not one of ${REST_METHODS.join(',')}`);
  if (new Set(list).size !== list.length) fail(`Invalid rule ${rule}: a method is listed twice`);
  const roles = checkRoles(value, rule);
  if (!/^\S+(, ?\S+)*$/.test(roles)) fail(`Invalid rule ${rule}: expected role1,role2,... after '='`);
  return { id: ids.restRule(restRuleKey({ pattern, methods })), pattern, methods, roles, position: String(position) };
}

/** Rules in the order they are tried: by position, then by key so that every node agrees. */
export function orderedRestRules(rules: readonly RestAccessRuleInfo[]): RestAccessRuleInfo[] {
  const key = (r: RestAccessRuleInfo) => restRuleKey(r);
  return [...rules].sort((a, b) => Number(a.position) - Number(b.position) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
