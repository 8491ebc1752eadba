import { RESOURCE_KINDS, RESOURCE_TYPES, STORE_KINDS, STORE_TYPES, label, type ResourceType, type StoreType } from '../../catalog/kinds.js';

/**
 * GeoServer's four store controllers and four resource controllers (DataStoreController,
 * CoverageStoreController, WMSStoreController, WMTSStoreController, FeatureTypeController,
 * CoverageController, WMSLayerController, WMTSLayerController). Paths and element names come from
 * the catalog's kind table (catalog/kinds.ts); what is written here is only what else differs
 * between the controllers: whether a PUT may rename or move a store, and their messages. Their
 * statuses are in rest/errors.ts.
 */
export interface StoreEndpoint {
  type: StoreType;
  /** Path segment under /workspaces/{ws}: `datastores`. */
  collection: string;
  resource: ResourceType;
  /** The element linking a store to its resources (`featureTypes`), and the path segment. */
  resourcesLink: string;
  resourcesPath: string;
  /** WMS and WMTS stores refuse a rename or a move by PUT. */
  fixedNameAndWorkspace: boolean;
  /** GeoServer's refusal to delete a store that still has resources. */
  notEmpty: string;
  /** The 404 of the store endpoints; the resource endpoints word it differently. */
  missing(ws: string, name: string): string;
  missingForResources(ws: string, name: string): string;
  /** The `type` of a new store. */
  defaultType?: string;
}

export interface ResourceEndpoint {
  type: ResourceType;
  store: StoreType;
  /** Path segment under a store (`featuretypes`) and under a workspace (`featuretypes`). */
  storePath: string;
  workspacePath: string;
  /** What GeoServer's messages call its store: `datastore`. */
  storeNoun: string;
  missing(ws: string, store: string | undefined, name: string): string;
  /** The refusal to delete it while a layer publishes it and ?recurse is not set. */
  referenced: string;
  /** GeoServer answers a featureType POST with an empty body, the others with the name. */
  createdBody: 'name' | 'empty';
}

type StoreQuirks = Pick<StoreEndpoint, 'fixedNameAndWorkspace' | 'notEmpty'> & { resourcesNoun?: string };
type ResourceQuirks = Pick<ResourceEndpoint, 'missing' | 'createdBody'>;

const STORE_QUIRKS: Record<StoreType, StoreQuirks> = {
  dataStore: { fixedNameAndWorkspace: false, notEmpty: 'Unable to delete non-empty store.', resourcesNoun: 'data store' },
  coverageStore: { fixedNameAndWorkspace: false, notEmpty: 'coveragestore not empty' },
  wmsStore: { fixedNameAndWorkspace: true, notEmpty: 'wmsstore not empty' },
  wmtsStore: { fixedNameAndWorkspace: true, notEmpty: 'wmtsstore not empty' },
};

const listed = (...parts: Array<string | undefined>) => parts.filter((p) => p !== undefined).join(',');

const RESOURCE_QUIRKS: Record<ResourceType, ResourceQuirks> = {
  featureType: { createdBody: 'empty', missing: (ws, store, name) => `No such feature type: ${listed(ws, store, name)}` },
  coverage: { createdBody: 'name', missing: (ws, store, name) => `No such coverage: ${listed(ws, store, name)}` },
  wmsLayer: { createdBody: 'name', missing: (ws, _store, name) => `No such cascaded wms: ${ws},${name}` },
  wmtsLayer: {
    createdBody: 'name',
    missing: (ws, store, name) => (store === undefined ? `No such cascaded wmts: ${ws},${name}` : `No such cascaded wmts layer: ${ws},${store},${name}`),
  },
};

function endpointOfStore(type: StoreType): StoreEndpoint {
  const kind = STORE_KINDS[type];
  const { resourcesNoun, ...quirks } = STORE_QUIRKS[type];
  const endpoint: StoreEndpoint = {
    type,
    collection: kind.rest.collection,
    resource: kind.resource,
    resourcesLink: kind.rest.resourcesLink,
    resourcesPath: RESOURCE_KINDS[kind.resource].rest.collection,
    ...quirks,
    missing: (ws, name) => `No such ${kind.label}: ${ws},${name}`,
    missingForResources: (ws, name) => `No such ${resourcesNoun ?? kind.label}: ${ws},${name}`,
  };
  if ('storeType' in kind) endpoint.defaultType = kind.storeType;
  return endpoint;
}

function endpointOfResource(type: ResourceType): ResourceEndpoint {
  const kind = RESOURCE_KINDS[type];
  return {
    type,
    store: kind.store,
    storePath: kind.rest.collection,
    workspacePath: kind.rest.workspaceCollection,
    storeNoun: label(kind.store),
    referenced: `${kind.label} referenced by layer(s)`,
    ...RESOURCE_QUIRKS[type],
  };
}

export const STORE_ENDPOINTS: readonly StoreEndpoint[] = STORE_TYPES.map(endpointOfStore);
export const RESOURCE_ENDPOINTS: readonly ResourceEndpoint[] = RESOURCE_TYPES.map(endpointOfResource);

export function storeEndpoint(type: StoreType): StoreEndpoint {
  return STORE_ENDPOINTS.find((k) => k.type === type)!;
}

export function resourceEndpoint(type: ResourceType): ResourceEndpoint {
  return RESOURCE_ENDPOINTS.find((k) => k.type === type)!;
}
