import { DISK_QUOTA_FILE, ROOT, type DiskQuotaInfo } from './model.js';
import { DISK_QUOTA } from './schemas.js';
import { readObject, writeDocument } from './xml-file.js';

/**
 * gwc/geowebcache-diskquota.xml as GWC's diskquota ConfigLoader writes it: root
 * `gwcQuotaConfiguration`, quotas as `<value>`/`<units>` (QuotaXSTreamConverter), no declaration.
 */
export function readDiskQuotaFile(src: string | Buffer, file = DISK_QUOTA_FILE.join('/')): DiskQuotaInfo {
  return readObject(src, file, ROOT.diskQuota, DISK_QUOTA);
}

export function writeDiskQuotaFile(config: DiskQuotaInfo): string {
  return writeDocument(ROOT.diskQuota, config);
}

/** DiskQuotaConfig.setDefaults: disabled, clean-up every 10 s, 2 at once, LFU, 500 MiB. */
export function defaultDiskQuota(): DiskQuotaInfo {
  return {
    enabled: 'false',
    cacheCleanUpFrequency: '10',
    cacheCleanUpUnits: 'SECONDS',
    maxConcurrentCleanUps: '2',
    globalExpirationPolicyName: 'LFU',
    globalQuota: { value: '500', units: 'MiB' },
  };
}
