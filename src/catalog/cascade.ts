import type { Catalog, ChangeContext } from './catalog.js';
import { listIn, publishedOf } from './refs.js';
import { RESOURCE_KINDS, isResourceType, isStoreType, type InfoType } from './kinds.js';
import { refId, type Info } from './types.js';

/**
 * Removes an object and everything that depends on it, as GeoServer's CascadeDeleteVisitor does:
 * a workspace takes its stores, resources, layers, groups, styles, settings and services with it;
 * a style in use is replaced by the matching default style; a layer leaves its groups (an emptied
 * group is removed). Removals run leaves first, so each one passes the integrity rules.
 */
export function removeCascade(catalog: Catalog, type: InfoType, key: string, ctx: ChangeContext, options: { keepNamespace?: boolean } = {}): void {
  const info = catalog.get(type, key);
  if (!info) return;
  switch (type) {
    case 'workspace':
      removeWorkspaceContents(catalog, key, ctx, options.keepNamespace === true);
      break;
    case 'namespace':
      for (const r of catalog.referrersOf(key)) if (isResourceType(r.type)) removeCascade(catalog, r.type, r.info.id!, ctx);
      break;
    case 'layer':
      detachFromGroups(catalog, key, ctx);
      break;
    case 'layerGroup':
      detachFromGroups(catalog, key, ctx);
      break;
    case 'style':
      replaceStyle(catalog, key, ctx);
      break;
    default:
      if (isStoreType(type)) {
        for (const r of catalog.referrersOf(key)) if (isResourceType(r.type)) removeCascade(catalog, r.type, r.info.id!, ctx);
      } else if (isResourceType(type)) {
        const layer = catalog.layerOf(key);
        if (layer) removeCascade(catalog, 'layer', layer.id!, ctx);
      }
  }
  if (catalog.get(type, key)) catalog.remove(type, key, ctx);
}

function removeWorkspaceContents(catalog: Catalog, wsId: string, ctx: ChangeContext, keepNamespace: boolean): void {
  const users = () => catalog.referrersOf(wsId);
  for (const r of users()) if (r.type === 'layerGroup') removeCascade(catalog, 'layerGroup', r.info.id!, ctx);
  for (const r of users()) if (isStoreType(r.type)) removeCascade(catalog, r.type, r.info.id!, ctx);
  for (const r of users()) if (r.type === 'style') removeCascade(catalog, 'style', r.info.id!, ctx);
  for (const r of users()) if (r.type !== 'defaults') catalog.remove(r.type, catalog.keyOfObject(r.type, r.info), ctx);
  if (keepNamespace) return;
  const ws = catalog.get('workspace', wsId);
  const ns = ws ? catalog.byName('namespace', '', String(ws.name)) : undefined;
  if (ns) removeCascade(catalog, 'namespace', ns.id!, ctx);
}

/** Takes a layer or group out of every group that publishes it; a group left empty goes too. */
function detachFromGroups(catalog: Catalog, key: string, ctx: ChangeContext): void {
  for (const r of catalog.referrersOf(key)) {
    if (r.type !== 'layerGroup') continue;
    const group = r.info;
    const published = publishedOf(group);
    const styles = listIn(group.styles, 'style');
    const keep = published.map((p, i) => ({ p, s: styles[i] })).filter(({ p }) => refId(p.value) !== key);
    if (keep.length === 0) {
      removeCascade(catalog, 'layerGroup', group.id!, ctx);
      continue;
    }
    const next: Info = { ...group, publishables: { published: keep.map(({ p }) => p.value) } };
    if (group.styles !== undefined) next.styles = { style: keep.map(({ s }) => s ?? '') };
    if (refId(group.rootLayer) === key) delete next.rootLayer;
    catalog.modify('layerGroup', next, ctx);
  }
}

/** Layers and groups that use a style fall back to the default style for their kind. */
function replaceStyle(catalog: Catalog, styleId: string, ctx: ChangeContext): void {
  for (const r of catalog.referrersOf(styleId)) {
    if (r.type === 'layer') {
      const layer = r.info;
      const next: Info = { ...layer };
      if (refId(layer.defaultStyle) === styleId) {
        const fallback = defaultStyleFor(catalog, layer);
        if (fallback && fallback !== styleId) next.defaultStyle = { id: fallback };
        else delete next.defaultStyle;
      }
      const alternates = listIn(layer.styles, 'style').filter((s) => refId(s) !== styleId);
      if (layer.styles !== undefined) next.styles = alternates.length ? { '@class': 'linked-hash-set', style: alternates } : { '@class': 'linked-hash-set' };
      catalog.modify('layer', next, ctx);
    } else if (r.type === 'layerGroup') {
      const group = r.info;
      const next: Info = { ...group };
      if (group.styles !== undefined) next.styles = { style: listIn(group.styles, 'style').map((s) => (refId(s) === styleId ? '' : s)) };
      if (refId(group.rootLayerStyle) === styleId) delete next.rootLayerStyle;
      catalog.modify('layerGroup', next, ctx);
    }
  }
}

function defaultStyleFor(catalog: Catalog, layer: Info): string | undefined {
  const res = catalog.find(refId(layer.resource) ?? '');
  const kind = res && isResourceType(res.type) ? RESOURCE_KINDS[res.type].layerType : undefined;
  const style = catalog.byName('style', '', kind === 'RASTER' ? 'raster' : 'generic');
  return style?.id;
}
