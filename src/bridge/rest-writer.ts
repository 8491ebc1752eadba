import { isXObject, textOf, type XValue } from '../xml/tree.js';
import { writeXml } from '../xml/write.js';
import type { ConfigEntry } from './config-entry.js';
import { comparable, type Difference } from './drift.js';
import type { RestEndpoint } from './rest-endpoint.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface Call {
  method: Method;
  path: string;
  body?: { type: string; text: string };
  /** Also fine: the object was already there (made as a side effect of an earlier call). */
  okStatuses?: number[];
}

const XML = 'application/xml';

/**
 * Makes a server hold what a difference says it should, with GeoServer's own REST calls
 * (reference/geoserver-rest-contract.md): POST to the collection creates, PUT on the object
 * changes the fields sent, DELETE removes (recurse=true for a workspace or store, whose
 * contents are extra too). Where a creation finds the object already made (GeoServer creates
 * a workspace with its namespace and a layer with its resource), it changes it instead.
 */
export function restWriter(target: RestEndpoint): (d: Difference) => Promise<void> {
  return async (d) => {
    if (d.kind === 'extra') return run(target, removal(d.have!));
    const entry = d.want!;
    const steps = d.kind === 'missing' ? creation(entry) : change(entry);
    for (const step of steps) await run(target, step);
  };
}

async function run(target: RestEndpoint, call: Call): Promise<void> {
  const answer = await target.request(call.method, call.path, call.body);
  if (answer.status < 300 || call.okStatuses?.includes(answer.status)) return;
  throw new Error(`${call.method} ${call.path}: ${answer.status} ${answer.text.trim().slice(0, 300)}`);
}

function xmlOf(entry: ConfigEntry, value: XValue = comparable(entry)): { type: string; text: string } {
  return { type: XML, text: writeXml(entry.root, value) };
}

/** The calls that create an object that is missing. */
function creation(entry: ConfigEntry): Call[] {
  const { family, path } = entry;
  switch (family) {
    case 'namespace':
    case 'workspace':
    case 'store':
    case 'resource':
    case 'layerGroup':
      // GeoServer creates a workspace with its namespace (and the other way): then it is changed
      return [{ method: 'POST', path: entry.collection!, body: xmlOf(entry), okStatuses: family === 'workspace' || family === 'namespace' ? [409] : [] }, ...(family === 'workspace' || family === 'namespace' ? change(entry) : [])];
    case 'style':
      return [{ method: 'POST', path: entry.collection!, body: xmlOf(entry) }, ...styleContent(entry)];
    case 'securityGroup':
    case 'securityRole':
    case 'roleAssignment':
      return [{ method: 'POST', path }];
    case 'securityUser':
      throw new Error('REST never shows a password, so a user cannot be copied: create it with its password on the target');
    case 'accessRule':
      return [{ method: 'POST', path: entry.collection!, body: rulesBody(entry) }];
    default:
      return change(entry);
  }
}

/** The calls that bring an existing object to the wanted state. */
function change(entry: ConfigEntry): Call[] {
  const { family, path } = entry;
  switch (family) {
    case 'style':
      return [{ method: 'PUT', path, body: xmlOf(entry) }, ...styleContent(entry)];
    case 'securityGroup':
    case 'securityRole':
    case 'roleAssignment':
      return [];
    case 'securityUser':
      return userChange(entry);
    case 'accessRule':
      return [{ method: 'PUT', path: entry.collection!, body: rulesBody(entry) }];
    case 'template':
      // TemplateController: PUT of text/plain makes or replaces the template
      return [{ method: 'PUT', path, body: entry.content }];
    default:
      return [{ method: 'PUT', path, body: xmlOf(entry) }];
  }
}

/** A style's own document, stored as it came (`raw=true`: StyleController keeps the bytes). */
function styleContent(entry: ConfigEntry): Call[] {
  if (!entry.content) return [];
  return [{ method: 'PUT', path: `${entry.path}?raw=true`, body: entry.content }];
}

function rulesBody(entry: ConfigEntry): { type: string; text: string } {
  return { type: XML, text: writeXml('rules', { rule: entry.body }) };
}

/** A user's enabled flag and the groups it belongs to (its password is never read nor written). */
function userChange(entry: ConfigEntry): Call[] {
  const body = isXObject(entry.body) ? entry.body : {};
  const calls: Call[] = [{ method: 'POST', path: entry.path, body: { type: XML, text: writeXml('user', { enabled: textOf(body.enabled) ?? 'true' }) } }];
  const groups = Array.isArray(body.groups) ? body.groups.map((g) => textOf(g) ?? '') : [];
  for (const g of groups) calls.push({ method: 'POST', path: `${entry.path}/group/${encodeURIComponent(g)}` });
  return calls;
}

/** The call that removes an object that should not be there. */
function removal(entry: ConfigEntry): Call {
  switch (entry.family) {
    case 'workspace':
    case 'store':
    case 'resource':
      return { method: 'DELETE', path: `${entry.path}?recurse=true`, okStatuses: [404] };
    case 'namespace':
      return { method: 'DELETE', path: entry.path, okStatuses: [404] };
    case 'accessRule':
      return { method: 'DELETE', path: `${entry.collection}/${encodeURIComponent(textOf(isXObject(entry.body) ? entry.body['@resource'] : undefined) ?? '')}` };
    case 'global':
    case 'logging':
    case 'catalogMode':
    case 'gwcGlobal':
    case 'diskQuota':
      throw new Error('a singleton of the configuration cannot be removed');
    default:
      // removing a workspace or a store took its contents with it
      return { method: 'DELETE', path: entry.path, okStatuses: [404] };
  }
}
