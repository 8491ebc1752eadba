import type { Catalog, CatalogChange, ChangeContext } from '../catalog/catalog.js';
import { isResourceType } from '../catalog/kinds.js';
import { listIn } from '../catalog/refs.js';
import { refId, type Info } from '../catalog/types.js';
import { deepEqual } from '../xml/tree.js';
import { defaultGwcConfig } from './gwc-config.js';
import { SINGLETON_KEY, type TileLayerInfo } from './model.js';
import { gridSetsOf, refreshStyleFilter, renameTileLayer, tileLayerName, tileLayerOnAdd, withoutGridSet, type PublishedRef } from './tile-layers.js';

/**
 * GeoServer's CatalogLayerEventListener and GWC.removeGridSets: tile layers follow the layers and
 * groups they cache. Only local changes are followed, inside the same change (so the same journal
 * transaction): what follows from them is itself a local change that replicates as its own
 * event, so replicas never re-run these rules.
 */
export function followCatalog(catalog: Catalog): () => void {
  return catalog.onChange((change, ctx) => {
    if (ctx.source === 'local') new TileLayerFollower(catalog, ctx).follow(change);
  });
}

class TileLayerFollower {
  constructor(
    private readonly catalog: Catalog,
    private readonly ctx: ChangeContext,
  ) {}

  follow(change: CatalogChange): void {
    const { type, op } = change;
    if (type === 'layer' || type === 'layerGroup') {
      if (op === 'add') this.added(change.key);
      else if (op === 'remove') this.removed(change.key);
      else this.refresh(change.key);
    } else if (isResourceType(type) && op === 'modify') {
      const layer = this.catalog.layerOf(change.key);
      if (layer) this.refresh(layer.id);
    } else if ((type === 'workspace' || type === 'namespace' || type === 'style') && op === 'modify') {
      for (const tl of [...this.catalog.list('tileLayer')]) this.refresh(String(tl.id));
    } else if (type === 'gridSet' && op === 'remove') {
      this.gridSetRemoved(String(change.old!.name));
    }
  }

  private added(id: string): void {
    const published = this.published(id);
    if (!published || this.tileLayer(id)) return;
    const config = this.catalog.get('gwcConfig', SINGLETON_KEY.gwcConfig!) ?? defaultGwcConfig();
    const tileLayer = tileLayerOnAdd(published, config);
    if (tileLayer) this.catalog.add('tileLayer', tileLayer, this.ctx);
  }

  private removed(id: string): void {
    if (this.tileLayer(id)) this.catalog.remove('tileLayer', keyOf(id), this.ctx);
  }

  /** A renamed layer, group, resource or workspace renames the tile layer; new styles refresh its filter. */
  private refresh(id: string): void {
    const current = this.tileLayer(id);
    const published = current && this.published(id);
    if (!current || !published) return;
    let next = current.name === published.name ? current : renameTileLayer(current, published.name);
    next = refreshStyleFilter(next, published);
    if (!deepEqual(next, current)) this.catalog.modify('tileLayer', next, this.ctx);
  }

  private gridSetRemoved(name: string): void {
    for (const tl of [...this.catalog.list('tileLayer')]) {
      if (gridSetsOf(tl).includes(name)) this.catalog.modify('tileLayer', withoutGridSet(tl, name), this.ctx);
    }
  }

  private tileLayer(id: string): TileLayerInfo | undefined {
    return this.catalog.get('tileLayer', keyOf(id));
  }

  private published(id: string): PublishedRef | undefined {
    return publishedRef(this.catalog, id);
  }
}

function keyOf(id: string): string {
  return `tileLayer@${id}`;
}

/** A layer or group as the GWC rules see it (GWC.tileLayerName, StyleInfo.prefixedName). */
export function publishedRef(catalog: Catalog, id: string): PublishedRef | undefined {
  const group = catalog.get('layerGroup', id);
  if (group) return { kind: 'layerGroup', id, name: tileLayerName(group.name, workspaceName(catalog, group.workspace)) };
  const layer = catalog.get('layer', id);
  const resource = layer && catalog.find(refId(layer.resource) ?? '');
  if (!layer || !resource || !isResourceType(resource.type)) return undefined;
  const ns = catalog.get('namespace', refId(resource.info.namespace) ?? '');
  const styles = listIn(layer.styles, 'style').map((s) => styleName(catalog, refId(s))).filter((s): s is string => !!s);
  return {
    kind: 'layer',
    id,
    name: tileLayerName(String(resource.info.name), ns?.prefix),
    resource: resource.type,
    defaultStyle: styleName(catalog, refId(layer.defaultStyle)),
    styles,
  };
}

function workspaceName(catalog: Catalog, ref: Info['workspace']): string | undefined {
  return catalog.get('workspace', refId(ref) ?? '')?.name;
}

function styleName(catalog: Catalog, id: string | undefined): string | undefined {
  const style = id ? catalog.get('style', id) : undefined;
  return style ? tileLayerName(style.name, workspaceName(catalog, style.workspace)) : undefined;
}
