/**
 * Every kind of object a node keeps, in one table: how GeoServer names it (XML root element,
 * implementation class for ids, words in messages), where it sits in the data directory, and how
 * its REST API names it. The data directory layout (datadir/layout.ts) and the REST paths and
 * element names (rest/) derive from here; adding a kind starts in this file.
 *
 * Rows are in the order objects are listed everywhere (catalog first, then configuration): keep it.
 */

/** Where an object's folder or file sits, relative to the object that holds it. */
export type Parent =
  | 'root' // the data directory itself
  | 'workspaces' // the `workspaces` folder
  | 'workspace' // the folder of the workspace it refers to (required)
  | 'scope' // the folder of its workspace if it has one, else the root
  | 'store' // the folder of its store
  | 'resource' // the folder of its resource
  | 'security'; // the `security` folder: files aggregated from many objects (see SECURITY)

export interface DataDirPlace {
  parent: Parent;
  /**
   * A folder named after the object: `own` when the object owns it (it moves on rename and goes
   * with the object), `shared` when it only sits in it (a namespace in its workspace's folder).
   */
  folder?: 'own' | 'shared';
  /** A list folder under the parent holding one `<name>.xml` per object (`styles`). */
  list?: string;
  /** The object's file name; objects in a list folder are `<name>.xml`. */
  file?: string;
  /**
   * GeoWebCache's files have their own readers and writers (src/gwc, placed by
   * datadir/gwc-files.ts): the generic layout, loader and persister leave them alone.
   */
  codec?: 'gwc';
}

/** How GeoServer's REST API names a catalog kind. */
export interface RestNames {
  /** Path segment of its collection: `/workspaces/{ws}/datastores`. */
  collection: string;
  /** Root element of a listing, holding one element per item named like the kind: `dataStores`. */
  list: string;
}

export interface Kind {
  /** XML root element, in the data directory and in REST bodies. */
  root: string;
  /** GeoServer's implementation class, the prefix of the ids it gives (`DataStoreInfoImpl-…`). */
  idPrefix: string;
  /** What messages call it. */
  label: string;
  /** The field that names it; layers (named after their resource) and configuration have none. */
  nameField?: 'name' | 'prefix';
  /** What its name is unique in, when not in the whole catalog: the workspace or namespace it refers to. */
  nameScope?: 'workspace' | 'namespace';
  dataDir: DataDirPlace;
  rest?: RestNames;
}

export interface StoreKind extends Kind {
  rest: RestNames & {
    /** The element of a store that links its resources (`featureTypes`). */
    resourcesLink: string;
  };
  /** The kind of resource it holds. */
  resource: 'featureType' | 'coverage' | 'wmsLayer' | 'wmtsLayer';
  /** The `type` GeoServer gives a new store of this kind, if any. */
  storeType?: string;
}

export interface ResourceKind extends Kind {
  rest: RestNames & {
    /** Path segment of the resources of a workspace (`collection` is the one under a store). */
    workspaceCollection: string;
    /** Element of each native name in `?list=available` answers. */
    nativeName: string;
  };
  /** The kind of store that holds it. */
  store: 'dataStore' | 'coverageStore' | 'wmsStore' | 'wmtsStore';
  /** The `type` of the layer that publishes it. */
  layerType: 'VECTOR' | 'RASTER' | 'WMS' | 'WMTS';
}

const CATALOG = {
  workspace: {
    root: 'workspace', idPrefix: 'WorkspaceInfoImpl', label: 'workspace', nameField: 'name',
    dataDir: { parent: 'workspaces', folder: 'own', file: 'workspace.xml' },
    rest: { collection: 'workspaces', list: 'workspaces' },
  },
  namespace: {
    root: 'namespace', idPrefix: 'NamespaceInfoImpl', label: 'namespace', nameField: 'prefix',
    dataDir: { parent: 'workspaces', folder: 'shared', file: 'namespace.xml' },
    rest: { collection: 'namespaces', list: 'namespaces' },
  },
} as const satisfies Record<string, Kind>;

