import type { Catalog } from '../catalog/catalog.js';
import { listIn } from '../catalog/refs.js';
import { isResourceType, isStoreType, kindOf, type InfoType } from '../catalog/kinds.js';
import { fail } from '../catalog/errors.js';
import { refId, type Info, type LayerInfo } from '../catalog/types.js';
import { isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { atomLink } from './encode.js';
import type { Format } from './http.js';
import { href } from './lookup.js';

/**
 * References between objects travel by id on disk and by name in the REST API. `externalize`
 * turns an object's `{id}` references into GeoServer's `{name, href}` (XML: name + atom:link);
 * `resolve*` turns what a client sent (a name, `ws:name`, `{name, workspace}` or `{id}`) back into
 * an id, refusing what does not exist.
 */
export interface Named {
  name: string;
  /** Absolute URL without extension. */
  url: string;
  workspace?: string;
}

/** The REST name and URL of any catalog object, its path segments from the kind table. */
export function nameAndUrl(catalog: Catalog, base: string, type: InfoType, info: Info): Named {
  const wsOf = (ref: XValue | undefined) => catalog.get('workspace', refId(ref) ?? '');
  const segment = (t: InfoType) => kindOf(t).rest?.collection ?? t;
  switch (type) {
    case 'workspace':
    case 'namespace': {
      const name = String(type === 'workspace' ? info.name : info.prefix);
      return { name, url: href(base, segment(type), name) };
    }
    case 'style':
    case 'layerGroup': {
      const ws = wsOf(info.workspace);
      if (!ws) return { name: String(info.name), url: href(base, segment(type), String(info.name)) };
      return { name: `${ws.name}:${String(info.name)}`, workspace: ws.name, url: href(base, segment('workspace'), ws.name, segment(type), String(info.name)) };
    }
    case 'layer': {
      const res = catalog.find(refId(info.resource) ?? '');
      const ws = res ? wsOf(catalog.find(refId(res.info.store) ?? '')?.info.workspace) : undefined;
      const name = String(res?.info.name ?? info.name);
      return { name: ws ? `${ws.name}:${name}` : name, workspace: ws?.name, url: href(base, segment('workspace'), ws?.name ?? '', segment(type), name) };
    }
    default:
      if (isStoreType(type)) {
        const ws = wsOf(info.workspace)?.name ?? '';
        return { name: `${ws}:${String(info.name)}`, workspace: ws, url: href(base, segment('workspace'), ws, segment(type), String(info.name)) };
      }
      if (isResourceType(type)) {
        const store = catalog.find(refId(info.store) ?? '');
        const ws = wsOf(store?.info.workspace)?.name ?? '';
        const storeName = String(store?.info.name ?? '');
        return {
          name: `${ws}:${String(info.name)}`,
          workspace: ws,
          url: href(base, segment('workspace'), ws, segment(store?.type ?? 'dataStore'), storeName, segment(type), String(info.name)),
        };
      }
      return { name: String(info.name ?? type), url: href(base, type) };
  }
}

/** A reference as the REST API shows it, keeping `@class`/`@type` attributes. */
export function refOut(catalog: Catalog, base: string, format: Format, ref: XValue | undefined, opts: { qualified?: boolean } = {}): XValue | undefined {
  const id = refId(ref);
  if (id === undefined) return ref;
  const found = catalog.find(id);
  if (!found) return ref;
  const named = nameAndUrl(catalog, base, found.type, found.info);
  const out: XObject = {};
  if (isXObject(ref)) for (const k of Object.keys(ref)) if (k.startsWith('@')) out[k] = ref[k];
  const qualified = opts.qualified ?? true;
  out.name = qualified || !named.workspace ? named.name : String(found.info.name ?? found.info.prefix);
  if (found.type === 'style' && named.workspace) out.workspace = named.workspace;
  if (format === 'json') out.href = `${named.url}.json`;
  else out['atom:link'] = atomLink(`${named.url}.xml`);
  return out;
}

/**
 * A copy of the object with every reference in GeoServer's REST form. `fields` names the
 * top-level reference fields; wrapped lists (`styles/style`, `publishables/published`) are
 * handled by their wrapper name.
 */
export function externalize(catalog: Catalog, base: string, format: Format, info: Info, fields: readonly string[]): Info {
  const out: Info = {};
  for (const key of Object.keys(info)) {
    const v = info[key];
    if (v === undefined || key === 'id') continue;
    if (!fields.includes(key)) {
      out[key] = v;
    } else if (key === 'styles' || key === 'publishables') {
      const item = key === 'styles' ? 'style' : 'published';
      const wrapper: XObject = {};
      if (isXObject(v)) for (const k of Object.keys(v)) if (k.startsWith('@')) wrapper[k] = v[k];
      const items = listIn(v, item).map((s) => (refId(s) ? refOut(catalog, base, format, s)! : s));
      if (items.length) wrapper[item] = items;
      out[key] = wrapper;
    } else {
      out[key] = refOut(catalog, base, format, v)!;
    }
  }
  return out;
}

/** The name a client gave for a reference: `"sf"`, `{"name":"sf"}`, `<x><name>sf</name></x>`. */
export function refName(value: XValue | undefined): { name?: string; workspace?: string; id?: string } {
  if (value === undefined) return {};
  if (typeof value === 'string') return { name: value };
  if (Array.isArray(value)) return refName(value[0]);
  const id = typeof value.id === 'string' ? value.id : undefined;
  const name = textOf(value.name) ?? (typeof value.$ === 'string' ? value.$ : undefined);
  const ws = value.workspace;
  const workspace = typeof ws === 'string' ? ws : isXObject(ws) ? textOf(ws.name) : undefined;
  return { name, workspace, id };
}

/** Resolves a style reference: `ws:name`, `{name, workspace}`, a global name, else one in `scopeWs`. */
export function resolveStyle(catalog: Catalog, value: XValue | undefined, scopeWs?: string): string {
  const { name, workspace, id } = refName(value);
  if (id && catalog.get('style', id)) return id;
  if (!name) fail('invalid', 'A style reference has no name');
  const [wsName, local] = splitQualified(name, workspace);
  if (wsName) {
    const ws = catalog.byName('workspace', '', wsName);
    const style = ws ? catalog.byName('style', ws.id!, local) : undefined;
    if (!style) fail('not_found', `No such style ${local} in workspace ${wsName}`);
    return style.id!;
  }
  const global = catalog.byName('style', '', local);
  if (global) return global.id!;
  const scoped = scopeWs ? catalog.byName('style', scopeWs, local) : undefined;
  if (scoped) return scoped.id!;
  fail('not_found', `No such style: ${local}`);
}

/** Resolves a layer by `ws:name` or a plain name (preferring `scopeWs`). */
export function resolveLayer(catalog: Catalog, value: XValue | undefined, scopeWs?: string): string {
  const { name, workspace, id } = refName(value);
  if (id && catalog.get('layer', id)) return id;
  if (!name) fail('invalid', 'A layer reference has no name');
  const [wsName, local] = splitQualified(name, workspace);
  const layer = findLayer(catalog, local, wsName ? catalog.byName('workspace', '', wsName)?.id : scopeWs, !wsName);
  if (!layer) fail('not_found', `No such layer: ${name}`);
  return layer.id!;
}

/** Resolves a layer group by `ws:name` or a plain name (global first, then `scopeWs`). */
export function resolveLayerGroup(catalog: Catalog, value: XValue | undefined, scopeWs?: string): string {
  const { name, workspace, id } = refName(value);
  if (id && catalog.get('layerGroup', id)) return id;
  if (!name) fail('invalid', 'A layer group reference has no name');
  const [wsName, local] = splitQualified(name, workspace);
  const wsId = wsName ? catalog.byName('workspace', '', wsName)?.id : undefined;
  const group = wsName ? (wsId ? catalog.byName('layerGroup', wsId, local) : undefined) : (catalog.byName('layerGroup', '', local) ?? (scopeWs ? catalog.byName('layerGroup', scopeWs, local) : undefined));
  if (!group) fail('not_found', `No such layer group: ${name}`);
  return group.id!;
}

/** The layer publishing resource `name` in workspace `wsId` (any workspace when allowed). */
export function findLayer(catalog: Catalog, name: string, wsId: string | undefined, anyWorkspace = false): LayerInfo | undefined {
  if (wsId) {
    const ws = catalog.get('workspace', wsId);
    const ns = ws ? catalog.byName('namespace', '', String(ws.name)) : undefined;
    const res = ns ? catalog.byName('featureType', ns.id!, name) : undefined;
    const layer = res ? catalog.layerOf(res.id!) : undefined;
    if (layer || !anyWorkspace) return layer;
  }
  if (!anyWorkspace) return undefined;
  for (const ns of catalog.list('namespace')) {
    const res = catalog.byName('featureType', ns.id!, name);
    const layer = res ? catalog.layerOf(res.id!) : undefined;
    if (layer) return layer;
  }
  return undefined;
}

function splitQualified(name: string, workspace: string | undefined): [string | undefined, string] {
  if (workspace) return [workspace, name.includes(':') ? name.slice(name.indexOf(':') + 1) : name];
  const i = name.indexOf(':');
  return i > 0 ? [name.slice(0, i), name.slice(i + 1)] : [undefined, name];
}
