import { CatalogError } from '../catalog/errors.js';
import { asList, isXObject, type XObject, type XValue } from '../xml/tree.js';
import { blobStore, blobStoreEntry, GEOWEBCACHE_FILE, ROOT, type BlobStoreInfo, type GridSetInfo, type GwcGlobalsInfo } from './model.js';
import { own, validateObject } from './schema.js';
import { BLOB_STORE_TYPES, GEOWEBCACHE, GRID_SET, OTHER_BLOB_STORE } from './schemas.js';
import { readObject, writeDocument } from './xml-file.js';

/**
 * gwc/geowebcache.xml, GWC's XMLConfiguration file, split into the three kinds this node
 * replicates (see model.ts): the globals, the grid sets and the blob stores. Written back as GWC's
 * persistToFile does: XML declaration, root `gwcConfiguration` with its namespace attributes, the
 * fields in GeoWebCacheConfiguration's order, empty lists as empty elements.
 */
export interface GeoWebCacheParts {
  globals: GwcGlobalsInfo;
  gridSets: GridSetInfo[];
  blobStores: BlobStoreInfo[];
}

export function readGeoWebCacheFile(src: string | Buffer, file = GEOWEBCACHE_FILE.join('/')): GeoWebCacheParts {
  const value = readObject(src, file, ROOT.geowebcache, GEOWEBCACHE);
  const globals: GwcGlobalsInfo = {};
  for (const key of Object.keys(value)) if (key !== 'gridSets' && key !== 'blobStores') globals[key] = value[key];
  return { globals, gridSets: readGridSets(value.gridSets, file), blobStores: readBlobStores(value.blobStores, file) };
}

function readGridSets(value: XValue | undefined, file: string): GridSetInfo[] {
  if (value === undefined || value === '') return [];
  const list = isXObject(value) ? asList(value.gridSet) : [];
  return list.map((g, i) => checked(g, file, `gwcConfiguration.gridSets.gridSet[${i}]`, (where) => validateObject(g, GRID_SET, where, false)));
}

function readBlobStores(value: XValue | undefined, file: string): BlobStoreInfo[] {
  if (value === undefined || value === '') return [];
  if (!isXObject(value)) throw new CatalogError('invalid', `${file}: <blobStores> has text where blob stores were expected`);
  const out: BlobStoreInfo[] = [];
  for (const type of Object.keys(value)) {
    if (type.startsWith('@')) continue;
    asList(value[type]).forEach((content, i) => {
      const where = `gwcConfiguration.blobStores.${type}[${i}]`;
      checked(content, file, where, (at) => validateObject(content, own(BLOB_STORE_TYPES, type) ?? OTHER_BLOB_STORE, at, false));
      out.push(blobStore(type, content as XObject));
    });
  }
  return out;
}

function checked(value: XValue, file: string, where: string, check: (where: string) => void): XObject {
  try {
    check(where);
  } catch (err) {
    if (err instanceof CatalogError) throw new CatalogError('invalid', `${file}: ${err.message}`, { cause: err });
    throw err;
  }
  if (!isXObject(value)) throw new CatalogError('invalid', `${file}: ${where} is empty`);
  return value;
}

/** Fields GeoWebCacheConfiguration declares after `gridSets`: the two lists go before them. */
const AFTER_LISTS = new Set(['fullWMS', 'wmtsCiteCompliant', 'layers']);

export function writeGeoWebCacheFile(parts: GeoWebCacheParts): string {
  const out: XObject = {};
  let placed = false;
  const placeLists = (): void => {
    out.blobStores = blobStoresElement(parts.blobStores);
    out.gridSets = parts.gridSets.length === 0 ? '' : { gridSet: parts.gridSets };
    placed = true;
  };
  for (const key of Object.keys(parts.globals)) {
    if (!placed && AFTER_LISTS.has(key)) placeLists();
    if (parts.globals[key] !== undefined) out[key] = parts.globals[key];
  }
  if (!placed) placeLists();
  return writeDocument(ROOT.geowebcache, out, true);
}

/** Blob stores grouped by type element, types in order of first appearance. */
function blobStoresElement(stores: BlobStoreInfo[]): XValue {
  if (stores.length === 0) return '';
  const byType: Record<string, XObject[]> = {};
  for (const store of stores) {
    const { type, content } = blobStoreEntry(store);
    (byType[type] ??= []).push(content);
  }
  const out: XObject = {};
  for (const [type, contents] of Object.entries(byType)) out[type] = contents.length === 1 ? contents[0] : contents;
  return out;
}

/**
 * What GeoServer's gwc/geowebcache.xml holds once GWC has written its template
 * (geowebcache_empty.xml, GeoServer's gwcXmlConfig bean): no grid sets, blob stores or layers.
 */
export function defaultGeoWebCache(): GeoWebCacheParts {
  const ns = 'http://geowebcache.org/schema/1.8.0';
  return {
    globals: {
      '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@xsi:schemaLocation': `${ns} ${ns}/geowebcache.xsd`,
      '@xmlns': ns,
      version: '1.8.0',
      backendTimeout: '120',
      layers: '',
    },
    gridSets: [],
    blobStores: [],
  };
}