export const STORE_KINDS = {
  dataStore: {
    root: 'dataStore', idPrefix: 'DataStoreInfoImpl', label: 'datastore', nameField: 'name', nameScope: 'workspace', resource: 'featureType',
    dataDir: { parent: 'workspace', folder: 'own', file: 'datastore.xml' },
    rest: { collection: 'datastores', list: 'dataStores', resourcesLink: 'featureTypes' },
  },
  coverageStore: {
    root: 'coverageStore', idPrefix: 'CoverageStoreInfoImpl', label: 'coverage store', nameField: 'name', nameScope: 'workspace', resource: 'coverage',
    dataDir: { parent: 'workspace', folder: 'own', file: 'coveragestore.xml' },
    rest: { collection: 'coveragestores', list: 'coverageStores', resourcesLink: 'coverages' },
  },
  wmsStore: {
    root: 'wmsStore', idPrefix: 'WMSStoreInfoImpl', label: 'wms store', nameField: 'name', nameScope: 'workspace', resource: 'wmsLayer', storeType: 'WMS',
    dataDir: { parent: 'workspace', folder: 'own', file: 'wmsstore.xml' },
    rest: { collection: 'wmsstores', list: 'wmsStores', resourcesLink: 'wmslayers' },
  },
  wmtsStore: {
    root: 'wmtsStore', idPrefix: 'WMTSStoreInfoImpl', label: 'wmts store', nameField: 'name', nameScope: 'workspace', resource: 'wmtsLayer', storeType: 'WMTS',
    dataDir: { parent: 'workspace', folder: 'own', file: 'wmtsstore.xml' },
    rest: { collection: 'wmtsstores', list: 'wmtsStores', resourcesLink: 'layers' },
  },
} as const satisfies Record<string, StoreKind>;

export const RESOURCE_KINDS = {
  featureType: {
    root: 'featureType', idPrefix: 'FeatureTypeInfoImpl', label: 'feature type', nameField: 'name', nameScope: 'namespace', store: 'dataStore', layerType: 'VECTOR',
    dataDir: { parent: 'store', folder: 'own', file: 'featuretype.xml' },
    rest: { collection: 'featuretypes', workspaceCollection: 'featuretypes', list: 'featureTypes', nativeName: 'featureTypeName' },
  },
  coverage: {
    root: 'coverage', idPrefix: 'CoverageInfoImpl', label: 'coverage', nameField: 'name', nameScope: 'namespace', store: 'coverageStore', layerType: 'RASTER',
    dataDir: { parent: 'store', folder: 'own', file: 'coverage.xml' },
    rest: { collection: 'coverages', workspaceCollection: 'coverages', list: 'coverages', nativeName: 'coverageName' },
  },
  wmsLayer: {
    root: 'wmsLayer', idPrefix: 'WMSLayerInfoImpl', label: 'wms layer', nameField: 'name', nameScope: 'namespace', store: 'wmsStore', layerType: 'WMS',
    dataDir: { parent: 'store', folder: 'own', file: 'wmslayer.xml' },
    rest: { collection: 'wmslayers', workspaceCollection: 'wmslayers', list: 'wmsLayers', nativeName: 'wmsLayerName' },
  },
  wmtsLayer: {
    root: 'wmtsLayer', idPrefix: 'WMTSLayerInfoImpl', label: 'wmts layer', nameField: 'name', nameScope: 'namespace', store: 'wmtsStore', layerType: 'WMTS',
    dataDir: { parent: 'store', folder: 'own', file: 'wmtslayer.xml' },
    // GeoServer's WMTS layers are `layers` under their store but `wmtslayers` under their workspace
    rest: { collection: 'layers', workspaceCollection: 'wmtslayers', list: 'wmtsLayers', nativeName: 'wmtsLayerName' },
  },
} as const satisfies Record<string, ResourceKind>;

const PUBLISHED = {
  layer: {
    root: 'layer', idPrefix: 'LayerInfoImpl', label: 'layer',
    dataDir: { parent: 'resource', file: 'layer.xml' },
    rest: { collection: 'layers', list: 'layers' },
  },
  layerGroup: {
    root: 'layerGroup', idPrefix: 'LayerGroupInfoImpl', label: 'layer group', nameField: 'name', nameScope: 'workspace',
    dataDir: { parent: 'scope', list: 'layergroups' },
    rest: { collection: 'layergroups', list: 'layerGroups' },
  },
  style: {
    root: 'style', idPrefix: 'StyleInfoImpl', label: 'style', nameField: 'name', nameScope: 'workspace',
    dataDir: { parent: 'scope', list: 'styles' },
    rest: { collection: 'styles', list: 'styles' },
  },
} as const satisfies Record<string, Kind>;

/** Service settings: one global object each, and one per workspace that has its own. */
export const SERVICE_KINDS = {
  wms: { root: 'wms', idPrefix: 'WMSInfoImpl', label: 'wms', dataDir: { parent: 'scope', file: 'wms.xml' } },
  wfs: { root: 'wfs', idPrefix: 'WFSInfoImpl', label: 'wfs', dataDir: { parent: 'scope', file: 'wfs.xml' } },
  wcs: { root: 'wcs', idPrefix: 'WCSInfoImpl', label: 'wcs', dataDir: { parent: 'scope', file: 'wcs.xml' } },
  wmts: { root: 'wmts', idPrefix: 'WMTSInfoImpl', label: 'wmts', dataDir: { parent: 'scope', file: 'wmts.xml' } },
} as const satisfies Record<string, Kind>;

