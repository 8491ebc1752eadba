import { randomUUID } from 'node:crypto';
import type { XObject, XValue } from '../xml/tree.js';

/** Catalog object types, named by their XML root element as GeoServer writes it. */
export const STORE_TYPES = ['dataStore', 'coverageStore', 'wmsStore', 'wmtsStore'] as const;
export const RESOURCE_TYPES = ['featureType', 'coverage', 'wmsLayer', 'wmtsLayer'] as const;
export const CATALOG_TYPES = ['workspace', 'namespace', ...STORE_TYPES, ...RESOURCE_TYPES, 'layer', 'layerGroup', 'style'] as const;
export const SERVICE_TYPES = ['wms', 'wfs', 'wcs', 'wmts'] as const;
/** Configuration objects: one global each, or one per workspace (settings, services). */
export const CONFIG_TYPES = ['global', 'logging', 'settings', ...SERVICE_TYPES, 'defaults'] as const;

export type StoreType = (typeof STORE_TYPES)[number];
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type CatalogType = (typeof CATALOG_TYPES)[number];
export type ServiceType = (typeof SERVICE_TYPES)[number];
export type ConfigType = (typeof CONFIG_TYPES)[number];
export type InfoType = CatalogType | ConfigType;

/**
 * Any configuration object: the content of its XML root element. Catalog objects always have an
 * id; global and logging, as GeoServer writes them, have none and are addressed by configKey.
 */
export interface Info extends XObject {
  id?: string;
}

/** A reference as GeoServer writes it on disk: `<workspace><id>…</id></workspace>`. */
export interface Ref extends XObject {
  id: string;
}

export interface WorkspaceInfo extends Info { id: string; name: string; isolated?: string }
export interface NamespaceInfo extends Info { id: string; prefix: string; uri: string; isolated?: string }
export interface StoreInfo extends Info { id: string; name: string; workspace: Ref; enabled?: string; type?: string }
export interface ResourceInfo extends Info { id: string; name: string; nativeName?: string; namespace: Ref; store: Ref; enabled?: string }
export interface LayerInfo extends Info { id: string; name: string; resource: Ref; defaultStyle?: Ref; styles?: XObject; type?: string }
export interface LayerGroupInfo extends Info { id: string; name: string; workspace?: Ref; mode?: string; publishables?: XObject; styles?: XObject }
export interface StyleInfo extends Info { id: string; name: string; workspace?: Ref; filename?: string; format?: string }
export interface SettingsInfo extends Info { workspace?: Ref }
export interface ServiceInfo extends Info { workspace?: Ref; name?: string }

const ID_PREFIX: Record<InfoType, string> = {
  workspace: 'WorkspaceInfoImpl',
  namespace: 'NamespaceInfoImpl',
  dataStore: 'DataStoreInfoImpl',
  coverageStore: 'CoverageStoreInfoImpl',
  wmsStore: 'WMSStoreInfoImpl',
  wmtsStore: 'WMTSStoreInfoImpl',
  featureType: 'FeatureTypeInfoImpl',
  coverage: 'CoverageInfoImpl',
  wmsLayer: 'WMSLayerInfoImpl',
  wmtsLayer: 'WMTSLayerInfoImpl',
  layer: 'LayerInfoImpl',
  layerGroup: 'LayerGroupInfoImpl',
  style: 'StyleInfoImpl',
  global: 'GeoServerInfoImpl',
  logging: 'LoggingInfoImpl',
  settings: 'SettingsInfoImpl',
  wms: 'WMSInfoImpl',
  wfs: 'WFSInfoImpl',
  wcs: 'WCSInfoImpl',
  wmts: 'WMTSInfoImpl',
  defaults: 'CatalogDefaults',
};

/** A new id in GeoServer's style: the implementation class name, a dash, a unique suffix. */
export function newId(type: InfoType): string {
  return `${ID_PREFIX[type]}-${randomUUID()}`;
}

export function isStoreType(t: string): t is StoreType {
  return (STORE_TYPES as readonly string[]).includes(t);
}
export function isResourceType(t: string): t is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(t);
}
export function isCatalogType(t: string): t is CatalogType {
  return (CATALOG_TYPES as readonly string[]).includes(t);
}
export function isConfigType(t: string): t is ConfigType {
  return (CONFIG_TYPES as readonly string[]).includes(t);
}
export function isServiceType(t: string): t is ServiceType {
  return (SERVICE_TYPES as readonly string[]).includes(t);
}

/** The store kind that holds each resource kind, and the layer `type` GeoServer writes for it. */
export const STORE_OF: Record<ResourceType, StoreType> = {
  featureType: 'dataStore',
  coverage: 'coverageStore',
  wmsLayer: 'wmsStore',
  wmtsLayer: 'wmtsStore',
};
export const LAYER_TYPE_OF: Record<ResourceType, string> = {
  featureType: 'VECTOR',
  coverage: 'RASTER',
  wmsLayer: 'WMS',
  wmtsLayer: 'WMTS',
};

/** The id a reference points at, if it is a reference. */
export function refId(value: XValue | undefined): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

export function ref(id: string, cls?: string): Ref {
  return cls ? { '@class': cls, id } : { id };
}

export function isTrue(value: XValue | undefined): boolean {
  return value === 'true';
}

/** The styles GeoServer ships and never lets anyone remove or rename. */
export const DEFAULT_STYLES = ['point', 'line', 'polygon', 'raster', 'generic'] as const;

/**
 * The key of a configuration object: one slot per type, or per type and workspace. Replication
 * addresses configuration by slot, so two nodes that each create a workspace's WMS settings
 * converge on one object.
 */
export function configKey(type: ConfigType, workspaceId?: string): string {
  return workspaceId ? `${type}@${workspaceId}` : type;
}
