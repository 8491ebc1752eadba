import { randomUUID } from 'node:crypto';
import type { XObject, XValue } from '../xml/tree.js';
import { kindOf, type ConfigType, type InfoType, type ResourceType, type StoreType } from './kinds.js';

export {
  ALL_TYPES,
  CATALOG_TYPES,
  SECURITY_TYPES,
  isSecurityType,
  type SecurityType,
  CONFIG_TYPES,
  RESOURCE_TYPES,
  SERVICE_TYPES,
  STORE_TYPES,
  isCatalogType,
  isConfigType,
  isResourceType,
  isServiceType,
  isStoreType,
  type CatalogType,
  type ConfigType,
  type InfoType,
  type ResourceType,
  type ServiceType,
  type StoreType,
} from './kinds.js';

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

/*
 * What the catalog guarantees of the objects it hands out, kind by kind: the fields its integrity
 * rules check on every add and modify, whoever makes them (catalog/integrity.ts). Every other
 * field is as the XML had it.
 */
export interface WorkspaceInfo extends Info { id: string; name: string }
export interface NamespaceInfo extends Info { id: string; prefix: string; uri: string }
export interface StoreInfo extends Info { id: string; name: string; workspace: Ref }
export interface ResourceInfo extends Info { id: string; name: string; namespace: Ref; store: Ref }
/** A layer is named after its resource; its own `name` is not checked. */
export interface LayerInfo extends Info { id: string; resource: Ref }
export interface LayerGroupInfo extends Info { id: string; name: string }
export interface StyleInfo extends Info { id: string; name: string }
export interface SettingsInfo extends Info { workspace: Ref }

/** The object type the catalog hands out for a kind. */
export type InfoOf<K extends InfoType> = K extends 'workspace'
  ? WorkspaceInfo
  : K extends 'namespace'
    ? NamespaceInfo
    : K extends StoreType
      ? StoreInfo
      : K extends ResourceType
        ? ResourceInfo
        : K extends 'layer'
          ? LayerInfo
          : K extends 'layerGroup'
            ? LayerGroupInfo
            : K extends 'style'
              ? StyleInfo
              : K extends 'settings'
                ? SettingsInfo
                : Info;

/** A new id in GeoServer's style: the implementation class name, a dash, a unique suffix. */
export function newId(type: InfoType): string {
  return `${kindOf(type).idPrefix}-${randomUUID()}`;
}

/** The id a reference points at, if it is a reference. */
export function refId(value: XValue | undefined): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.id === 'string') return value.id;
  return undefined;
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
