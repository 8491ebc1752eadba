import { CatalogError } from '../catalog/errors.js';
import { isXObject, textOf, type XObject } from '../xml/tree.js';

/**
 * GeoWebCache's configuration, held as GeoServer holds it: whole objects in the XStream tree form
 * (src/xml/tree.ts), each with a stable key, so each can be a catalog kind replicated as a whole
 * object (last writer wins) and written back to the files GeoServer and GWC read.
 *
 * | kind        | object                                              | key                       | file in the data directory                    | REST (under /geoserver) |
 * | ----------- | --------------------------------------------------- | ------------------------- | --------------------------------------------- | ----------------------- |
 * | gwcConfig   | content of `<GeoServerGWCConfig>`                   | `gwcConfig` (one)         | `gwc-gs.xml`                                  | none in GeoServer (web UI only) |
 * | tileLayer   | content of `<GeoServerTileLayer>`                   | `id` = the layer or layer group id | `gwc-layers/<id with ':' and ' ' as '_'>.xml` | `/gwc/rest/layers/{name}` (root `GeoServerLayer`) |
 * | gridSet     | content of `<gridSet>`                              | `name`                    | `gwc/geowebcache.xml`, in `<gridSets>`        | `/gwc/rest/gridsets/{name}` |
 * | blobStore   | `{ <type element>: content }`, e.g. `{FileBlobStore: {...}}` | `id`             | `gwc/geowebcache.xml`, in `<blobStores>`      | `/gwc/rest/blobstores/{id}` |
 * | gwcGlobals  | content of `<gwcConfiguration>` without `blobStores` and `gridSets` (attributes, version, backendTimeout, serviceInformation, layers, …) | `gwcGlobals` (one) | `gwc/geowebcache.xml` | `/gwc/rest/global` |
 * | diskQuota   | content of `<gwcQuotaConfiguration>`                | `diskQuota` (one)         | `gwc/geowebcache-diskquota.xml`               | `/gwc/rest/diskquota` |
 *
 * Why these boundaries:
 * - A tile layer file is named by the id of its GeoServer layer or group (GeoServer's
 *   DefaultTileLayerCatalog: `FilePathUtils.filteredLayerName(id) + ".xml"`), so the id is the key
 *   and a rename rewrites the same file; the tile layer name (`ws:layer`) is a field.
 * - geowebcache.xml is one file for GWC (XMLConfiguration) but three kinds here: grid sets and
 *   blob stores are added and removed one by one over REST, and two masters adding two different
 *   grid sets at once must both win; with one object for the file, the later would erase the
 *   earlier. The file is rebuilt from the three kinds whenever one of them changes.
 * - The blob store keeps its type element (FileBlobStore, S3BlobStore, …) as the single key of
 *   its object because that element name is the type; the object is then also its JSON form.
 * - GWC's built-in grid sets (DefaultGridsets) are data in default-grid-sets.ts, never stored.
 * - The `gwc` folder is GWC's configuration and cache directory (GEOWEBCACHE_CACHE_DIR); only its
 *   configuration files belong to the node, tiles never do.
 */

export type TileLayerInfo = XObject;
export type GridSetInfo = XObject;
export type BlobStoreInfo = XObject;
export type GwcConfigInfo = XObject;
export type GwcGlobalsInfo = XObject;
export type DiskQuotaInfo = XObject;

export const GWC_KINDS = ['gwcConfig', 'tileLayer', 'gridSet', 'blobStore', 'gwcGlobals', 'diskQuota'] as const;
export type GwcKind = (typeof GWC_KINDS)[number];

/** Data directory paths, as segments from its root. */
export const GWC_CONFIG_FILE = ['gwc-gs.xml'] as const;
export const TILE_LAYER_FOLDER = ['gwc-layers'] as const;
export const GEOWEBCACHE_FILE = ['gwc', 'geowebcache.xml'] as const;
export const DISK_QUOTA_FILE = ['gwc', 'geowebcache-diskquota.xml'] as const;

/** XML root elements of the files, and of the REST bodies where they differ. */
export const ROOT = {
  gwcConfig: 'GeoServerGWCConfig',
  tileLayer: 'GeoServerTileLayer',
  tileLayerRest: 'GeoServerLayer',
  gridSet: 'gridSet',
  geowebcache: 'gwcConfiguration',
  diskQuota: 'gwcQuotaConfiguration',
  diskQuotaRest: 'org.geowebcache.diskquota.DiskQuotaConfig',
  global: 'global',
} as const;

/** The key of the singletons: one object each per cluster. */
export const SINGLETON_KEY: Partial<Record<GwcKind, string>> = { gwcConfig: 'gwcConfig', gwcGlobals: 'gwcGlobals', diskQuota: 'diskQuota' };

/** GeoServer's DefaultTileLayerCatalog file name for a tile layer id (FilePathUtils.filteredLayerName). */
export function tileLayerFileName(id: string): string {
  return `${id.replace(/[: ]/g, '_')}.xml`;
}

export function tileLayerPath(id: string): string[] {
  return [...TILE_LAYER_FOLDER, tileLayerFileName(id)];
}

/**
 * The stable key of an object of a kind: what the catalog and replication address it by (the
 * catalog computes the same in its keyOf). Prefixed with the kind, so that a tile layer's key is
 * never its layer's id.
 */
export function gwcKey(kind: GwcKind, info: XObject): string {
  const singleton = SINGLETON_KEY[kind];
  if (singleton) return singleton;
  if (kind === 'tileLayer') return `tileLayer@${required(textOf(info.id), 'tile layer id')}`;
  if (kind === 'gridSet') return `gridSet@${required(textOf(info.name), 'grid set name')}`;
  return `blobStore@${blobStoreEntry(info).name}`;
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new CatalogError('invalid', `A ${what} is missing`);
  return value;
}

/** The type element, id and content of a blob store object. */
export function blobStoreEntry(info: BlobStoreInfo): { type: string; name: string; content: XObject } {
  const types = Object.keys(info).filter((k) => info[k] !== undefined);
  const content = info[types[0]];
  if (types.length !== 1 || !isXObject(content)) throw new CatalogError('invalid', 'A blob store object holds exactly one blob store element');
  return { type: types[0], name: required(textOf(content.id), 'blob store id'), content };
}

export function blobStore(type: string, content: XObject): BlobStoreInfo {
  return { [type]: content };
}

/**
 * Fields that hold secrets, by kind: the cluster encrypts them in envelopes and never logs them
 * (geowebcache.xml's HTTP password, the storage plugins' keys and passwords).
 */
export const SENSITIVE_FIELDS: Partial<Record<GwcKind, readonly string[]>> = {
  gwcGlobals: ['httpPassword'],
  blobStore: ['awsSecretKey', 'awsAccessKey', 'accountKey', 'password', 'proxyPassword', 'apiKey'],
};
