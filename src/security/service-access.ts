import type { Principal } from './authenticate.js';
import type { ServiceAccessRuleInfo } from './model.js';
import { ANY, parseRoleList } from './rules.js';

/**
 * OWS service security (services.properties) as GeoServer's OperationSecurityCallback decides
 * it: rules sorted from generic to specific (ServiceAccessRule.compareTo: `*` first, then by
 * name), the last one matching service and operation (case-insensitively) wins; no matching rule,
 * or a rule for `*`, lets everybody in; otherwise the principal needs one of the rule's roles.
 * Unlike layer rules, ROLE_ADMINISTRATOR gets no special pass here, as in GeoServer.
 */
export type ServiceDecision =
  | { allowed: true; rule?: string }
  | { allowed: false; reason: 'unauthenticated' | 'forbidden'; rule: string };

function compareItems(a: string, b: string): number {
  if (a === b) return 0;
  if (a === ANY) return -1;
  if (b === ANY) return 1;
  return a < b ? -1 : 1;
}

export function sortServiceRules(rules: readonly ServiceAccessRuleInfo[]): ServiceAccessRuleInfo[] {
  return [...rules].sort((x, y) => compareItems(x.service, y.service) || compareItems(x.method, y.method));
}

export function serviceAccess(rules: readonly ServiceAccessRuleInfo[], principal: Principal | undefined, service: string, operation: string): ServiceDecision {
  const matches = (item: string, value: string) => item === ANY || item.toLowerCase() === value.toLowerCase();
  let best: ServiceAccessRuleInfo | undefined;
  for (const rule of sortServiceRules(rules)) if (matches(rule.service, service) && matches(rule.method, operation)) best = rule;
  if (!best) return { allowed: true };
  const key = `${best.service}.${best.method}`;
  const roles = parseRoleList(best.roles);
  if (roles.includes(ANY) || roles.length === 0) return { allowed: true, rule: key };
  if (!principal || principal.anonymous) {
    // an anonymous user holds ROLE_ANONYMOUS, which a rule may name
    if (principal && principal.roles.some((r) => roles.includes(r))) return { allowed: true, rule: key };
    return { allowed: false, reason: 'unauthenticated', rule: key };
  }
  return principal.roles.some((r) => roles.includes(r)) ? { allowed: true, rule: key } : { allowed: false, reason: 'forbidden', rule: key };
}
