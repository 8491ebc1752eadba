import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDiskQuota, readDiskQuotaFile, writeDiskQuotaFile } from '../../src/gwc/disk-quota-file.js';
import { defaultGeoWebCache, readGeoWebCacheFile, writeGeoWebCacheFile } from '../../src/gwc/geowebcache-file.js';
import { defaultGwcConfig } from '../../src/gwc/gwc-config.js';
import { readGwcConfigFile, writeGwcConfigFile } from '../../src/gwc/gwc-config-file.js';
import { blobStoreEntry, tileLayerFileName } from '../../src/gwc/model.js';
import { readTileLayerFile, tileLayerFile, writeTileLayerFile } from '../../src/gwc/tile-layer-file.js';
import { parseXml } from '../../src/xml/parse.js';
import { refusal } from '../helpers/gwc-bodies.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/gwc');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
/** XStream writes an empty string as <x></x>, the node's writer as <x/>: the same content. */
const selfClosed = (xml: string): string => xml.replace(/<([A-Za-z][\w.:-]*)><\/\1>/g, '<$1/>');

describe('gwc-gs.xml (GWCConfigPersister)', () => {
  it('round-trips a file GeoServer wrote byte for byte, its retired elements included', () => {
    const src = fixture('gwc-gs.xml');
    const config = readGwcConfigFile(src);
    expect(config.cacheConfigurations).toBeDefined();
    expect(Object.keys(config).slice(0, 3)).toEqual(['version', 'directWMSIntegrationEnabled', 'WMSCEnabled']);
    expect(writeGwcConfigFile(config)).toBe(src);
  });

  it('writes the defaults a fresh GeoServer writes (GWCConfig.getOldDefaults, version 1.1.0)', () => {
    expect(writeGwcConfigFile(defaultGwcConfig())).toBe(fixture('gwc-gs-default.xml'));
  });

  it('names the file and the element of a bad value, and the line of broken XML', () => {
    const bad = fixture('gwc-gs-default.xml').replace('<metaTilingX>4</metaTilingX>', '<metaTilingX>four</metaTilingX>');
    expect(refusal(() => readGwcConfigFile(bad)).message).toBe("gwc-gs.xml: GeoServerGWCConfig.metaTilingX: expected an integer, got 'four'");
    const broken = fixture('gwc-gs-default.xml').replace('</gutter>', '');
    expect(refusal(() => readGwcConfigFile(broken)).message).toMatch(/^gwc-gs\.xml: line \d+, element <gutter>: /);
    expect(refusal(() => readGwcConfigFile('<GWCConfig/>')).message).toBe('gwc-gs.xml: expected a <GeoServerGWCConfig> document, found <GWCConfig>');
  });
});

describe('gwc-layers/*.xml (DefaultTileLayerCatalog)', () => {
  const files = ['LayerInfoImpl--1729f1c8_1438ed73eb0_-7fc2.xml', 'LayerInfoImpl-4f9c3a5e_19282b5c827_-7764.xml', 'id1.xml'];

  it.each(files)('round-trips %s with its content and element order', (file) => {
    const src = fixture(`gwc-layers/${file}`);
    const info = readTileLayerFile(src, `gwc-layers/${file}`);
    const written = writeTileLayerFile(info);
    expect(written).toBe(selfClosed(src));
    expect(readTileLayerFile(written, file)).toEqual(info);
  });

  it('names files as GeoServer does: the id with ":" and " " as "_"', () => {
    expect(tileLayerFileName('LayerInfoImpl--1729f1c8:1438ed73eb0:-7fc2')).toBe('LayerInfoImpl--1729f1c8_1438ed73eb0_-7fc2.xml');
    const info = readTileLayerFile(fixture(`gwc-layers/${files[1]}`), files[1]);
    expect(tileLayerFile(info)).toEqual(['gwc-layers', files[1]]);
  });

  it('keeps elements it does not know where they were', () => {
    const src = fixture('gwc-layers/id1.xml').replace('  <gutter>0</gutter>\n', '  <gutter>0</gutter>\n  <futureSetting kind="x">7</futureSetting>\n');
    const info = readTileLayerFile(src, 'id1.xml');
    expect(Object.keys(info).indexOf('futureSetting')).toBe(Object.keys(info).indexOf('gutter') + 1);
    expect(writeTileLayerFile(info)).toBe(selfClosed(src));
  });

  it('loads what GeoServer wrote even where a REST body would be refused (0x0 meta-tiling)', () => {
    const info = readTileLayerFile(fixture('gwc-layers/id1.xml'), 'id1.xml');
    expect(info.metaWidthHeight).toEqual({ int: ['0', '0'] });
  });

  it('refuses a file without id or name, or with a value of the wrong type, naming file and element', () => {
    const src = fixture('gwc-layers/id1.xml');
    expect(refusal(() => readTileLayerFile(src.replace('<id>id1</id>', ''), 'gwc-layers/x.xml')).message).toBe('gwc-layers/x.xml: <GeoServerTileLayer> has no <id>');
    expect(refusal(() => readTileLayerFile(src.replace('<int>0</int>', '<int>x</int>'), 'gwc-layers/x.xml')).message).toBe(
      "gwc-layers/x.xml: GeoServerTileLayer.metaWidthHeight.int[0]: expected an integer ≥ 1, got 'x'",
    );
    expect(refusal(() => readTileLayerFile(src.replace('<warning>Nearest</warning>', '<warning>Sometimes</warning>'), 'f.xml')).message).toBe(
      "f.xml: GeoServerTileLayer.cacheWarningSkips.warning[1]: expected one of Default, Nearest, FailedNearest, got 'Sometimes'",
    );
    expect(refusal(() => readTileLayerFile(src.replace('<styleParameterFilter>', '<bogusFilter>').replace('</styleParameterFilter>', '</bogusFilter>'), 'f.xml')).message).toMatch(
      /^f\.xml: GeoServerTileLayer\.parameterFilters\.bogusFilter: expected a known parameter filter/,
    );
  });
});

