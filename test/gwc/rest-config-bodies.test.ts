import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDiskQuota, readDiskQuotaFile, writeDiskQuotaFile } from '../../src/gwc/disk-quota-file.js';
import { readGeoWebCacheFile } from '../../src/gwc/geowebcache-file.js';
import { blobStore } from '../../src/gwc/model.js';
import { bestFitQuota, quotaBytes } from '../../src/gwc/quota.js';
import { decodeBlobStoreBody } from '../../src/gwc/rest-blob-store-body.js';
import { decodeDiskQuotaBody, diskQuotaView } from '../../src/gwc/rest-disk-quota.js';
import { encodeDiskQuota } from '../../src/gwc/rest-encode.js';
import { decodeGlobalBody, globalView } from '../../src/gwc/rest-global.js';
import { deepClone } from '../../src/xml/tree.js';
import { jsonBody as json, refusal, xmlBody as xml } from '../helpers/gwc-bodies.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/gwc');


describe('PUT /gwc/rest/blobstores/{name} (BlobStoreController)', () => {
  const body = '<FileBlobStore><id>newCache</id><enabled>false</enabled><baseDirectory>/tmp/newCache</baseDirectory><fileSystemBlockSize>4096</fileSystemBlockSize></FileBlobStore>';

  it('takes the body of GWC\'s RestIntegrationTest and its JSON form alike', () => {
    const stored = decodeBlobStoreBody(xml(body), 'xml', { pathName: 'newCache', blobStores: [] });
    expect(stored).toEqual({ FileBlobStore: { id: 'newCache', enabled: 'false', baseDirectory: '/tmp/newCache', fileSystemBlockSize: '4096' } });
    const fromJsonBody = decodeBlobStoreBody(json({ FileBlobStore: { '@default': 'false', baseDirectory: '/tmp/newCache', enabled: false, fileSystemBlockSize: 4096, id: 'newCache' } }), 'json', { pathName: 'newCache', blobStores: [] });
    expect(fromJsonBody).toEqual({ FileBlobStore: { '@default': 'false', id: 'newCache', enabled: 'false', baseDirectory: '/tmp/newCache', fileSystemBlockSize: '4096' } });
  });

  it('keeps the fields of storage plugins it does not model', () => {
    const s3 = '<S3BlobStore default="true"><id>s3</id><enabled>true</enabled><bucket>tiles</bucket><awsSecretKey>k</awsSecretKey></S3BlobStore>';
    expect(decodeBlobStoreBody(xml(s3), 'xml', { pathName: 's3', blobStores: [] })).toEqual({ S3BlobStore: { '@default': 'true', id: 's3', enabled: 'true', bucket: 'tiles', awsSecretKey: 'k' } });
  });

  it('refuses an unknown type, a name unlike the URL or unfit for a path, a bad field and a second default', () => {
    const ctx = { pathName: 'newCache', blobStores: [] };
    expect(refusal(() => decodeBlobStoreBody(xml('<FtpBlobStore><id>x</id></FtpBlobStore>'), 'xml', ctx)).message).toMatch(/^<FtpBlobStore> is not a blob store type; expected one of FileBlobStore, S3BlobStore/);
    expect(refusal(() => decodeBlobStoreBody(xml('<toString><id>x</id></toString>'), 'xml', ctx)).message).toMatch(/^<toString> is not a blob store type/);
    expect(refusal(() => decodeBlobStoreBody(xml(body), 'xml', { ...ctx, pathName: 'other' })).message).toBe("The blob store name in the body, 'newCache', is not the one in the URL, 'other'");
    expect(refusal(() => decodeBlobStoreBody(xml(body.replace('<id>newCache</id>', '<id>a/b</id>')), 'xml', { ...ctx, pathName: 'a/b' })).message).toBe("Blob store name 'a/b' is not allowed: it contains '/'");
    expect(refusal(() => decodeBlobStoreBody(xml(body.replace('4096', '-1')), 'xml', ctx)).message).toBe("FileBlobStore.fileSystemBlockSize: expected an integer ≥ 0, got '-1'");
    expect(refusal(() => decodeBlobStoreBody(xml(body.replace('<baseDirectory>/tmp/newCache</baseDirectory>', '')), 'xml', ctx)).message).toBe('FileBlobStore.baseDirectory: expected a value, got nothing');
    const existing = [blobStore('FileBlobStore', { '@default': 'true', id: 'defaultCache', enabled: 'true', baseDirectory: '/x' })];
    const asDefault = body.replace('<FileBlobStore>', '<FileBlobStore default="true">');
    expect(refusal(() => decodeBlobStoreBody(xml(asDefault), 'xml', { pathName: 'newCache', blobStores: existing })).message).toBe('Blob store newCache cannot be the default: defaultCache already is');
  });
});

