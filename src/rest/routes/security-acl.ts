import { CatalogError } from '../../catalog/errors.js';
import { decodeCatalogMode, decodeRules, decodeSelfPassword, encodeCatalogMode, encodeRules, MASTER_PASSWORD_ANSWERS } from '../../security/rest-bodies.js';
import { addRules, removeRule, replaceRules, ruleEntries, setCatalogMode, type RuleArea } from '../../security/rule-operations.js';
import { setOwnPassword } from '../../security/user-operations.js';
import type { RestContext } from '../context.js';
import { ok, RestError, type RestRequest } from '../http.js';
import type { Handler, Router } from '../router.js';
import { answer, change, replyFormat, requestFormat, requireAdministrator, securityState } from './security-common.js';

const AREAS: readonly RuleArea[] = ['layers', 'services', 'rest'];

/**
 * /rest/security/acl/… (data, service and REST access rules, the catalog mode), self/password and
 * masterpw: GeoServer's AbstractAclController family, CatalogModeController,
 * UserPasswordController and MasterPasswordController (docs/security-rest.md).
 */
export function securityAclRoutes(router: Router, ctx: RestContext): void {
  const areaOf = (req: RestRequest): RuleArea => {
    requireAdministrator(req);
    // /acl/catalog answers only GET and PUT; its other methods fall through to here
    if (req.params.area === 'catalog') throw new RestError(405, `Request method '${req.method}' is not supported`);
    if (!(AREAS as readonly string[]).includes(req.params.area)) throw new RestError(404, `No handler for ${req.method} /${req.segments.join('/')}`);
    return req.params.area as RuleArea;
  };
  const rulesIn = (req: RestRequest) => decodeRules(req.body.toString('utf8'), requestFormat(req));
  const list: Handler = (req) => answer(encodeRules(ruleEntries(securityState(ctx), areaOf(req)), replyFormat(req)));
  const add: Handler = (req) => {
    const area = areaOf(req);
    const entries = rulesIn(req);
    change(ctx, req, (s) => addRules(s, area, entries));
    return ok();
  };
  const replace: Handler = (req) => {
    const area = areaOf(req);
    const entries = rulesIn(req);
    change(ctx, req, (s) => replaceRules(s, area, entries));
    return ok();
  };
  const remove: Handler = (req) => {
    const area = areaOf(req);
    change(ctx, req, (s) => removeRule(s, area, req.params.rule));
    return ok();
  };
  const getMode: Handler = (req) => (requireAdministrator(req), answer(encodeCatalogMode(securityState(ctx).catalogMode.mode, replyFormat(req))));
  const putMode: Handler = (req) => {
    requireAdministrator(req);
    const mode = decodeCatalogMode(req.body.toString('utf8'), requestFormat(req));
    change(ctx, req, (s) => setCatalogMode(s, mode));
    return ok();
  };
  const reload: Handler = async (req) => (requireAdministrator(req), await ctx.reload(), ok());
  router.route('/security/acl/catalog', { GET: getMode, PUT: putMode }, 'catalogMode');
  router.route('/security/acl/catalog/reload', { PUT: reload, POST: reload });
  router.route('/security/acl/{area}', { GET: list, POST: add, PUT: replace }, 'dataAccessRule');
  router.route('/security/acl/{area}/{rule}', { DELETE: remove }, 'dataAccessRule');
  router.route('/security/self/password', { PUT: selfPassword(ctx) }, 'securityUser');
  const master = (method: keyof typeof MASTER_PASSWORD_ANSWERS): Handler => () => {
    throw new RestError(MASTER_PASSWORD_ANSWERS[method].status, MASTER_PASSWORD_ANSWERS[method].message);
  };
  router.route('/security/masterpw', { GET: master('GET'), PUT: master('PUT'), POST: master('POST'), DELETE: master('DELETE') });
}

/** PUT /rest/security/self/password: anonymous callers get GeoServer's 405 "for backwards compat". */
function selfPassword(ctx: RestContext): Handler {
  return (req) => {
    if (!req.principal || req.principal.anonymous) throw new RestError(405, 'Anonymous users cannot change their password');
    const password = decodeSelfPassword(req.body.toString('utf8'), requestFormat(req));
    const name = req.principal.name;
    if (!securityState(ctx).users.some((u) => u.name === name)) throw new CatalogError('not_found', `User ${name} is in no user/group service`);
    change(ctx, req, (s) => setOwnPassword(s, name, password));
    return ok();
  };
}
