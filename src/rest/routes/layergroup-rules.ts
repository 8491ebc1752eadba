import type { Catalog } from '../../catalog/catalog.js';
import { listIn } from '../../catalog/refs.js';
import { refId, type Info } from '../../catalog/types.js';
import { isXObject, textOf, type XObject, type XValue } from '../../xml/tree.js';
import { RestError } from '../http.js';
import { memberIds, MODES } from './layergroup-bodies.js';

/**
 * GeoServer's rules for a layer group (CatalogImpl.validate(LayerGroupInfo)): a known mode; a
 * root layer and root layer style exactly in EO mode; a group in a workspace holds only layers,
 * groups and styles of that workspace (or global ones); no group contains itself, however deep.
 * Broken rules are 400 here (GeoServer: 500, an IllegalArgumentException).
 */
export function checkGroup(catalog: Catalog, group: Info): void {
  const mode = String(group.mode ?? 'SINGLE');
  if (!MODES.includes(mode)) throw new RestError(400, `Invalid layer group mode '${mode}': expected one of ${MODES.join(', ')}`);
  if (mode === 'EO') {
    if (!refId(group.rootLayer)) throw new RestError(400, 'Layer group in mode EO must have a root layer');
    if (!refId(group.rootLayerStyle)) throw new RestError(400, 'Layer group in mode EO must have a root layer style');
  } else {
    if (group.rootLayer !== undefined) throw new RestError(400, `Layer group in mode ${mode} must not have a root layer`);
    if (group.rootLayerStyle !== undefined) throw new RestError(400, `Layer group in mode ${mode} must not have a root layer style`);
  }
  const wsId = refId(group.workspace);
  if (wsId) checkInWorkspace(catalog, group, wsId, new Set());
  checkLoops(catalog, group);
}

function checkInWorkspace(catalog: Catalog, group: Info, wsId: string, seen: Set<string>): void {
  const name = (id: string | undefined) => String(catalog.get('workspace', id ?? '')?.name ?? '');
  const refuse = (what: string, other: string | undefined) => {
    throw new RestError(400, `Layer group within a workspace (${name(wsId)}) can not contain ${what} from other workspace: ${name(other)}`);
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

function workspaceOfLayer(catalog: Catalog, layer: Info): string | undefined {
  const resource = catalog.find(refId(layer.resource) ?? '');
  const store = catalog.find(refId(resource?.info.store) ?? '');
  return refId(store?.info.workspace);
}

/** A group reached again while walking its nested groups is a loop (LayerGroupHelper.checkLoops). */
function checkLoops(catalog: Catalog, group: Info): void {
  if (!group.id) return;
  const walk = (members: string[], path: string[]): void => {
    for (const id of members) {
      if (catalog.typeOf(id) !== 'layerGroup' && id !== group.id) continue;
      if (id === group.id) throw new RestError(400, `Layer group is in a loop: ${[...path, String(group.name)].join('/')}`);
      const nested = catalog.get('layerGroup', id)!;
      if (path.includes(String(nested.name))) continue;
      walk(memberIds(nested), [...path, String(nested.name)]);
    }
  };
  walk(memberIds(group), [String(group.name)]);
}

/**
 * Bounds of a group whose body gives none: the union of its members' latLonBoundingBox, nested
 * groups included, in EPSG:4326 (GeoServer reprojects into the first layer's CRS; this node does
 * no reprojection).
 */
export function computedBounds(catalog: Catalog, published: XValue[]): XObject | undefined {
  const box = { minx: Infinity, maxx: -Infinity, miny: Infinity, maxy: -Infinity };
  const seen = new Set<string>();
  const walk = (ids: string[]) => {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const found = catalog.find(id);
      if (found?.type === 'layerGroup') walk(memberIds(found.info));
      else if (found?.type === 'layer') extend(box, catalog.find(refId(found.info.resource) ?? '')?.info.latLonBoundingBox);
    }
  };
  walk(published.map((p) => refId(p)).filter((id): id is string => id !== undefined));
  if (!Number.isFinite(box.minx)) return undefined;
  return { minx: double(box.minx), maxx: double(box.maxx), miny: double(box.miny), maxy: double(box.maxy), crs: 'EPSG:4326' };
}

function extend(box: Record<'minx' | 'maxx' | 'miny' | 'maxy', number>, bbox: XValue | undefined): void {
  if (!isXObject(bbox)) return;
  const n = (k: string) => Number(textOf(bbox[k]));
  const [minx, maxx, miny, maxy] = [n('minx'), n('maxx'), n('miny'), n('maxy')];
  if (![minx, maxx, miny, maxy].every(Number.isFinite)) return;
  box.minx = Math.min(box.minx, minx);
  box.maxx = Math.max(box.maxx, maxx);
  box.miny = Math.min(box.miny, miny);
  box.maxy = Math.max(box.maxy, maxy);
}

/** A number as Java's Double.toString writes it for ordinary values (`-180.0`, `44.5`). */
function double(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}
