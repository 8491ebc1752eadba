import type { Catalog } from '../../catalog/catalog.js';
import { CatalogError, fail } from '../../catalog/errors.js';
import { listIn } from '../../catalog/refs.js';
import type { Info } from '../../catalog/types.js';
import { asList, isXObject, textOf, type XObject, type XValue } from '../../xml/tree.js';
import { RestError } from '../http.js';
import { refName, resolveLayer, resolveLayerGroup, resolveStyle } from '../refs.js';

/**
 * Layer group bodies in: members given as `<layers><layer>…` or `<publishables><published
 * type="layer|layerGroup">…`, by plain or qualified name, `{name, href}` or text; styles by name,
 * `{name, workspace}` or empty for the layer's default. Everything is resolved to ids before the
 * catalog is touched; unknown elements (geoserver-node-client's `layerGroupTitle`) are dropped,
 * as GeoServer's XStream reader ignores them.
 */
/** Fields of LayerGroupInfo a body may set as they are. */
const PLAIN_FIELDS = [
  'queryDisabled', 'enabled', 'advertised', 'title', 'abstractTxt', 'path', 'internationalTitle', 'internationalAbstract',
  'metadataLinks', 'bounds', 'metadata', 'attribution', 'authorityURLs', 'identifiers', 'keywords',
];

/** The element order GeoServer writes a LayerGroupInfo in. */
const GROUP_ORDER = [
  'id', 'name', 'mode', 'queryDisabled', 'enabled', 'advertised', 'title', 'abstractTxt', 'workspace', 'path', 'rootLayer',
  'rootLayerStyle', 'internationalTitle', 'internationalAbstract', 'publishables', 'styles', 'metadataLinks', 'bounds',
  'metadata', 'attribution', 'authorityURLs', 'identifiers', 'keywords', 'layerGroupStyles', 'dateCreated', 'dateModified',
];

export interface GroupFields {
  /** Plain fields to set. */
  set: Info;
  /** Fields the body clears with `xsi:nil="true"`. */
  cleared: string[];
}

/** The plain fields of a body (`abstract` is read as `abstractTxt`); unknown ones are dropped. */
export function plainFields(body: XObject): GroupFields {
  const out: GroupFields = { set: {}, cleared: [] };
  for (const key of Object.keys(body)) {
    const field = key === 'abstract' ? 'abstractTxt' : key;
    const value = body[key];
    if (!PLAIN_FIELDS.includes(field) || value === undefined) continue;
    if (isXObject(value) && value['@xsi:nil'] === 'true') out.cleared.push(field);
    else out.set[field] = value;
  }
  if (out.set.bounds !== undefined) checkBounds(out.set.bounds);
  const lgStyles = body.layerGroupStyles;
  if (lgStyles !== undefined && lgStyles !== '' && !(isXObject(lgStyles) && Object.keys(lgStyles).length === 0)) {
    fail('unsupported', 'layerGroupStyles are not supported by this server');
  }
  return out;
}

function checkBounds(bounds: XValue): void {
  if (!isXObject(bounds)) throw new RestError(400, 'bounds must have minx, maxx, miny and maxy');
  for (const k of ['minx', 'maxx', 'miny', 'maxy']) {
    const v = textOf(bounds[k]);
    if (v === undefined || v.trim() === '' || !Number.isFinite(Number(v))) throw new RestError(400, `bounds/${k} must be a number, got '${v ?? ''}'`);
  }
}

/**
 * Bounds that differ only in how numbers are written (`-180` from JSON against `-180.0` on disk)
 * are the same bounds: a GET/PUT round trip leaves the file as it was.
 */
export function sameBounds(a: XValue | undefined, b: XValue | undefined): boolean {
  if (!isXObject(a) || !isXObject(b)) return false;
  const same = (k: string) => Number(textOf(a[k])) === Number(textOf(b[k]));
  return ['minx', 'maxx', 'miny', 'maxy'].every(same) && textOf(a.crs) === textOf(b.crs) && textOf(a.crs) !== undefined;
}

export interface Members {
  published: XValue[];
  styles: XValue[];
}

/**
 * The members a body gives, resolved: `undefined` when it names neither members nor styles.
 * Styles left out keep the current ones when the count still matches, else become defaults.
 */
