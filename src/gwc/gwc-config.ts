import { asList, deepClone, isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { parseJavaBoolean, parseJavaInt } from './java-number.js';
import type { GwcConfigInfo } from './model.js';
import { invalid } from './schema.js';

/**
 * GeoServer's integrated GWC settings (gwc-gs.xml, GWCConfig): the defaults new tile layers get.
 * A fresh GeoServer writes GWCConfig.getOldDefaults() with version 1.1.0 (GWCInitializer).
 */
export function defaultGwcConfig(): GwcConfigInfo {
  const both = (): XObject => ({ string: ['image/png', 'image/jpeg'] });
  return {
    version: '1.1.0',
    directWMSIntegrationEnabled: 'false',
    requireTiledParameter: 'true',
    WMSCEnabled: 'true',
    TMSEnabled: 'true',
    securityEnabled: 'false',
    cacheLayersByDefault: 'true',
    cacheNonDefaultStyles: 'true',
    metaTilingX: '4',
    metaTilingY: '4',
    gutter: '0',
    defaultCachingGridSetIds: { string: ['EPSG:4326', 'EPSG:900913'] },
    defaultCoverageCacheFormats: both(),
    defaultVectorCacheFormats: both(),
    defaultOtherCacheFormats: both(),
    cacheWarningSkips: '',
  };
}

/** The members of a string set such as `<defaultCachingGridSetIds><string>…`. */
export function stringSet(value: XValue | undefined): string[] {
  if (!isXObject(value)) return [];
  return asList(value.string).map((v) => textOf(v) ?? '').filter((v) => v !== '');
}

export function flag(config: XObject, name: string, otherwise = false): boolean {
  const t = textOf(config[name]);
  return t === undefined ? otherwise : (parseJavaBoolean(t) ?? otherwise);
}

export function intField(config: XObject, name: string): number | undefined {
  const t = textOf(config[name]);
  return t === undefined ? undefined : parseJavaInt(t);
}

const SETS = ['defaultCachingGridSetIds', 'defaultCoverageCacheFormats', 'defaultOtherCacheFormats', 'defaultVectorCacheFormats'] as const;

/** GWCConfig.isSane: meta-tiling ≥ 1, gutter ≥ 0, every default set non-empty. */
export function isSaneGwcConfig(config: GwcConfigInfo): boolean {
  const threads = intField(config, 'metaTilingThreads');
  return (intField(config, 'metaTilingX') ?? 0) > 0
    && (intField(config, 'metaTilingY') ?? 0) > 0
    && (config.metaTilingThreads === undefined || (threads !== undefined && threads >= 0))
    && (intField(config, 'gutter') ?? -1) >= 0
    && SETS.every((s) => stringSet(config[s]).length > 0);
}

/**
 * GWCConfig.saneConfig: the config itself when sane, else the old defaults with every usable value
 * of the config kept, so a damaged gwc-gs.xml never prevents creating tile layers.
 */
export function saneGwcConfig(config: GwcConfigInfo): GwcConfigInfo {
  if (isSaneGwcConfig(config)) return config;
  const sane = defaultGwcConfig();
  for (const name of ['metaTilingX', 'metaTilingY'] as const) if ((intField(config, name) ?? 0) > 0) sane[name] = textOf(config[name]);
  if ((intField(config, 'gutter') ?? -1) >= 0) sane.gutter = textOf(config.gutter);
  for (const s of SETS) if (stringSet(config[s]).length > 0) sane[s] = deepClone(config[s] as XValue);
  return sane;
}

/** An edited gwc-gs.xml must be sane: the web UI of GeoServer refuses the same values. */
export function checkGwcConfig(config: GwcConfigInfo): void {
  for (const name of ['metaTilingX', 'metaTilingY'] as const) {
    if ((intField(config, name) ?? 0) < 1) invalid(`GeoServerGWCConfig.${name}`, 'an integer ≥ 1', config[name]);
  }
  if ((intField(config, 'gutter') ?? -1) < 0) invalid('GeoServerGWCConfig.gutter', 'an integer ≥ 0', config.gutter);
  for (const s of SETS) if (stringSet(config[s]).length === 0) invalid(`GeoServerGWCConfig.${s}`, 'at least one <string>', config[s]);
}