describe('/gwc/rest/global (ServerController, ServerConfigurationPOJO)', () => {
  const place = { identifier: '/data/gwc', location: '/data/gwc/geowebcache.xml' };
  const globals = readGeoWebCacheFile(readFileSync(join(FIXTURES, 'gwc/geowebcache-template.xml'))).globals;

  it('shows the server settings with GWC\'s defaults for unset ones', () => {
    const view = globalView(globals, place);
    expect(Object.keys(view)).toEqual(['serviceInformation', 'runtimeStatsEnabled', 'wmtsCiteCompliant', 'backendTimeout', 'version', 'identifier', 'location']);
    expect([view.runtimeStatsEnabled, view.wmtsCiteCompliant, view.backendTimeout, view.version]).toEqual(['true', 'false', '120', '1.8.0']);
  });

  it('changes only what a PUT sends (RestIntegrationTest.testPutGlobalPartial), in geowebcache.xml\'s order', () => {
    const before = deepClone(globals);
    const changed = decodeGlobalBody(xml('<global><backendTimeout>150</backendTimeout><runtimeStatsEnabled>false</runtimeStatsEnabled></global>'), 'xml', globals, place);
    expect(globals).toEqual(before);
    expect([changed.backendTimeout, changed.runtimeStats, changed.serviceInformation]).toEqual(['150', 'false', globals.serviceInformation]);
    expect(Object.keys(changed).indexOf('runtimeStats')).toBe(Object.keys(changed).indexOf('serviceInformation') - 1);
    const roundTrip = decodeGlobalBody({ root: 'global', value: globalView(globals, place) }, 'xml', globals, place);
    expect(globalView(roundTrip, place)).toEqual(globalView(globals, place));
  });

  it('refuses changes to read-only values (testPutGlobalReadOnly) and bad values', () => {
    expect(refusal(() => decodeGlobalBody(xml('<global><location>foobar</location></global>'), 'xml', globals, place)).message).toBe('Cannot modify read-only property "location"');
    expect(refusal(() => decodeGlobalBody(xml('<global><version>9</version></global>'), 'xml', globals, place)).message).toBe('Cannot modify read-only property "version"');
    expect(refusal(() => decodeGlobalBody(xml('<global><backendTimeout>soon</backendTimeout></global>'), 'xml', globals, place)).message).toBe("global.backendTimeout: expected an integer ≥ 0, got 'soon'");
    expect(refusal(() => decodeGlobalBody(xml('<global><serviceInformation><keywords>x</keywords></serviceInformation></global>'), 'xml', globals, place)).message).toBe("global.serviceInformation.keywords: expected a list of <string>, got 'x'");
  });
});

