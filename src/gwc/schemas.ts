import { any, bool, double, int, list, object, oneOf, text, type Field, type Schema } from './schema.js';

/**
 * Every GeoWebCache document this node keeps, field by field in the order of the Java fields
 * XStream writes (GeoServer: GeoServerTileLayerInfoImpl, StyleParameterFilter, GWCConfig; GWC:
 * XMLGridSet, XMLGridSubset, BlobStoreInfo/FileBlobStoreInfo, GeoWebCacheConfiguration,
 * ServiceInformation, ServerConfigurationPOJO, ParameterFilter and its subclasses, DiskQuotaConfig,
 * LayerQuota).
 */

const nonNegative = int('an integer ≥ 0', (n) => n >= 0);
const positive = int('an integer ≥ 1', (n) => n >= 1);
const positiveNumber = double('a number > 0', (n) => n > 0);
/** GWCVars: 0 unset, -1 disable cache, -2 never expire, -4 use the WMS backend's value. */
const expiry = int('a number of seconds ≥ 0, or -1 (disable), -2 (never expire), -4 (use the backend value)', (n) => n >= 0 || n === -1 || n === -2 || n === -4);

export const WARNING_TYPES = ['Default', 'Nearest', 'FailedNearest'] as const;
const warnings = list('warning', oneOf(...WARNING_TYPES));
const strings = list('string', text);

export const BOUNDS: Field = object([['coords', list('double', double(), 'four numbers: minx, miny, maxx, maxy')]]);

export const GRID_SUBSET: Schema = {
  fields: [
    ['gridSetName', text],
    ['extent', BOUNDS],
    ['zoomStart', nonNegative],
    ['zoomStop', nonNegative],
    ['minCachedLevel', nonNegative],
    ['maxCachedLevel', nonNegative],
  ],
  required: ['gridSetName'],
};

const normalize = object([['case', oneOf('NONE', 'UPPER', 'LOWER')], ['locale', text]]);
const filterBase = [['key', text], ['defaultValue', text]] as const;

/** GWC's ParameterFilter types plus GeoServer's StyleParameterFilter, by their XStream alias. */
export const PARAMETER_FILTERS: Readonly<Record<string, Schema>> = {
  styleParameterFilter: {
    fields: [...filterBase, ['allowedStyles', strings], ['availableStyles', strings], ['defaultStyle', text]],
    required: ['key'],
  },
  stringParameterFilter: { fields: [...filterBase, ['normalize', normalize], ['values', strings]], required: ['key'] },
  regexParameterFilter: { fields: [...filterBase, ['normalize', normalize], ['regex', text]], required: ['key'] },
  floatParameterFilter: {
    fields: [...filterBase, ['values', list('float', double())], ['threshold', double('a number ≥ 0', (n) => n >= 0)]],
    required: ['key'],
  },
  integerParameterFilter: {
    fields: [...filterBase, ['values', list('int', int())], ['threshold', nonNegative]],
    required: ['key'],
  },
};

export const TILE_LAYER: Schema = {
  fields: [
    ['id', text],
    ['enabled', bool],
    ['inMemoryCached', bool],
    ['name', text],
    ['blobStoreId', text],
    ['mimeFormats', strings],
    ['formatModifiers', any],
    ['gridSubsets', list('gridSubset', { type: 'object', schema: GRID_SUBSET })],
    ['metaWidthHeight', list('int', positive, 'two integers ≥ 1 (meta-tiling width and height)')],
    ['expireCache', expiry],
    ['expireCacheList', list('expirationRule', object([['@minZoom', nonNegative], ['@expiration', expiry]]))],
    ['expireClients', expiry],
    ['parameterFilters', { type: 'choice', items: PARAMETER_FILTERS, what: 'parameter filter' }],
    ['gutter', nonNegative],
    ['cacheWarningSkips', warnings],
  ],
};

export const GRID_SET: Schema = {
  fields: [
    ['name', text],
    ['description', text],
    ['srs', object([['number', positive]], ['number'])],
    ['extent', BOUNDS],
    ['alignTopLeft', bool],
    ['resolutions', list('double', positiveNumber)],
    ['scaleDenominators', list('double', positiveNumber)],
    ['levels', positive],
    ['metersPerUnit', positiveNumber],
    ['pixelSize', positiveNumber],
    ['scaleNames', strings],
    ['tileHeight', positive],
    ['tileWidth', positive],
    ['yCoordinateFirst', bool],
  ],
  required: ['name', 'srs', 'extent'],
};

const blobStoreBase = [['@default', bool], ['id', text], ['enabled', bool]] as const;

export const FILE_BLOB_STORE: Schema = {
  fields: [
    ...blobStoreBase,
    ['baseDirectory', text],
    ['fileSystemBlockSize', nonNegative],
    ['pathGeneratorType', oneOf('DEFAULT', 'TMS', 'SLIPPY')],
  ],
  required: ['id', 'baseDirectory'],
};