/**
 * GeoWebCache's configuration (src/gwc/model.ts): GeoServer's gwc-gs.xml, one file per tile layer
 * in gwc-layers/, and GWC's gwc/geowebcache.xml (grid sets, blob stores and the globals, three
 * kinds sharing one file) and gwc/geowebcache-diskquota.xml. Keys: gwcKey (one slot per singleton,
 * `tileLayer@<layer or group id>`, `gridSet@<name>`, `blobStore@<id>`).
 */
export const GWC_KINDS_TABLE = {
  gwcConfig: { root: 'GeoServerGWCConfig', idPrefix: 'GWCConfig', label: 'GeoWebCache settings', dataDir: { parent: 'root', file: 'gwc-gs.xml', codec: 'gwc' } },
  tileLayer: { root: 'GeoServerTileLayer', idPrefix: 'GeoServerTileLayerInfoImpl', label: 'tile layer', nameField: 'name', dataDir: { parent: 'root', list: 'gwc-layers', codec: 'gwc' } },
  gridSet: { root: 'gridSet', idPrefix: 'XMLGridSet', label: 'grid set', dataDir: { parent: 'root', file: 'gwc/geowebcache.xml', codec: 'gwc' } },
  blobStore: { root: 'blobStore', idPrefix: 'BlobStoreInfo', label: 'blob store', dataDir: { parent: 'root', file: 'gwc/geowebcache.xml', codec: 'gwc' } },
  gwcGlobals: { root: 'gwcConfiguration', idPrefix: 'GeoWebCacheConfiguration', label: 'GeoWebCache globals', dataDir: { parent: 'root', file: 'gwc/geowebcache.xml', codec: 'gwc' } },
  diskQuota: { root: 'gwcQuotaConfiguration', idPrefix: 'DiskQuotaConfig', label: 'disk quota', dataDir: { parent: 'root', file: 'gwc/geowebcache-diskquota.xml', codec: 'gwc' } },
} as const satisfies Record<string, Kind>;

export type GwcType = keyof typeof GWC_KINDS_TABLE;
export const GWC_TYPES = Object.keys(GWC_KINDS_TABLE) as readonly GwcType[];
export function isGwcType(t: string): t is GwcType {
  return Object.hasOwn(GWC_KINDS_TABLE, t);
}

/**
 * Configuration objects: one global each, or one per workspace (settings, services). `defaults`
 * holds the default workspace and namespace; GeoServer keeps it as a copy of the default workspace.
 */
const CONFIGURATION = {
  global: { root: 'global', idPrefix: 'GeoServerInfoImpl', label: 'global', dataDir: { parent: 'root', file: 'global.xml' } },
  logging: { root: 'logging', idPrefix: 'LoggingInfoImpl', label: 'logging', dataDir: { parent: 'root', file: 'logging.xml' } },
  settings: { root: 'settings', idPrefix: 'SettingsInfoImpl', label: 'settings', dataDir: { parent: 'workspace', file: 'settings.xml' } },
  ...SERVICE_KINDS,
  defaults: { root: 'workspace', idPrefix: 'CatalogDefaults', label: 'defaults', dataDir: { parent: 'workspaces', file: 'default.xml' } },
  ...GWC_KINDS_TABLE,
} as const satisfies Record<string, Kind>;

/**
 * GeoServer's security configuration (ADR 0004, src/security/model.ts): whole objects with ids
 * derived from their names. Most share one file with others (users.xml holds every user, group and
 * membership of its service; the rule files every rule): the persister rewrites that file from all
 * of them (src/datadir/security-files.ts), so `file` here only names it. No name field: their
 * names are unique by id, and their REST API is under /rest/security.
 */