describe('/gwc/rest/diskquota (DiskQuotaController)', () => {
  it('answers the defaults as GWC does (RestIntegrationTest.testDiskQuotaJson)', () => {
    const body = JSON.parse(encodeDiskQuota(diskQuotaView(defaultDiskQuota()), 'json').body);
    expect(body).toEqual({ 'org.geowebcache.diskquota.DiskQuotaConfig': { enabled: false, cacheCleanUpFrequency: 10, cacheCleanUpUnits: 'SECONDS', maxConcurrentCleanUps: 2, globalExpirationPolicyName: 'LFU', globalQuota: { id: 0, bytes: 524288000 } } });
    expect(encodeDiskQuota(diskQuotaView(defaultDiskQuota()), 'xml').body).toContain('<globalQuota>\n    <id>0</id>\n    <bytes>524288000</bytes>\n  </globalQuota>');
  });

  it('applies only the fields sent (diskquota.rst examples) and keeps the file form', () => {
    const current = readDiskQuotaFile(readFileSync(join(FIXTURES, 'gwc/geowebcache-diskquota-h2.xml')));
    const before = deepClone(current);
    const one = decodeDiskQuotaBody(xml('<gwcQuotaConfiguration><maxConcurrentCleanUps>5</maxConcurrentCleanUps></gwcQuotaConfiguration>'), 'xml', current);
    expect(current).toEqual(before);
    expect(writeDiskQuotaFile(one)).toBe(writeDiskQuotaFile(current).replace('<maxConcurrentCleanUps>2<', '<maxConcurrentCleanUps>5<'));
    const two = decodeDiskQuotaBody(json({ gwcQuotaConfiguration: { enabled: true, globalQuota: { value: '100', units: 'GiB' }, globalExpirationPolicyName: 'LRU' } }), 'json', current);
    expect([two.enabled, two.globalQuota, two.globalExpirationPolicyName]).toEqual(['true', { value: '100', units: 'GiB' }, 'LRU']);
  });

  it('takes its own GET answer back unchanged, quotas in bytes included', () => {
    const current = readDiskQuotaFile(readFileSync(join(FIXTURES, 'gwc/geowebcache-diskquota-layers.xml')));
    const view = diskQuotaView(current);
    const back = decodeDiskQuotaBody({ root: 'org.geowebcache.diskquota.DiskQuotaConfig', value: view }, 'xml', current);
    expect(back).toEqual(current);
    const asJson = JSON.parse(encodeDiskQuota(view, 'json').body);
    expect(decodeDiskQuotaBody(json(asJson), 'json', current)).toEqual(current);
  });

  it('refuses what GWC refuses, changing nothing', () => {
    const current = defaultDiskQuota();
    expect(refusal(() => decodeDiskQuotaBody(xml('<gwcQuotaConfiguration><maxConcurrentCleanUps>-1</maxConcurrentCleanUps></gwcQuotaConfiguration>'), 'xml', current)).message).toBe("gwcQuotaConfiguration.maxConcurrentCleanUps: expected an integer ≥ 1, got '-1'");
    expect(refusal(() => decodeDiskQuotaBody(json({ gwcQuotaConfiguration: { globalQuota: { value: '100', units: 'ZZiB' } } }), 'json', current)).message).toMatch(/^gwcQuotaConfiguration\.globalQuota\.units: expected one of B, KiB/);
    expect(refusal(() => decodeDiskQuotaBody(xml('<gwcQuotaConfiguration><globalQuota><value>1</value></globalQuota></gwcQuotaConfiguration>'), 'xml', current)).message).toBe('gwcQuotaConfiguration.globalQuota: expected <value> and <units>, or <bytes>');
    expect(refusal(() => decodeDiskQuotaBody(xml('<gwcQuotaConfiguration><cacheCleanUpUnits>WEEKS</cacheCleanUpUnits></gwcQuotaConfiguration>'), 'xml', current)).message).toMatch(/cacheCleanUpUnits: expected one of NANOSECONDS/);
    const noPolicy = '<gwcQuotaConfiguration><layerQuotas><LayerQuota><layer>a</layer><quota><value>1</value><units>MiB</units></quota></LayerQuota></layerQuotas></gwcQuotaConfiguration>';
    expect(refusal(() => decodeDiskQuotaBody(xml(noPolicy), 'xml', current)).message).toMatch(/layer a has a quota but no expirationPolicyName/);
    expect(refusal(() => decodeDiskQuotaBody(xml('<diskQuota/>'), 'xml', current)).message).toBe('Expected a <gwcQuotaConfiguration> body, found <diskQuota>');
    expect(current).toEqual(defaultDiskQuota());
  });

  it('converts quotas as GWC\'s StorageUnit does', () => {
    expect(quotaBytes('500', 'MiB')).toBe(524288000n);
    expect(quotaBytes('1.5', 'GiB')).toBe(1610612736n);
    expect(quotaBytes('2.5E3', 'B')).toBe(2500n);
    expect(quotaBytes('0.5', 'B')).toBe(0n);
    expect(bestFitQuota(1610612736n)).toEqual({ value: '1.5', units: 'GiB' });
    expect(bestFitQuota(1000n)).toEqual({ value: '1000', units: 'B' });
    expect(bestFitQuota(1024n)).toEqual({ value: '1', units: 'KiB' });
    expect(bestFitQuota(1073741824n)).toEqual({ value: '1', units: 'GiB' });
    expect(bestFitQuota(1025n)).toEqual({ value: '1.0009765625', units: 'KiB' });
    expect(bestFitQuota(500n * 1024n ** 8n)).toEqual({ value: '500', units: 'YiB' });
  });
});
