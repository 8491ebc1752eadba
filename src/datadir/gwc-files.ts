import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog, CatalogChange, ChangeContext } from '../catalog/catalog.js';
import type { GwcType } from '../catalog/kinds.js';
import type { Info } from '../catalog/types.js';
import { readDiskQuotaFile, writeDiskQuotaFile } from '../gwc/disk-quota-file.js';
import { defaultGeoWebCache, readGeoWebCacheFile, writeGeoWebCacheFile } from '../gwc/geowebcache-file.js';
import { defaultGwcConfig } from '../gwc/gwc-config.js';
import { readGwcConfigFile, writeGwcConfigFile } from '../gwc/gwc-config-file.js';
import { DISK_QUOTA_FILE, GEOWEBCACHE_FILE, GWC_CONFIG_FILE, SINGLETON_KEY, TILE_LAYER_FOLDER, tileLayerPath } from '../gwc/model.js';
import { readTileLayerFile, writeTileLayerFile } from '../gwc/tile-layer-file.js';
import type { FileOp } from './persister.js';

/**
 * GeoWebCache's files in the data directory, read and written with src/gwc's codecs: gwc-gs.xml,
 * gwc-layers/*.xml, gwc/geowebcache.xml (rebuilt from the grid sets, blob stores and globals
 * whenever one of them changes) and gwc/geowebcache-diskquota.xml.
 */
export function gwcFileOps(catalog: Catalog, change: CatalogChange, abs: (parts: readonly string[]) => string): FileOp[] {
  const type = change.type as GwcType;
  switch (type) {
    case 'gwcConfig':
      return [change.new ? { kind: 'write', path: abs(GWC_CONFIG_FILE), data: writeGwcConfigFile(change.new) } : { kind: 'remove', path: abs(GWC_CONFIG_FILE) }];
    case 'diskQuota':
      return [change.new ? { kind: 'write', path: abs(DISK_QUOTA_FILE), data: writeDiskQuotaFile(change.new) } : { kind: 'remove', path: abs(DISK_QUOTA_FILE) }];
    case 'tileLayer': {
      const file = abs(tileLayerPath(String((change.new ?? change.old)!.id)));
      return [change.new ? { kind: 'write', path: file, data: writeTileLayerFile(change.new) } : { kind: 'remove', path: file }];
    }
    default:
      // nothing left of geowebcache.xml (a snapshot without it, say): no file, or reading it back would make globals again
      if (!catalog.get('gwcGlobals', SINGLETON_KEY.gwcGlobals!) && catalog.count('gridSet') === 0 && catalog.count('blobStore') === 0) {
        return [{ kind: 'remove', path: abs(GEOWEBCACHE_FILE) }];
      }
      return [{ kind: 'write', path: abs(GEOWEBCACHE_FILE), data: geowebcacheXml(catalog) }];
  }
}

/** gwc/geowebcache.xml as the catalog holds it now. */
export function geowebcacheXml(catalog: Catalog): string {
  const globals = catalog.get('gwcGlobals', SINGLETON_KEY.gwcGlobals!) ?? defaultGeoWebCache().globals;
  return writeGeoWebCacheFile({ globals, gridSets: sorted(catalog, 'gridSet'), blobStores: sorted(catalog, 'blobStore') });
}

function sorted(catalog: Catalog, type: 'gridSet' | 'blobStore'): Info[] {
  return [...catalog.list(type)].sort((a, b) => {
    const x = catalog.keyOfObject(type, a);
    const y = catalog.keyOfObject(type, b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** A GeoWebCache file that could not be read: it was skipped, as a broken catalog file is. */
export type GwcLoadFailure = (file: string, message: string) => void;

/**
 * Reads GeoWebCache's files into the catalog. A missing file adds nothing: readers fall back to
 * GeoServer's defaults (GWCInitializer, GWC's geowebcache_empty.xml, DiskQuotaConfig.setDefaults)
 * and the file is written on the first change, so a data directory is written back as it was read.
 */
export function loadGwcFiles(root: string, catalog: Catalog, failed: GwcLoadFailure): number {
  const ctx: ChangeContext = { source: 'load' };
  let objects = 0;
  const add = (type: GwcType, info: Info): void => {
    catalog.add(type, info, ctx);
    objects++;
  };
  const read = (parts: readonly string[], use: (src: Buffer, rel: string) => void, otherwise: () => void): void => {
    const rel = parts.join('/');
    let src: Buffer;
    try {
      src = fs.readFileSync(path.join(root, ...parts));
    } catch {
      otherwise();
      return;
    }
    try {
      use(src, rel);
    } catch (err) {
      failed(rel, (err as Error).message);
      otherwise();
    }
  };
  const none = (): void => undefined;
  read(GWC_CONFIG_FILE, (src, rel) => add('gwcConfig', readGwcConfigFile(src, rel)), none);
  read(DISK_QUOTA_FILE, (src, rel) => add('diskQuota', readDiskQuotaFile(src, rel)), none);
  read(GEOWEBCACHE_FILE, (src, rel) => {
    const parts = readGeoWebCacheFile(src, rel);
    add('gwcGlobals', parts.globals);
    for (const g of parts.gridSets) add('gridSet', g);
    for (const b of parts.blobStores) add('blobStore', b);
  }, none);
  for (const name of xmlFiles(path.join(root, ...TILE_LAYER_FOLDER))) {
    const parts = [...TILE_LAYER_FOLDER, name];
    read(parts, (src, rel) => add('tileLayer', readTileLayerFile(src, rel)), none);
  }
  return objects;
}

function xmlFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  } catch {
    return [];
  }
}

/** The GeoWebCache files of a fresh data directory: gwc-gs.xml (GWCInitializer) and an empty geowebcache.xml. */
export function freshGwcFiles(): Array<[string, string]> {
  const empty = defaultGeoWebCache();
  return [
    [GWC_CONFIG_FILE.join('/'), writeGwcConfigFile(defaultGwcConfig())],
    [GEOWEBCACHE_FILE.join('/'), writeGeoWebCacheFile(empty)],
  ];
}

/** Whether a data directory path (segments, lower case) is one of GeoWebCache's configuration files. */
export function isGwcFile(parts: readonly string[]): boolean {
  const same = (file: readonly string[]) => file.length === parts.length && file.every((p, i) => p.toLowerCase() === parts[i]);
  if ([GWC_CONFIG_FILE, GEOWEBCACHE_FILE, DISK_QUOTA_FILE].some(same)) return true;
  return parts.length === 2 && parts[0] === TILE_LAYER_FOLDER[0].toLowerCase() && parts[1].endsWith('.xml');
}
