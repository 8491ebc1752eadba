import type { Catalog } from '../catalog/catalog.js';
import { CatalogError } from '../catalog/errors.js';
import { refId, type Info, type InfoType, type ResourceType, type StoreType } from '../catalog/types.js';

/**
 * Where GeoServer keeps each object in its data directory, as path segments relative to the
 * root. Folder-owning objects (workspace, store, resource) also name the folder that moves when
 * they are renamed.
 */
export const STORE_FILE: Record<StoreType, string> = {
  dataStore: 'datastore.xml',
  coverageStore: 'coveragestore.xml',
  wmsStore: 'wmsstore.xml',
  wmtsStore: 'wmtsstore.xml',
};

export const RESOURCE_FILE: Record<ResourceType, string> = {
  featureType: 'featuretype.xml',
  coverage: 'coverage.xml',
  wmsLayer: 'wmslayer.xml',
  wmtsLayer: 'wmtslayer.xml',
};

export interface Location {
  /** The object's own XML file. */
  file: string[];
  /** The folder the object owns (moved on rename, removed with the object). */
  folder?: string[];
}

export class Layout {
  constructor(private readonly catalog: Catalog) {}

  /** The location of an object; parents are looked up in the catalog as it is now. */
  locate(type: InfoType, info: Info): Location {
    switch (type) {
      case 'workspace': {
        const folder = ['workspaces', str(info.name)];
        return { file: [...folder, 'workspace.xml'], folder };
      }
      case 'namespace':
        return { file: ['workspaces', str(info.prefix), 'namespace.xml'] };
      case 'dataStore':
      case 'coverageStore':
      case 'wmsStore':
      case 'wmtsStore': {
        const folder = [...this.workspaceFolder(info.workspace), str(info.name)];
        return { file: [...folder, STORE_FILE[type]], folder };
      }
      case 'featureType':
      case 'coverage':
      case 'wmsLayer':
      case 'wmtsLayer': {
        const folder = [...this.storeFolder(info.store), str(info.name)];
        return { file: [...folder, RESOURCE_FILE[type]], folder };
      }
      case 'layer':
        return { file: [...this.resourceFolder(info.resource), 'layer.xml'] };
      case 'style':
        return { file: [...this.scopeFolder(info.workspace), 'styles', `${str(info.name)}.xml`] };
      case 'layerGroup':
        return { file: [...this.scopeFolder(info.workspace), 'layergroups', `${str(info.name)}.xml`] };
      case 'global':
        return { file: ['global.xml'] };
      case 'logging':
        return { file: ['logging.xml'] };
      case 'settings':
        return { file: [...this.workspaceFolder(info.workspace), 'settings.xml'] };
      case 'wms':
      case 'wfs':
      case 'wcs':
      case 'wmts':
        return { file: [...this.scopeFolder(info.workspace), `${type}.xml`] };
      case 'defaults':
        return { file: ['workspaces', 'default.xml'] };
    }
  }

  /** The folder of the style files of a scope: `styles` or `workspaces/<ws>/styles`. */
  stylesFolder(workspace: Info['workspace']): string[] {
    return [...this.scopeFolder(workspace), 'styles'];
  }

  private scopeFolder(workspace: Info['workspace']): string[] {
    return refId(workspace) ? this.workspaceFolder(workspace) : [];
  }

  private workspaceFolder(workspace: Info['workspace']): string[] {
    const ws = this.parent('workspace', workspace);
    return ['workspaces', str(ws.name)];
  }

  private storeFolder(store: Info['store']): string[] {
    const found = this.catalog.find(refId(store) ?? '');
    if (!found) throw new CatalogError('dangling_reference', `store '${refId(store)}' does not exist`);
    return [...this.workspaceFolder(found.info.workspace), str(found.info.name)];
  }

  private resourceFolder(resource: Info['resource']): string[] {
    const found = this.catalog.find(refId(resource) ?? '');
    if (!found) throw new CatalogError('dangling_reference', `resource '${refId(resource)}' does not exist`);
    return [...this.storeFolder(found.info.store), str(found.info.name)];
  }

  private parent(type: InfoType, ref: Info['workspace']): Info {
    const info = this.catalog.get(type, refId(ref) ?? '');
    if (!info) throw new CatalogError('dangling_reference', `${type} '${refId(ref)}' does not exist`);
    return info;
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
