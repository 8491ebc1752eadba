import { fail, upsert, type SecurityChange } from './change.js';
import { ids, type CatalogMode, type DataAccessRuleInfo, type RestAccessRuleInfo, type SecurityKind, type SecurityState, type ServiceAccessRuleInfo } from './model.js';
import { dataRuleKey, orderedRestRules, parseDataRule, parseRestRule, parseServiceRule, restRuleKey, serviceRuleKey, splitDataRuleKey } from './rules.js';

/**
 * The access rule endpoints (/rest/security/acl/layers, /services, /rest), as GeoServer's
 * AbstractAclController applies a body of rules: every rule is validated first (a malformed one:
 * `invalid`, GeoServer's 422) and nothing changes unless all pass; POST refuses rules that exist
 * (`duplicate`, "Already existing rules", 409), PUT rules that do not (`not_found`, "Unknown
 * rules", which GeoServer answers with 409), DELETE an unknown rule (`not_found`, 404). Keys use
 * the REST form: `ws.layer.r`, `service.method`, `/ant/path:GET,POST`.
 */
export type RuleArea = 'layers' | 'services' | 'rest';

type Rule = DataAccessRuleInfo | ServiceAccessRuleInfo | RestAccessRuleInfo;

const AREAS = {
  layers: { kind: 'dataAccessRule', list: 'dataRules' },
  services: { kind: 'serviceAccessRule', list: 'serviceRules' },
  rest: { kind: 'restAccessRule', list: 'restRules' },
} as const satisfies Record<RuleArea, { kind: SecurityKind; list: keyof SecurityState }>;

function rulesOf(state: SecurityState, area: RuleArea): Rule[] {
  return state[AREAS[area].list] as Rule[];
}

function parse(area: RuleArea, key: string, roles: string, position: number): Rule {
  if (area === 'layers') return parseDataRule(key, roles);
  if (area === 'services') return parseServiceRule(key, roles);
  return parseRestRule(key, roles, ':', position);
}

/** The key a rule shows in the REST API. */
export function restKeyOf(area: RuleArea, rule: Rule): string {
  if (area === 'layers') return dataRuleKey(rule as DataAccessRuleInfo);
  if (area === 'services') return serviceRuleKey(rule as ServiceAccessRuleInfo);
  return restRuleKey(rule as RestAccessRuleInfo, ':');
}

/** GET: the rules as `key → roles`, in the order they are tried (rest) or by key. */
export function ruleEntries(state: SecurityState, area: RuleArea): Array<[string, string]> {
  const rules = area === 'rest' ? orderedRestRules(state.restRules) : [...rulesOf(state, area)];
  const entries = rules.map((r): [string, string] => [restKeyOf(area, r), r.roles]);
  return area === 'rest' ? entries : entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function parseAll(state: SecurityState, area: RuleArea, entries: ReadonlyArray<readonly [string, string]>): Rule[] {
  const last = Math.max(-1, ...state.restRules.map((r) => Number(r.position)));
  return entries.map(([key, roles], i) => parse(area, key, roles, last + 1 + i));
}

function withRules(state: SecurityState, area: RuleArea, rules: Rule[]): SecurityState {
  return { ...state, [AREAS[area].list]: rules };
}

/** POST: new rules only. */
export function addRules(state: SecurityState, area: RuleArea, entries: ReadonlyArray<readonly [string, string]>): SecurityChange {
  const parsed = parseAll(state, area, entries);
  const existing = rulesOf(state, area);
  const taken = parsed.filter((r) => existing.some((e) => e.id === r.id)).map((r) => restKeyOf(area, r));
  if (taken.length) fail('duplicate', `Already existing rules: ${taken.join(',')}`);
  const changes = parsed.map((object) => ({ kind: AREAS[area].kind, op: 'put' as const, object }));
  return { state: withRules(state, area, [...existing, ...parsed]), changes };
}

/** PUT: new roles for existing rules (a rest rule keeps its place). */
export function replaceRules(state: SecurityState, area: RuleArea, entries: ReadonlyArray<readonly [string, string]>): SecurityChange {
  const parsed = parseAll(state, area, entries);
  let rules = rulesOf(state, area);
  const unknown = parsed.filter((r) => !rules.some((e) => e.id === r.id)).map((r) => restKeyOf(area, r));
  if (unknown.length) fail('not_found', `Unknown rules: ${unknown.join(',')}`);
  const updated = parsed.map((r) => {
    const old = rules.find((e) => e.id === r.id) as Rule;
    return area === 'rest' ? { ...r, position: (old as RestAccessRuleInfo).position } : r;
  });
  for (const r of updated) rules = upsert(rules, r);
  return { state: withRules(state, area, rules), changes: updated.map((object) => ({ kind: AREAS[area].kind, op: 'put' as const, object })) };
}

/** DELETE …/{rule}: the key as the REST API writes it, URL-decoded. */
export function removeRule(state: SecurityState, area: RuleArea, key: string): SecurityChange {
  const id = idOfKey(area, key);
  const rule = rulesOf(state, area).find((r) => r.id === id);
  if (!rule) fail('not_found', `Rule not found: ${key}`);
  return { state: withRules(state, area, rulesOf(state, area).filter((r) => r !== rule)), changes: [{ kind: AREAS[area].kind, op: 'remove', object: rule }] };
}

/** The id a REST key names, after the key is checked like a rule (a malformed key is `invalid`). */
function idOfKey(area: RuleArea, key: string): string {
  if (area === 'layers') {
    parseDataRule(key, '*');
    const [workspace, layer, access] = splitDataRuleKey(key);
    return ids.dataRule(dataRuleKey({ workspace, layer, access: access as DataAccessRuleInfo['access'] }));
  }
  return parse(area, key, '*', 0).id;
}

/** PUT /rest/security/acl/catalog. */
export function setCatalogMode(state: SecurityState, mode: CatalogMode): SecurityChange {
  if (state.catalogMode.mode === mode) return { state, changes: [] };
  const catalogMode = { id: ids.catalogMode(), mode };
  return { state: { ...state, catalogMode }, changes: [{ kind: 'catalogMode', op: 'put', object: catalogMode }] };
}