export const SECURITY = {
  securityConfig: { root: 'security', idPrefix: 'securityConfig', label: 'security configuration', dataDir: { parent: 'security', file: 'config.xml' } },
  userGroupService: { root: 'userGroupService', idPrefix: 'userGroupService', label: 'user/group service', dataDir: { parent: 'security', file: 'usergroup/<service>/config.xml' } },
  roleService: { root: 'roleService', idPrefix: 'roleService', label: 'role service', dataDir: { parent: 'security', file: 'role/<service>/config.xml' } },
  authProvider: { root: 'authProvider', idPrefix: 'authProvider', label: 'authentication provider', dataDir: { parent: 'security', file: 'auth/<provider>/config.xml' } },
  securityUser: { root: 'user', idPrefix: 'securityUser', label: 'user', dataDir: { parent: 'security', file: 'usergroup/<service>/users.xml' } },
  securityGroup: { root: 'group', idPrefix: 'securityGroup', label: 'group', dataDir: { parent: 'security', file: 'usergroup/<service>/users.xml' } },
  groupMember: { root: 'member', idPrefix: 'groupMember', label: 'group membership', dataDir: { parent: 'security', file: 'usergroup/<service>/users.xml' } },
  securityRole: { root: 'role', idPrefix: 'securityRole', label: 'role', dataDir: { parent: 'security', file: 'role/<service>/roles.xml' } },
  roleAssignment: { root: 'roleRef', idPrefix: 'roleAssignment', label: 'role assignment', dataDir: { parent: 'security', file: 'role/<service>/roles.xml' } },
  dataAccessRule: { root: 'rule', idPrefix: 'dataAccessRule', label: 'data access rule', dataDir: { parent: 'security', file: 'layers.properties' } },
  catalogMode: { root: 'catalogMode', idPrefix: 'catalogMode', label: 'catalog mode', dataDir: { parent: 'security', file: 'layers.properties' } },
  serviceAccessRule: { root: 'rule', idPrefix: 'serviceAccessRule', label: 'service access rule', dataDir: { parent: 'security', file: 'services.properties' } },
  restAccessRule: { root: 'rule', idPrefix: 'restAccessRule', label: 'REST access rule', dataDir: { parent: 'security', file: 'rest.properties' } },
} as const satisfies Record<string, Kind>;

/** The table: every kind, catalog kinds first, then configuration, then security. */
export const KINDS = { ...CATALOG, ...STORE_KINDS, ...RESOURCE_KINDS, ...PUBLISHED, ...CONFIGURATION, ...SECURITY } as const;

export type InfoType = keyof typeof KINDS;
export type StoreType = keyof typeof STORE_KINDS;
export type ResourceType = keyof typeof RESOURCE_KINDS;
export type ServiceType = keyof typeof SERVICE_KINDS;
export type ConfigType = keyof typeof CONFIGURATION;
export type SecurityType = keyof typeof SECURITY;
export type CatalogType = Exclude<InfoType, ConfigType | SecurityType>;

export const STORE_TYPES = Object.keys(STORE_KINDS) as readonly StoreType[];
export const RESOURCE_TYPES = Object.keys(RESOURCE_KINDS) as readonly ResourceType[];
export const SERVICE_TYPES = Object.keys(SERVICE_KINDS) as readonly ServiceType[];
export const CONFIG_TYPES = Object.keys(CONFIGURATION) as readonly ConfigType[];
export const CATALOG_TYPES = Object.keys(KINDS).filter((t) => !(t in CONFIGURATION) && !(t in SECURITY)) as readonly CatalogType[];
/** Security kinds, in the order they are loaded and replayed (services before what they hold). */
export const SECURITY_TYPES = Object.keys(SECURITY) as readonly SecurityType[];
/** Every kind the catalog holds and the cluster replicates: catalog, configuration, security. */
export const ALL_TYPES = Object.keys(KINDS) as readonly InfoType[];

/**
 * Kinds kept in their workspace's folder (stores, workspace settings and services; styles and
 * layer groups when they have a workspace): they name it in a `workspace` reference.
 */
export const IN_WORKSPACE: ReadonlySet<InfoType> = new Set(
  (Object.keys(KINDS) as InfoType[]).filter((t) => ['workspace', 'scope'].includes(kindOf(t).dataDir.parent)),
);

/** A kind's row, for code that handles any kind. */
export function kindOf(type: InfoType): Kind {
  return KINDS[type];
}

/** What messages call a kind: `datastore`, `layer group`. */
export function label(type: InfoType): string {
  return KINDS[type].label;
}

export function isStoreType(t: string): t is StoreType {
  return Object.hasOwn(STORE_KINDS, t);
}
export function isResourceType(t: string): t is ResourceType {
  return Object.hasOwn(RESOURCE_KINDS, t);
}
export function isConfigType(t: string): t is ConfigType {
  return Object.hasOwn(CONFIGURATION, t);
}
export function isServiceType(t: string): t is ServiceType {
  return Object.hasOwn(SERVICE_KINDS, t);
}
export function isSecurityType(t: string): t is SecurityType {
  return Object.hasOwn(SECURITY, t);
}
export function isCatalogType(t: string): t is CatalogType {
  return Object.hasOwn(KINDS, t) && !isConfigType(t) && !isSecurityType(t);
}