/** Blob stores of GWC's storage plugins: the common fields are checked, the rest is kept. */
export const OTHER_BLOB_STORE: Schema = { fields: [...blobStoreBase], required: ['id'] };

/** Element names of the blob store types (XMLConfiguration and the plugins' config providers). */
export const BLOB_STORE_TYPES: Readonly<Record<string, Schema>> = {
  FileBlobStore: FILE_BLOB_STORE,
  S3BlobStore: OTHER_BLOB_STORE,
  AzureBlobStore: OTHER_BLOB_STORE,
  SwiftBlobStore: OTHER_BLOB_STORE,
  MbtilesBlobStore: OTHER_BLOB_STORE,
  GoogleCloudStorageBlobStore: OTHER_BLOB_STORE,
};

const serviceContact = object(
  ['individualName', 'positionName', 'addressType', 'addressStreet', 'addressCity', 'addressAdministrativeArea',
    'addressPostalCode', 'addressCountry', 'phoneNumber', 'faxNumber', 'addressEmail'].map((n) => [n, text] as const),
);

export const SERVICE_INFORMATION: Field = object([
  ['title', text],
  ['description', text],
  ['keywords', strings],
  ['serviceProvider', object([['providerName', text], ['providerSite', text], ['serviceContact', serviceContact]])],
  ['fees', text],
  ['accessConstraints', text],
  ['providerName', text],
  ['providerSite', text],
]);

/** gwc/geowebcache.xml, GeoWebCacheConfiguration. */
export const GEOWEBCACHE: Schema = {
  fields: [
    ['version', text],
    ['backendTimeout', nonNegative],
    ['seederCorePoolSize', positive],
    ['seederMaxPoolSize', positive],
    ['lockProvider', text],
    ['cacheBypassAllowed', bool],
    ['runtimeStats', bool],
    ['httpUsername', text],
    ['httpPassword', text],
    ['proxyUrl', text],
    ['serviceInformation', SERVICE_INFORMATION],
    ['formatModifiers', any],
    ['blobStores', any],
    ['gridSets', any],
    ['fullWMS', bool],
    ['wmtsCiteCompliant', bool],
    ['layers', any],
  ],
};

/** /gwc/rest/global, ServerConfigurationPOJO. */
export const GLOBAL: Schema = {
  fields: [
    ['serviceInformation', SERVICE_INFORMATION],
    ['runtimeStatsEnabled', bool],
    ['lockProvider', text],
    ['fullWMS', bool],
    ['wmtsCiteCompliant', bool],
    ['backendTimeout', nonNegative],
    ['cacheBypassAllowed', bool],
    ['version', text],
    ['identifier', text],
    ['location', text],
  ],
};

/** gwc-gs.xml, GWCConfig (the fields of older versions keep their place when read). */
export const GWC_CONFIG: Schema = {
  fields: [
    ['version', text],
    ['directWMSIntegrationEnabled', bool],
    ['requireTiledParameter', bool],
    ['WMSCEnabled', bool],
    ['TMSEnabled', bool],
    ['WMTSEnabled', bool],
    ['securityEnabled', bool],
    ['innerCachingEnabled', bool],
    ['persistenceEnabled', bool],
    ['cacheProviderClass', text],
    ['cacheConfigurations', any],
    ['cacheLayersByDefault', bool],
    ['cacheNonDefaultStyles', bool],
    ['metaTilingX', int()],
    ['metaTilingY', int()],
    ['metaTilingThreads', int()],
    ['gutter', int()],
    ['defaultCachingGridSetIds', strings],
    ['defaultCoverageCacheFormats', strings],
    ['defaultVectorCacheFormats', strings],
    ['defaultOtherCacheFormats', strings],
    ['lockProviderName', text],
    ['cacheWarningSkips', warnings],
  ],
};

export const STORAGE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] as const;
export const EXPIRATION_POLICIES = ['LRU', 'LFU'] as const;
export const TIME_UNITS = ['NANOSECONDS', 'MICROSECONDS', 'MILLISECONDS', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS'] as const;

/** A quota as the disk quota file writes it (ConfigLoader's QuotaXSTreamConverter). */
export const QUOTA: Field = object(
  [['value', double('a number ≥ 0', (n) => n >= 0)], ['units', oneOf(...STORAGE_UNITS)]],
  ['value', 'units'],
);

/** gwc/geowebcache-diskquota.xml, DiskQuotaConfig. */
export const DISK_QUOTA: Schema = {
  fields: [
    ['enabled', bool],
    ['diskBlockSize', int()],
    ['cacheCleanUpFrequency', nonNegative],
    ['cacheCleanUpUnits', oneOf(...TIME_UNITS)],
    ['maxConcurrentCleanUps', positive],
    ['globalExpirationPolicyName', oneOf(...EXPIRATION_POLICIES)],
    ['globalQuota', QUOTA],
    ['layerQuotas', list('LayerQuota', object([['layer', text], ['expirationPolicyName', oneOf(...EXPIRATION_POLICIES)], ['quota', QUOTA]], ['layer']))],
    ['quotaStore', text],
  ],
};
