import type { Catalog } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import { newId, type Info } from '../../catalog/types.js';
import { asList, isXObject, textOf, type XObject, type XValue } from '../../xml/tree.js';
import { atomLink } from '../encode.js';
import { RestError, type Format } from '../http.js';
import { href } from '../lookup.js';
import { timestamp } from '../merge.js';
import { externalize, refName } from '../refs.js';
import { ELEMENT_ORDER, mergeOrdered } from './element-order.js';
import type { StoreEndpoint } from './store-endpoints.js';

/**
 * Store bodies in and out. In: the fields a client may set, with connectionParameters read in
 * every form GeoServer's XStream accepts and written back as `<entry key="k">v</entry>`. Out: the
 * store with its workspace as `{name, href}`, a link to its resources, and the on-disk
 * `__default` flag shown as `_default` in JSON (XStream escapes `_` as `__` in XML only).
 */
const NOT_SETTABLE = new Set(['id', 'workspace', 'dateCreated', 'dateModified']);
const BOOLEANS = ['enabled', '__default', 'disableOnConnFailure'];

/** The fields of a POST or PUT body that become part of the stored object. */
export function storeFields(kind: StoreEndpoint, body: XObject): Info {
  const out: Info = {};
  for (const [rawKey, value] of Object.entries(body)) {
    const key = rawKey === '_default' ? '__default' : rawKey;
    if (value === undefined || key.startsWith('@') || NOT_SETTABLE.has(key) || key === kind.resourcesLink) continue;
    out[key] = key === 'connectionParameters' ? connectionParameters(value) : value;
  }
  for (const key of BOOLEANS) {
    const v = out[key];
    if (v !== undefined && v !== 'true' && v !== 'false') throw new RestError(400, `<${key}> must be true or false, not '${textOf(v) ?? '(an element)'}'`);
  }
  return out;
}

/** A new store in `ws` as GeoServer's POST builds it: enabled, not default, dated. */
export function newStore(kind: StoreEndpoint, body: XObject, ws: Info, namespaceUri: string | undefined): Info {
  const fields = storeFields(kind, body);
  const defaults: Info = { id: newId(kind.type), name: fields.name ?? '' };
  if (kind.defaultType) defaults.type = kind.defaultType;
  defaults.enabled = 'true';
  defaults.workspace = { id: ws.id! };
  if (kind.type === 'dataStore') defaults.connectionParameters = {};
  defaults.__default = 'false';
  defaults.dateCreated = timestamp();
  defaults.disableOnConnFailure = 'false';
  const store = mergeOrdered(defaults, fields, ELEMENT_ORDER.store);
  // DataStoreController fills in the namespace parameter from the workspace's namespace.
  if (kind.type === 'dataStore' && namespaceUri && paramOf(store.connectionParameters, 'namespace') === undefined) {
    store.connectionParameters = withParam(store.connectionParameters, 'namespace', namespaceUri);
  }
  return store;
}

/** The workspace a body names, if it names one: `sf`, `{"name":"sf"}` or `{id}`. */
export function bodyWorkspace(catalog: Catalog, value: XValue | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const { name, id } = refName(value);
  if (name !== undefined) return name;
  if (id !== undefined) return String(catalog.get('workspace', id)?.name ?? id);
  fail('invalid', 'The <workspace> of the body has no name');
}

/**
 * The store as the REST API shows it. The HTML page links each resource, as GeoServer's
 * DataStoreInfo template does; JSON and XML link the resource list.
 */
export function describeStore(catalog: Catalog, base: string, format: Format, kind: StoreEndpoint, store: Info, resources: string[]): Info {
  const shown = externalize(catalog, base, format, store, ['workspace']);
  const out: Info = format === 'json' ? Object.fromEntries(Object.entries(shown).map(([k, v]) => [k === '__default' ? '_default' : k, v])) : shown;
  const ws = catalog.get('workspace', String((store.workspace as XObject).id));
  const url = href(base, 'workspaces', String(ws?.name ?? ''), kind.collection, String(store.name), kind.resourcesPath);
  if (format === 'html') out[kind.resourcesLink] = resources.map((name) => ({ name, href: `${url}/${encodeURIComponent(name)}.html` }));
  else out[kind.resourcesLink] = format === 'json' ? `${url}.json` : { 'atom:link': atomLink(`${url}.xml`) };
  return out;
}

/**
 * connectionParameters in any accepted form: `<entry key="k">v</entry>`,
 * `<entry><string>k</string><string>v</string></entry>`, `<k><string>v</string></k>`, and the
 * JSON equivalents `{"entry":[{"@key":k,"$":v}]}` and `{"k":{"string":v}}`. A later key wins.
 */
export function connectionParameters(value: XValue): XObject {
  if (value === '') return {};
  if (!isXObject(value)) throw new RestError(400, '<connectionParameters> must be a map of entries');
  const params = new Map<string, string>();
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || key.startsWith('@')) continue;
    if (key === 'entry') {
      for (const e of asList(v)) {
        const [k, val] = entryOf(e);
        params.set(k, val);
      }
    } else {
      params.set(key, paramValue(key, v));
    }
  }
  return params.size ? { entry: [...params].map(([k, v]) => ({ '@key': k, $: v })) } : {};
}

function entryOf(e: XValue): [string, string] {
  if (isXObject(e) && typeof e['@key'] === 'string') {
    const v = e.$ !== undefined ? e.$ : e.string;
    return [e['@key'], v === undefined ? '' : paramValue(e['@key'], v)];
  }
  const strings = isXObject(e) ? asList(e.string) : [];
  if (strings.length === 2 && typeof strings[0] === 'string' && typeof strings[1] === 'string') return [strings[0], strings[1]];
  throw new RestError(400, 'A connectionParameters <entry> needs a key: <entry key="k">v</entry> or <entry><string>k</string><string>v</string></entry>');
}

function paramValue(key: string, v: XValue): string {
  if (typeof v === 'string') return v;
  if (isXObject(v)) {
    const children = Object.keys(v).filter((k) => !k.startsWith('@') && v[k] !== undefined);
    const only = children.length === 1 ? v[children[0]] : undefined;
    if (typeof only === 'string') return only;
    if (children.length === 0) return '';
  }
  throw new RestError(400, `connectionParameters '${key}' must have a single text value`);
}

export function paramOf(params: XValue | undefined, key: string): string | undefined {
  if (!isXObject(params)) return undefined;
  const e = asList(params.entry).find((x) => isXObject(x) && x['@key'] === key);
  return e === undefined ? undefined : (textOf(e) ?? '');
}

export function withParam(params: XValue | undefined, key: string, value: string): XObject {
  const entries = isXObject(params) ? asList(params.entry) : [];
  const at = entries.findIndex((x) => isXObject(x) && x['@key'] === key);
  const entry = { '@key': key, $: value };
  return { entry: at < 0 ? [...entries, entry] : entries.map((x, i) => (i === at ? entry : x)) };
}
