import { CatalogError, fail } from '../../catalog/errors.js';
import { pathProblem } from '../../catalog/names.js';
import { parseXml } from '../../xml/parse.js';
import { asList, isXObject, textOf, type XObject } from '../../xml/tree.js';
import { writeXml } from '../../xml/write.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { listResponse, respond } from '../encode.js';
import { created, ok, type RestRequest } from '../http.js';
import { href } from '../lookup.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';

/** Where GeoServer's URLCheckDAO keeps the checks: `security/urlchecks.xml`, root `<checks>`. */
const FILE = 'security/urlchecks.xml';
const ROOT = 'regexUrlCheck';
const FIELDS = ['name', 'description', 'enabled', 'regex'] as const;

interface Checks {
  enabled: string;
  checks: XObject[];
}

/**
 * /urlchecks — GeoServer's UrlCheckController over URLCheckDAO (urlchecks.yaml): list, add (POST,
 * 201, 409 for a name in use), read, change the fields sent (PUT), remove. The checks live in
 * security/urlchecks.xml, written as XStream writes URLChecksConfiguration (each check a
 * `<regex>` element), and replicate as that file.
 */
export function urlCheckRoutes(router: Router, ctx: RestContext): void {
  const load = (): Checks => readChecks(ctx.resources.read(FILE));
  const save = (req: RestRequest, checks: Checks) => ctx.resources.put(FILE, Buffer.from(writeChecks(checks)), localChange(req));
  const named = (checks: Checks, name: string) => checks.checks.find((c) => textOf(c.name) === name) ?? fail('not_found', `No such URL check: '${name}'`);

  router.route('/urlchecks', {
    GET: (req) => {
      const items = load().checks.map((c) => ({ name: textOf(c.name) ?? '', href: href(req.base, 'urlchecks', textOf(c.name) ?? '') }));
      return listResponse(responseFormat(req), 'urlChecks', 'urlCheck', items);
    },
    POST: (req) => {
      const check = checkBody(readBody(req, ROOT), undefined);
      const checks = load();
      if (checks.checks.some((c) => textOf(c.name) === check.name)) fail('duplicate', `A URL check with the same name already exists: ${String(check.name)}`);
      save(req, { ...checks, checks: [...checks.checks, check] });
      return created(href(req.base, 'urlchecks', String(check.name)), String(check.name));
    },
  });
  router.route('/urlchecks/{name}', {
    GET: (req) => respond(responseFormat(req), ROOT, named(load(), req.params.name)),
    PUT: (req) => {
      const checks = load();
      const current = named(checks, req.params.name);
      const next = checkBody(readBody(req, ROOT), current);
      save(req, { ...checks, checks: checks.checks.map((c) => (c === current ? next : c)) });
      return ok();
    },
    DELETE: (req) => {
      const checks = load();
      const current = named(checks, req.params.name);
      save(req, { ...checks, checks: checks.checks.filter((c) => c !== current) });
      return ok();
    },
  });
}

/** A check from a body: the fields sent over the current ones; name and a valid regex required. */
function checkBody(body: XObject, current: XObject | undefined): XObject {
  for (const key of Object.keys(body)) {
    if (!(FIELDS as readonly string[]).includes(key)) fail('invalid', `Unknown field <${key}> in a URL check; expected ${FIELDS.join(', ')}`);
    if (typeof body[key] !== 'string') fail('invalid', `<${key}> of a URL check must be text`);
  }
  const out: XObject = {};
  for (const f of FIELDS) {
    const v = body[f] ?? current?.[f];
    if (v !== undefined) out[f] = v;
  }
  const name = textOf(out.name);
  if (!name || name.trim() === '') fail('invalid', 'A URL check needs a name');
  if (current && name !== textOf(current.name)) fail('invalid', `A URL check cannot be renamed: '${textOf(current.name)}' to '${name}'`);
  const problem = pathProblem(name);
  if (problem) fail('bad_name', `URL check name '${name}' is not allowed: ${problem}`);
  const regex = textOf(out.regex);
  if (!regex) fail('invalid', 'A URL check needs a regex');
  try {
    new RegExp(regex);
  } catch (err) {
    fail('invalid', `The regex of URL check '${name}' is not valid: ${(err as Error).message}`);
  }
  const enabled = (textOf(out.enabled) ?? 'false').toLowerCase();
  if (enabled !== 'true' && enabled !== 'false') fail('invalid', `<enabled> of a URL check must be true or false, got '${enabled}'`);
  out.enabled = enabled;
  return out;
}

function readChecks(data: Buffer | undefined): Checks {
  if (!data) return { enabled: 'false', checks: [] };
  let value;
  try {
    value = parseXml(data).value;
  } catch (err) {
    throw new CatalogError('invalid', `${FILE} cannot be read: ${(err as Error).message}`);
  }
  if (!isXObject(value)) return { enabled: 'false', checks: [] };
  return { enabled: textOf(value.enabled) ?? 'false', checks: asList(value.regex).filter(isXObject) };
}

function writeChecks(checks: Checks): string {
  return writeXml('checks', { enabled: checks.enabled, ...(checks.checks.length ? { regex: checks.checks } : {}) });
}
