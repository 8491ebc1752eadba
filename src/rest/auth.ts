import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import { isSecurityType } from '../catalog/kinds.js';
import { administrators, ANONYMOUS, authenticate, principalOf, type AuthResult, type Principal } from '../security/authenticate.js';
import { securityStateOf } from '../security/catalog-state.js';
import { buildSecureTree, type SecureNode } from '../security/data-access.js';
import type { SecurityState } from '../security/model.js';
import { restAccess, type RestDecision } from '../security/rest-access.js';
import { isWellKnownStoredPassword } from '../security/passwords.js';
import { createSecurityView, type SecurityView } from '../security/view.js';

interface Decisions {
  state: SecurityState;
  view: SecurityView;
  tree: SecureNode;
  /** Computed when first asked (a digest per user and well-known password). */
  wellKnown?: string[];
}

/** How long a verified Authorization header is trusted without checking its password again. */
const VERIFIED_FOR_MS = 5 * 60_000;

/**
 * Who a request is and what it may call, from GeoServer's users, groups, roles and
 * rest.properties as the catalog holds them now (they replicate like any configuration). A
 * digest1 check is deliberately slow, so a verified Authorization header is remembered for a
 * while; any security change (local or replicated) forgets every one, so a removed or disabled
 * user is refused at once. `authenticate` is the one password check: REST and the web UI use it.
 */
export class SecurityGate {
  private decisions: Decisions | undefined;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly catalog: Catalog) {
    catalog.onChange((change) => {
      if (isSecurityType(change.type)) this.reset();
    });
  }

  /** Forgets what was derived from the security objects (after a reload, which emits no changes). */
  reset(): void {
    this.decisions = undefined;
    this.verified.clear();
  }

  /** The security configuration as it is now, for the REST handlers. */
  state(): SecurityState {
    return this.current().state;
  }

  /** Checks a user name and password; the failure reason is for the log only. */
  authenticate(user: string, password: string): AuthResult {
    return authenticate(this.current().view, user, password);
  }

  /**
   * The principal of an Authorization header: ANONYMOUS without one, undefined when it carries
   * credentials that are wrong (the caller answers 401).
   */
  principal(authorization: string | undefined): Principal | undefined {
    if (!authorization) return ANONYMOUS;
    if (!authorization.startsWith('Basic ')) return undefined;
    const cacheKey = createHash('sha256').update(authorization).digest('base64');
    const hit = this.verified.get(cacheKey);
    if (hit && hit.until > Date.now()) return hit.principal;
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const result = this.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (!result.ok) return undefined;
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(cacheKey, { principal: result.principal, until: Date.now() + VERIFIED_FOR_MS });
    return result.principal;
  }

  /**
   * The principal of a user who logged in earlier (a web session), as the security configuration
   * says now: a user disabled or removed since has none, and changed roles apply at once.
   */
  principalOfUser(service: string | undefined, name: string): Principal | undefined {
    const view = this.current().view;
    const from = service ? [service] : view.authServices;
    const found = from.find((s) => view.user(s, name));
    if (!found) return undefined;
    const principal = principalOf(view, found, name);
    return principal.enabled ? principal : undefined;
  }

  /**
   * Administrators whose stored password is a well-known default (GeoServer's admin/geoserver), as
   * `service/user`: for the node's status warnings, never with the password. Only administrators
   * are checked: a digest1 check costs about 100 ms, and users.xml may hold thousands of users.
   */
  wellKnownPasswordUsers(): string[] {
    const current = this.current();
    current.wellKnown ??= administrators(current.view)
      .filter((a) => isWellKnownStoredPassword(current.view.user(a.service, a.name)?.password))
      .map((a) => `${a.service}/${a.name}`);
    return current.wellKnown;
  }

  /** rest.properties and the workspace administrators decide; `path` starts with `/rest`. */
  access(principal: Principal, method: string, path: string): RestDecision {
    const { state, tree } = this.current();
    // a rule that grants decides alone; only then are the workspaces listed (every one of them)
    const byRule = restAccess({ rules: state.restRules }, principal, method, path);
    if (byRule.allowed) return byRule;
    const workspaces = [...this.catalog.list('workspace')].map((w) => w.name);
    return restAccess({ rules: state.restRules, tree, workspaces }, principal, method, path);
  }

  private current(): Decisions {
    if (!this.decisions) {
      const state = securityStateOf(this.catalog);
      this.decisions = { state, view: createSecurityView(state), tree: buildSecureTree(state.dataRules) };
    }
    return this.decisions;
  }
}