export function membersOf(catalog: Catalog, body: XObject, scopeWs: string | undefined, current?: Info): Members | undefined {
  const entries = memberEntries(body);
  const styleValues = styleEntries(body);
  if (!entries && !styleValues) return undefined;
  const published = entries ? entries.map((e) => resolveMember(catalog, e, scopeWs)) : listIn(current?.publishables, 'published');
  if (published.length === 0) fail('invalid', 'layer group must not be empty');
  const before = listIn(current?.styles, 'style');
  let styles: XValue[];
  if (styleValues && styleValues.length > 0) styles = styleValues.map((s) => resolveStyleRef(catalog, s, scopeWs));
  else if (!styleValues && before.length === published.length) styles = before;
  else styles = published.map(() => '');
  if (styles.length !== published.length) {
    fail('invalid', `Layer group has different number of styles (${styles.length}) than layers (${published.length})`);
  }
  return sanitise(published, styles);
}

/** GeoServer drops entries without layer and style; a style without a layer (a style group) is not supported here. */
function sanitise(published: XValue[], styles: XValue[]): Members {
  const out: Members = { published: [], styles: [] };
  published.forEach((p, i) => {
    if (p === '' && styles[i] === '') return;
    if (p === '') fail('unsupported', 'Style groups (a style without a layer) are not supported by this server');
    out.published.push(p);
    out.styles.push(styles[i]);
  });
  if (out.published.length === 0) fail('invalid', 'layer group must not be empty');
  return out;
}

function memberEntries(body: XObject): Array<{ type?: string; value: XValue }> | undefined {
  const wrapper = body.publishables ?? body.layers;
  if (wrapper === undefined) return undefined;
  if (wrapper === '') return [];
  if (!isXObject(wrapper)) throw new RestError(400, 'publishables must hold <published> entries');
  const items = asList(body.publishables !== undefined ? wrapper.published : wrapper.layer);
  return items.map((value) => ({ type: isXObject(value) && typeof value['@type'] === 'string' ? value['@type'] : undefined, value }));
}

function styleEntries(body: XObject): XValue[] | undefined {
  const wrapper = body.styles;
  if (wrapper === undefined) return undefined;
  if (wrapper === '') return [];
  if (!isXObject(wrapper)) throw new RestError(400, 'styles must hold <style> entries');
  return asList(wrapper.style);
}

/** A member as the data directory holds it: `{@type, id}`; '' for an empty entry. */
function resolveMember(catalog: Catalog, entry: { type?: string; value: XValue }, scopeWs: string | undefined): XValue {
  const { name, id } = refName(entry.value);
  if (!name && !id) return '';
  if (entry.type === 'layerGroup') return { '@type': 'layerGroup', id: resolveLayerGroup(catalog, entry.value, scopeWs) };
  if (entry.type === 'layer') return { '@type': 'layer', id: resolveLayer(catalog, entry.value, scopeWs) };
  if (entry.type !== undefined) fail('invalid', `Unknown published type '${entry.type}': expected layer or layerGroup`);
  try {
    return { '@type': 'layer', id: resolveLayer(catalog, entry.value, scopeWs) };
  } catch (err) {
    if (!(err instanceof CatalogError) || err.code !== 'not_found') throw err;
  }
  try {
    return { '@type': 'layerGroup', id: resolveLayerGroup(catalog, entry.value, scopeWs) };
  } catch {
    fail('not_found', `No such layer or layer group: ${name ?? id}`);
  }
}

function resolveStyleRef(catalog: Catalog, value: XValue, scopeWs: string | undefined): XValue {
  const { name, id } = refName(value);
  if (!name && !id) return '';
  return { id: resolveStyle(catalog, value, scopeWs) };
}

/** A single reference (rootLayer, rootLayerStyle): `undefined` to keep, '' to clear. */
export function resolveRoot(catalog: Catalog, value: XValue | undefined, kind: 'layer' | 'style', scopeWs: string | undefined): XValue | undefined {
  if (value === undefined) return undefined;
  const { name, id } = refName(value);
  if (!name && !id) return '';
  return { id: kind === 'layer' ? resolveLayer(catalog, value, scopeWs) : resolveStyle(catalog, value, scopeWs) };
}

/** The object in GeoServer's element order; unknown fields keep their place after the known ones. */
export function ordered(info: Info): Info {
  const out: Info = {};
  for (const key of GROUP_ORDER) if (info[key] !== undefined) out[key] = info[key];
  for (const key of Object.keys(info)) if (!(key in out) && info[key] !== undefined) out[key] = info[key];
  for (const key of ['rootLayer', 'rootLayerStyle']) if (out[key] === '') delete out[key];
  return out;
}