describe('gwc/geowebcache.xml (XMLConfiguration)', () => {
  it('round-trips a file GeoWebCache wrote byte for byte', () => {
    const src = fixture('gwc/geowebcache.xml');
    const parts = readGeoWebCacheFile(src);
    expect(parts.gridSets.map((g) => g.name)).toEqual(['EPSG3395TiledMercator', 'EPSG:5041', 'EPSG:5042']);
    expect(parts.blobStores).toEqual([]);
    expect(Object.keys(parts.globals)).toEqual(['@xmlns:xsi', '@xsi:schemaLocation', '@xmlns', 'version', 'backendTimeout', 'layers']);
    expect(writeGeoWebCacheFile(parts)).toBe(src);
  });

  it('splits GWC\'s template into globals, grid sets and blob stores and writes it back in GWC\'s order', () => {
    const parts = readGeoWebCacheFile(fixture('gwc/geowebcache-template.xml'));
    expect(parts.gridSets).toHaveLength(1);
    expect(parts.gridSets[0].name).toBe('EPSG:2163');
    expect(parts.blobStores.map(blobStoreEntry).map((e) => [e.type, e.name])).toEqual([['FileBlobStore', 'defaultCache']]);
    expect(parts.globals.serviceInformation).toBeDefined();
    const layers = parseXml(writeGeoWebCacheFile(parts)).value as Record<string, unknown>;
    expect(Object.keys(layers).filter((k) => !k.startsWith('@'))).toEqual(['version', 'backendTimeout', 'serviceInformation', 'blobStores', 'gridSets', 'layers']);
    expect(readGeoWebCacheFile(writeGeoWebCacheFile(parts))).toEqual(parts);
  });

  it('writes GeoServer\'s empty configuration with the lists in place', () => {
    const xml = writeGeoWebCacheFile(defaultGeoWebCache());
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<gwcConfiguration xmlns:xsi=')).toBe(true);
    expect(xml).toContain('<backendTimeout>120</backendTimeout>\n  <blobStores/>\n  <gridSets/>\n  <layers/>\n</gwcConfiguration>');
  });

  it('names the grid set or blob store at fault', () => {
    const bad = fixture('gwc/geowebcache.xml').replace('<tileHeight>256</tileHeight>', '<tileHeight>tall</tileHeight>');
    expect(refusal(() => readGeoWebCacheFile(bad)).message).toBe("gwc/geowebcache.xml: gwcConfiguration.gridSets.gridSet[0].tileHeight: expected an integer ≥ 1, got 'tall'");
    const store = fixture('gwc/geowebcache-template.xml').replace('<fileSystemBlockSize>4096</fileSystemBlockSize>', '<fileSystemBlockSize>big</fileSystemBlockSize>');
    expect(refusal(() => readGeoWebCacheFile(store, 'gwc/geowebcache.xml')).message).toMatch(/^gwc\/geowebcache\.xml: gwcConfiguration\.blobStores\.FileBlobStore\[0\]\.fileSystemBlockSize: /);
  });
});

describe('gwc/geowebcache-diskquota.xml (diskquota ConfigLoader)', () => {
  it.each(['gwc/geowebcache-diskquota.xml', 'gwc/geowebcache-diskquota-h2.xml'])('round-trips %s byte for byte', (file) => {
    const src = fixture(file);
    expect(writeDiskQuotaFile(readDiskQuotaFile(src, file))).toBe(src);
  });

  it('keeps the namespaces and layer quotas of a hand-written file', () => {
    const config = readDiskQuotaFile(fixture('gwc/geowebcache-diskquota-layers.xml'));
    expect(config['@xmlns']).toBe('http://geowebcache.org/diskquota');
    expect(readDiskQuotaFile(writeDiskQuotaFile(config))).toEqual(config);
  });

  it('writes DiskQuotaConfig.setDefaults as GeoServer does', () => {
    expect(writeDiskQuotaFile(defaultDiskQuota())).toBe(fixture('gwc/geowebcache-diskquota.xml').replace('  <diskBlockSize>4096</diskBlockSize>\n', ''));
  });

  it('refuses an unknown unit, naming file and element', () => {
    const bad = fixture('gwc/geowebcache-diskquota.xml').replace('<units>MiB</units>', '<units>MB</units>');
    expect(refusal(() => readDiskQuotaFile(bad)).message).toBe(
      "gwc/geowebcache-diskquota.xml: gwcQuotaConfiguration.globalQuota.units: expected one of B, KiB, MiB, GiB, TiB, PiB, EiB, ZiB, YiB, got 'MB'",
    );
  });
});
