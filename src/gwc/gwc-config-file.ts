import type { GwcConfigInfo } from './model.js';
import { GWC_CONFIG_FILE, ROOT } from './model.js';
import { GWC_CONFIG } from './schemas.js';
import { readObject, writeDocument } from './xml-file.js';

/**
 * gwc-gs.xml, as GeoServer's GWCConfigPersister reads and writes it: root `GeoServerGWCConfig`,
 * XStream's field order, no XML declaration; elements of other GeoServer versions (the inner
 * caching settings of 2.x, say) stay where they are.
 */
export function readGwcConfigFile(src: string | Buffer, file = GWC_CONFIG_FILE.join('/')): GwcConfigInfo {
  return readObject(src, file, ROOT.gwcConfig, GWC_CONFIG);
}

export function writeGwcConfigFile(config: GwcConfigInfo): string {
  return writeDocument(ROOT.gwcConfig, config);
}
