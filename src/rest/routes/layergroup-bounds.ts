import type { Catalog } from '../../catalog/catalog.js';
import { memberIds } from '../../catalog/refs.js';
import { refId } from '../../catalog/types.js';
import { isXObject, textOf, type XObject, type XValue } from '../../xml/tree.js';

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
