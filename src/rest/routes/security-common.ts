import { securityStateOf, applySecurityChange } from '../../security/catalog-state.js';
import { ROLE_ADMINISTRATOR } from '../../security/authenticate.js';
import type { SecurityChange } from '../../security/change.js';
import type { SecurityState } from '../../security/model.js';
import type { Body, BodyFormat } from '../../security/rest-bodies.js';
import { securitySettingsOf } from '../../security/service-config.js';
import { localChange, type RestContext } from '../context.js';
import { RestError, type RestRequest, type RestResponse } from '../http.js';
import { bodyFormat, responseFormat } from '../negotiate.js';

/** What the /rest/security handlers share: the state, the change, the formats, who may call. */
export function securityState(ctx: RestContext): SecurityState {
  return securityStateOf(ctx.catalog);
}

/** Runs an operation on the current state and applies its whole objects as local changes. */
export function change(ctx: RestContext, req: RestRequest, operation: (state: SecurityState) => SecurityChange): void {
  applySecurityChange(ctx.catalog, operation(securityState(ctx)), localChange(req));
}

export function replyFormat(req: RestRequest): BodyFormat {
  return responseFormat(req, ['xml', 'json']) === 'json' ? 'json' : 'xml';
}

export function requestFormat(req: RestRequest): BodyFormat {
  return bodyFormat(req) === 'json' ? 'json' : 'xml';
}

export function answer(body: Body, status = 200): RestResponse {
  return { status, headers: { 'Content-Type': body.contentType }, body: body.body };
}

/** GeoServer's default user/group service for the paths without /service/{svc}. */
export function userGroupServiceOf(req: RestRequest): string {
  return req.params.svc ?? 'default';
}

/** The active role service for the paths without /service/{svc}. */
export function roleServiceOf(req: RestRequest, state: SecurityState): string {
  return req.params.svc ?? securitySettingsOf(state.config).roleServiceName;
}

/** The ACL, catalog-mode and keystore controllers check ROLE_ADMINISTRATOR themselves (checkUserIsAdmin). */
export function requireAdministrator(req: RestRequest): void {
  if (!req.principal?.roles.includes(ROLE_ADMINISTRATOR)) throw new RestError(403, 'Administrative privileges required');
}
