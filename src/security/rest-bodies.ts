import JSON5 from 'json5';
import { CatalogError } from '../catalog/errors.js';
import { parseXml } from '../xml/parse.js';
import { asList, isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { writeXml } from '../xml/write.js';
import type { CatalogMode } from './model.js';
import { parseCatalogMode } from './rules.js';

/**
 * Bodies of GeoServer's /rest/security endpoints (reference: geoserver-rest-openapi usergroup.yaml,
 * roles.yaml, security.yaml; GeoServer's JaxbUser/JaxbUserList/JaxbGroupList/JaxbRoleList, and the
 * RuleMap, NamedMap converters of its AbstractAclController, CatalogModeController,
 * UserPasswordController):
 *   users  {"users":[{"userName":"a","enabled":true}]}   <users><user><userName>a</userName><enabled>true</enabled></user></users>
 *   groups {"groups":["g"]}                              <groups><group>g</group></groups>
 *   roles  {"roles":["ADMIN"]}                           <roles><role>ADMIN</role></roles>
 *   rules  {"*.*.r":"*"}                                 <rules><rule resource="*.*.r">*</rule></rules>
 *   mode   {"mode":"HIDE"}                               <catalog><mode>HIDE</mode></catalog>
 *   self   {"newPassword":"…"}                           <userPassword><newPassword>…</newPassword></userPassword>
 * Passwords are never written in a reply. Bad bodies are `invalid` CatalogErrors, each saying
 * what was expected and what came; docs/security-rest.md gives the status of each case.
 */
export type BodyFormat = 'json' | 'xml';

export interface Body {
  contentType: 'application/json' | 'application/xml';
  body: string;
}

function reply(format: BodyFormat, json: unknown, root: string, xml: XValue): Body {
  return format === 'json'
    ? { contentType: 'application/json', body: JSON.stringify(json) }
    : { contentType: 'application/xml', body: writeXml(root, xml) };
}

function invalid(message: string): never {
  throw new CatalogError('invalid', message);
}

/** The JSON object or the XML root element of a request body. */
function readObject(text: string, format: BodyFormat, xmlRoots: readonly string[]): { root?: string; value: Record<string, unknown> | XObject } {
  if (text.trim() === '') invalid('The request has no body');
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON5.parse(text);
    } catch (err) {
      invalid(`Malformed JSON body: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) invalid('The JSON body must be an object');
    return { value: parsed as Record<string, unknown> };
  }
  let doc;
  try {
    doc = parseXml(text);
  } catch (err) {
    invalid(`Malformed XML body: ${(err as Error).message}`);
  }
  if (!xmlRoots.includes(doc.root)) invalid(`Expected a <${xmlRoots[0]}> body, found <${doc.root}>`);
  if (doc.value !== '' && !isXObject(doc.value)) invalid(`The <${doc.root}> body must hold elements`);
  return { root: doc.root, value: doc.value === '' ? {} : (doc.value as XObject) };
}

// ---------------------------------------------------------------- users, groups, roles

export interface UserListItem {
  name: string;
  enabled: 'true' | 'false' | boolean;
}

export function encodeUsers(users: readonly UserListItem[], format: BodyFormat): Body {
  const items = users.map((u) => ({ userName: u.name, enabled: String(u.enabled) === 'true' }));
  const xml = items.length ? { user: items.map((u) => ({ userName: u.userName, enabled: String(u.enabled) })) } : '';
  return reply(format, { users: items }, 'users', xml);
}

export function encodeGroups(names: readonly string[], format: BodyFormat): Body {
  return reply(format, { groups: [...names] }, 'groups', names.length ? { group: [...names] } : '');
}

export function encodeRoles(names: readonly string[], format: BodyFormat): Body {
  return reply(format, { roles: [...names] }, 'roles', names.length ? { role: [...names] } : '');
}

/** A user as a client sends it; a field left out stays unchanged on update (JaxbUser.toUser). */
export interface UserBody {
  userName?: string;
  password?: string;
  enabled?: boolean;
}

export function decodeUser(text: string, format: BodyFormat): UserBody {
  const { value } = readObject(text, format, ['user']);
  // geoserver-node-client wraps the user as {"user":{…}}; GeoServer's docs show it bare
  const wrapped = format === 'json' && Object.keys(value).length === 1 && isXObject(value.user as XValue) ? (value.user as Record<string, unknown>) : value;
  const out: UserBody = {};
  const name = field(wrapped.userName, 'userName');
  const password = field(wrapped.password, 'password');
  const enabled = field(wrapped.enabled, 'enabled');
  if (name !== undefined) out.userName = name;
  if (password !== undefined) out.password = password;
  if (enabled !== undefined) {
    if (enabled !== 'true' && enabled !== 'false') invalid(`enabled must be true or false, found '${enabled}'`);
    out.enabled = enabled === 'true';
  }
  return out;
}

/** A scalar field as text: JSON strings, numbers and booleans, or an XML leaf; null means absent. */
function field(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = textOf(value as XValue);
  if (text !== undefined) return text;
  return invalid(`${name} must be a single value`);
}

// ---------------------------------------------------------------- access rules

/** Rules as `resource → roles` pairs, in the order given (the key syntax is the endpoint's). */
export function encodeRules(rules: ReadonlyArray<readonly [string, string]>, format: BodyFormat): Body {
  const json = Object.fromEntries(rules);
  const xml = rules.length ? { rule: rules.map(([resource, roles]) => ({ '@resource': resource, $: roles })) } : '';
  return reply(format, json, 'rules', xml);
}

export function decodeRules(text: string, format: BodyFormat): Array<[string, string]> {
  const { value } = readObject(text, format, ['rules']);
  const out = new Map<string, string>();
  if (format === 'json') {
    for (const [key, roles] of Object.entries(value)) {
      if (typeof roles !== 'string') invalid(`The roles of rule '${key}' must be a string such as "ROLE_A,ROLE_B"`);
      out.set(key, roles.trim());
    }
    return [...out];
  }
  for (const key of Object.keys(value)) if (key !== 'rule') invalid(`Expected <rule> elements in <rules>, found <${key.replace(/^@/, '')}>`);
  for (const item of asList((value as XObject).rule)) {
    const resource = isXObject(item) ? item['@resource'] : undefined;
    if (typeof resource !== 'string' || resource === '') invalid('Every <rule> needs a resource attribute');
    out.set(resource, (textOf(item) ?? '').trim());
  }
  return [...out];
}

// ---------------------------------------------------------------- catalog mode, own password

export function encodeCatalogMode(mode: CatalogMode, format: BodyFormat): Body {
  return reply(format, { mode }, 'catalog', { mode });
}

/** The mode of a PUT: missing is GeoServer's 404 (not_found), an unknown mode its 422 (invalid). */
export function decodeCatalogMode(text: string, format: BodyFormat): CatalogMode {
  const { value } = readObject(text, format, ['catalog']);
  const mode = field(value.mode, 'mode');
  if (mode === undefined) throw new CatalogError('not_found', 'Element mode is missing');
  return parseCatalogMode(mode);
}

export function decodeSelfPassword(text: string, format: BodyFormat): string {
  const { value } = readObject(text, format, ['userPassword']);
  const password = field(value.newPassword, 'newPassword');
  if (password === undefined || password.trim() === '') invalid("Missing 'newPassword'");
  return password;
}

/**
 * /rest/security/masterpw: this node keeps no GeoServer keystore, so there is no keystore
 * password to show or change. GeoServer answers a read-only master password provider with 405;
 * reading one that does not exist is a 501 here. POST and DELETE are 405 as in GeoServer.
 */
export const MASTER_PASSWORD_ANSWERS = {
  GET: { status: 501, message: 'This node keeps no GeoServer keystore: there is no keystore (master) password to show' },
  PUT: { status: 405, message: 'This node keeps no GeoServer keystore: there is no keystore (master) password to change' },
  POST: { status: 405, message: 'Use PUT to change the keystore password' },
  DELETE: { status: 405, message: 'Use PUT to change the keystore password' },
} as const;
