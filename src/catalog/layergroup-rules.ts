import { fail } from './errors.js';
import type { CatalogView } from './integrity.js';
import { listIn, memberIds } from './refs.js';
import { refId, type Info } from './types.js';

/** The modes of a layer group, as GeoServer's LayerGroupInfo.Mode names them. */
export const LAYER_GROUP_MODES = ['SINGLE', 'OPAQUE_CONTAINER', 'NAMED', 'CONTAINER', 'EO'];

/**
 * GeoServer's rules for a layer group someone edits (CatalogImpl.validate(LayerGroupInfo)): a known
 * mode; a root layer and root layer style exactly in EO mode; a group in a workspace holds only
 * layers, groups and styles of that workspace (or global ones); no group contains itself, however
 * deep. Whoever takes an edit of a group (REST, UI, a bridge) runs them before Catalog.add or
 * modify, which check only what every object must hold: the removals of a cascade and the objects
 * of a data directory or of another node are not refused for these. Broken rules are `invalid`.
 */
export function checkLayerGroup(catalog: CatalogView, group: Info): void {
  const mode = String(group.mode ?? 'SINGLE');
  if (!LAYER_GROUP_MODES.includes(mode)) fail('invalid', `Invalid layer group mode '${mode}': expected one of ${LAYER_GROUP_MODES.join(', ')}`);
  if (mode === 'EO') {
    if (!refId(group.rootLayer)) fail('invalid', 'Layer group in mode EO must have a root layer');
    if (!refId(group.rootLayerStyle)) fail('invalid', 'Layer group in mode EO must have a root layer style');
  } else {
    if (group.rootLayer !== undefined) fail('invalid', `Layer group in mode ${mode} must not have a root layer`);
    if (group.rootLayerStyle !== undefined) fail('invalid', `Layer group in mode ${mode} must not have a root layer style`);
  }
  const wsId = refId(group.workspace);
  if (wsId) checkInWorkspace(catalog, group, wsId, new Set());
  checkLoops(catalog, group);
}

function checkInWorkspace(catalog: CatalogView, group: Info, wsId: string, seen: Set<string>): void {
  const name = (id: string | undefined) => String(catalog.get('workspace', id ?? '')?.name ?? '');
  const refuse = (what: string, other: string | undefined) => {
    fail('invalid', `Layer group within a workspace (${name(wsId)}) can not contain ${what} from other workspace: ${name(other)}`);
  };
  const own = refId(group.workspace);
  if (own && own !== wsId) refuse('resources', own);
  for (const id of [...memberIds(group), refId(group.rootLayer)]) {
    const found = id ? catalog.find(id) : undefined;
    if (found?.type === 'layer') {
      const layerWs = workspaceOfLayer(catalog, found.info);
      if (layerWs !== wsId) refuse('resources', layerWs);
    } else if (found?.type === 'layerGroup' && !seen.has(id!)) {
      seen.add(id!);
      checkInWorkspace(catalog, found.info, wsId, seen);
    }
  }
  for (const s of [...listIn(group.styles, 'style'), group.rootLayerStyle]) {
    const styleWs = refId(catalog.get('style', refId(s) ?? '')?.workspace);
    if (styleWs && styleWs !== wsId) refuse('styles', styleWs);
  }
}

function workspaceOfLayer(catalog: CatalogView, layer: Info): string | undefined {
  const resource = catalog.find(refId(layer.resource) ?? '');
  const store = catalog.find(refId(resource?.info.store) ?? '');
  return refId(store?.info.workspace);
}

/** A group reached again while walking its nested groups is a loop (LayerGroupHelper.checkLoops). */
function checkLoops(catalog: CatalogView, group: Info): void {
  if (!group.id) return;
  const walk = (members: string[], path: string[]): void => {
    for (const id of members) {
      if (catalog.typeOf(id) !== 'layerGroup' && id !== group.id) continue;
      if (id === group.id) fail('invalid', `Layer group is in a loop: ${[...path, String(group.name)].join('/')}`);
      const nested = catalog.get('layerGroup', id)!;
      if (path.includes(String(nested.name))) continue;
      walk(memberIds(nested), [...path, String(nested.name)]);
    }
  };
  walk(memberIds(group), [String(group.name)]);
}
