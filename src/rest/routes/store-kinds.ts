import type { ResourceType, StoreType } from '../../catalog/types.js';

/**
 * The four kinds of store and the resources they hold, with what differs between GeoServer's
 * controllers for them: path segments, list element names, the link a store shows to its
 * resources, whether a PUT may rename or move it, and the refusals' statuses and messages
 * (DataStoreController, CoverageStoreController, WMSStoreController, WMTSStoreController,
 * FeatureTypeController, CoverageController, WMSLayerController, WMTSLayerController).
 */
export interface StoreKind {
  type: StoreType;
  /** Path segment under /workspaces/{ws}: `datastores`. */
  collection: string;
  /** List element names: `dataStores` / `dataStore`. */
  plural: string;
  resource: ResourceType;
  /** The element linking a store to its resources (`featureTypes`), and the path segment. */
  resourcesLink: string;
  resourcesPath: string;
  /** WMS and WMTS stores refuse a rename or a move by PUT with 403. */
  fixedNameAndWorkspace: boolean;
  /** GeoServer's refusal to delete a store that still has resources. */
  notEmpty: { status: number; message: string };
  /** The 404 of the store endpoints; the resource endpoints word it differently. */
  missing(ws: string, name: string): string;
  missingForResources(ws: string, name: string): string;
  defaultType?: string;
}

export interface ResourceKind {
  type: ResourceType;
  store: StoreType;
  /** Path segment under a store (`featuretypes`) and under a workspace (`featuretypes`). */
  storePath: string;
  workspacePath: string;
  plural: string;
  /** Words used in GeoServer's messages: `feature type`, `datastore`. */
  noun: string;
  storeNoun: string;
  missing(ws: string, store: string | undefined, name: string): string;
  /** 403 when a layer still publishes it and ?recurse is not set. */
  referenced: string;
  /** GeoServer answers a featureType POST with an empty body, the others with the name. */
  createdBody: 'name' | 'empty';
}

export const STORE_KINDS: readonly StoreKind[] = [
  {
    type: 'dataStore',
    collection: 'datastores',
    plural: 'dataStores',
    resource: 'featureType',
    resourcesLink: 'featureTypes',
    resourcesPath: 'featuretypes',
    fixedNameAndWorkspace: false,
    notEmpty: { status: 403, message: 'Unable to delete non-empty store.' },
    missing: (ws, name) => `No such datastore: ${ws},${name}`,
    missingForResources: (ws, name) => `No such data store: ${ws},${name}`,
  },
  {
    type: 'coverageStore',
    collection: 'coveragestores',
    plural: 'coverageStores',
    resource: 'coverage',
    resourcesLink: 'coverages',
    resourcesPath: 'coverages',
    fixedNameAndWorkspace: false,
    notEmpty: { status: 401, message: 'coveragestore not empty' },
    missing: (ws, name) => `No such coverage store: ${ws},${name}`,
    missingForResources: (ws, name) => `No such coverage store: ${ws},${name}`,
  },
  {
    type: 'wmsStore',
    collection: 'wmsstores',
    plural: 'wmsStores',
    resource: 'wmsLayer',
    resourcesLink: 'wmslayers',
    resourcesPath: 'wmslayers',
    fixedNameAndWorkspace: true,
    notEmpty: { status: 401, message: 'wmsstore not empty' },
    missing: (ws, name) => `No such wms store: ${ws},${name}`,
    missingForResources: (ws, name) => `No such wms store: ${ws},${name}`,
    defaultType: 'WMS',
  },
  {
    type: 'wmtsStore',
    collection: 'wmtsstores',
    plural: 'wmtsStores',
    resource: 'wmtsLayer',
    resourcesLink: 'layers',
    resourcesPath: 'layers',
    fixedNameAndWorkspace: true,
    notEmpty: { status: 401, message: 'wmtsstore not empty' },
    missing: (ws, name) => `No such wmts store: ${ws},${name}`,
    missingForResources: (ws, name) => `No such wmts store: ${ws},${name}`,
    defaultType: 'WMTS',
  },
];

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    type: 'featureType',
    store: 'dataStore',
    storePath: 'featuretypes',
    workspacePath: 'featuretypes',
    plural: 'featureTypes',
    noun: 'feature type',
    storeNoun: 'datastore',
    missing: (ws, store, name) => `No such feature type: ${[ws, store, name].filter((p) => p !== undefined).join(',')}`,
    referenced: 'feature type referenced by layer(s)',
    createdBody: 'empty',
  },
  {
    type: 'coverage',
    store: 'coverageStore',
    storePath: 'coverages',
    workspacePath: 'coverages',
    plural: 'coverages',
    noun: 'coverage',
    storeNoun: 'coverage store',
    missing: (ws, store, name) => `No such coverage: ${[ws, store, name].filter((p) => p !== undefined).join(',')}`,
    referenced: 'coverage referenced by layer(s)',
    createdBody: 'name',
  },
  {
    type: 'wmsLayer',
    store: 'wmsStore',
    storePath: 'wmslayers',
    workspacePath: 'wmslayers',
    plural: 'wmsLayers',
    noun: 'wms layer',
    storeNoun: 'wms store',
    missing: (ws, _store, name) => `No such cascaded wms: ${ws},${name}`,
    referenced: 'wms layer referenced by layer(s)',
    createdBody: 'name',
  },
  {
    type: 'wmtsLayer',
    store: 'wmtsStore',
    storePath: 'layers',
    workspacePath: 'wmtslayers',
    plural: 'wmtsLayers',
    noun: 'wmts layer',
    storeNoun: 'wmts store',
    missing: (ws, store, name) => (store === undefined ? `No such cascaded wmts: ${ws},${name}` : `No such cascaded wmts layer: ${ws},${store},${name}`),
    referenced: 'wmts layer referenced by layer(s)',
    createdBody: 'name',
  },
];

export function storeKind(type: StoreType): StoreKind {
  return STORE_KINDS.find((k) => k.type === type)!;
}

export function resourceKind(type: ResourceType): ResourceKind {
  return RESOURCE_KINDS.find((k) => k.type === type)!;
}
