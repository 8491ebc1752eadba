import type { Catalog } from '../catalog/catalog.js';
import { CatalogError } from '../catalog/errors.js';
import { KINDS, kindOf, type DataDirPlace, type InfoType, type Parent } from '../catalog/kinds.js';
import { refId, type Info } from '../catalog/types.js';
import { tileLayerPath } from '../gwc/model.js';

/**
 * Where GeoServer keeps each object in its data directory, as path segments relative to the root,
 * from the kind table (catalog/kinds.ts). Folder-owning objects (workspace, store, resource) also
 * name the folder that moves when they are renamed.
 */
export interface Location {
  /** The object's own XML file. */
  file: string[];
  /** The folder the object owns (moved on rename, removed with the object). */
  folder?: string[];
}

/** The XML root element of each type as GeoServer writes it (`defaults` is a copy of a workspace). */
export function rootElement(type: InfoType): string {
  return KINDS[type].root;
}

export class Layout {
  constructor(private readonly catalog: Catalog) {}

  /** The location of an object; parents are looked up in the catalog as it is now. */
  locate(type: InfoType, info: Info): Location {
    const { dataDir, nameField } = kindOf(type);
    if (dataDir.codec === 'gwc') return { file: gwcFile(type, info) };
    const parent = this.parentFolder(dataDir.parent, info);
    const name = nameField === undefined ? '' : str(info[nameField]);
    if (dataDir.list !== undefined) return { file: [...parent, dataDir.list, `${name}.xml`] };
    if (dataDir.folder === undefined) return { file: [...parent, dataDir.file!] };
    const folder = [...parent, name];
    return dataDir.folder === 'own' ? { file: [...folder, dataDir.file!], folder } : { file: [...folder, dataDir.file!] };
  }

  /** The folder of the style files of a scope: `styles` or `workspaces/<ws>/styles`. */
  stylesFolder(workspace: Info['workspace']): string[] {
    return [...this.scopeFolder(workspace), KINDS.style.dataDir.list];
  }

  private parentFolder(parent: Parent, info: Info): string[] {
    switch (parent) {
      case 'root':
        return [];
      case 'workspaces':
        return [WORKSPACES];
      case 'workspace':
        return this.workspaceFolder(info.workspace);
      case 'scope':
        return this.scopeFolder(info.workspace);
      case 'store':
        return this.storeFolder(info.store);
      case 'resource':
        return this.resourceFolder(info.resource);
      case 'security':
        return [SECURITY_FOLDER];
    }
  }

  private scopeFolder(workspace: Info['workspace']): string[] {
    return refId(workspace) ? this.workspaceFolder(workspace) : [];
  }

  private workspaceFolder(workspace: Info['workspace']): string[] {
    const ws = this.catalog.get('workspace', refId(workspace) ?? '');
    if (!ws) throw new CatalogError('dangling_reference', `workspace '${refId(workspace)}' does not exist`);
    return [WORKSPACES, str(ws.name)];
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
}

/** GeoServer's security configuration; its files are written by security-files.ts. */
export const SECURITY_FOLDER = 'security';

/** The folder of the workspaces (and of `default.xml`). */
export const WORKSPACES = 'workspaces';

/** The folders of a data directory, by what they hold. */
export type Folder = 'root' | 'workspaces' | 'workspace' | 'store' | 'resource';

/** The folder an object's own folder is a kind of, by the folder it sits in. */
const CHILD: Partial<Record<Parent, Folder>> = { workspaces: 'workspace', workspace: 'store', store: 'resource' };

/**
 * The XML files GeoServer's loader looks for in each kind of folder, with the kind each holds
 * (datadir/scan.ts reads them, /rest/resource keeps its hands off them). Objects in list folders
 * are in LIST_FOLDERS instead.
 */
export const FILES_IN: Readonly<Record<Folder, ReadonlyMap<string, InfoType>>> = {
  root: filesIn('root'),
  workspaces: filesIn('workspaces'),
  workspace: filesIn('workspace'),
  store: filesIn('store'),
  resource: filesIn('resource'),
};

/** List folders (of the root and of each workspace) and what each `<name>.xml` in them holds, in the order the loader reads them. */
export const LIST_FOLDERS: ReadonlyArray<{ folder: string; type: InfoType }> = (['style', 'layerGroup'] as const).map((type) => ({ folder: KINDS[type].dataDir.list, type }));

function filesIn(folder: Folder): ReadonlyMap<string, InfoType> {
  const out = new Map<string, InfoType>();
  for (const type of Object.keys(KINDS) as InfoType[]) {
    const place = kindOf(type).dataDir;
    if (place.file !== undefined && place.codec === undefined && foldersOf(place).includes(folder)) out.set(place.file, type);
  }
  return out;
}

/** The kinds of folder a kind's file sits directly in. */
function foldersOf(place: DataDirPlace): Folder[] {
  if (place.list !== undefined || place.parent === 'security') return [];
  if (place.folder !== undefined) return [CHILD[place.parent]!];
  return place.parent === 'scope' ? ['root', 'workspace'] : [place.parent];
}

/** A GeoWebCache object's file: its own in gwc-layers/, else the one file of its kind. */
function gwcFile(type: InfoType, info: Info): string[] {
  if (type === 'tileLayer') return tileLayerPath(str(info.id));
  return kindOf(type).dataDir.file!.split('/');
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
