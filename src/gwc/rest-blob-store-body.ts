import { CatalogError } from '../catalog/errors.js';
import { textOf } from '../xml/tree.js';
import { parseJavaBoolean } from './java-number.js';
import { blobStore, blobStoreEntry, type BlobStoreInfo } from './model.js';
import { bodyObject, checkGwcName, checkSameName, type BodyFormat, type RestDocument } from './rest-body.js';
import { canonical, own, printable } from './schema.js';
import { BLOB_STORE_TYPES } from './schemas.js';

/**
 * PUT /gwc/rest/blobstores/{name}: a blob store element (`<FileBlobStore>`, `<S3BlobStore>`, …), as
 * BlobStoreController reads it. GWC's CompositeBlobStore refuses two default blob stores, so a
 * second default is refused here, before anything is stored.
 */
export interface BlobStoreBodyContext {
  pathName: string;
  blobStores: readonly BlobStoreInfo[];
}

export function decodeBlobStoreBody(doc: RestDocument, format: BodyFormat, ctx: BlobStoreBodyContext): BlobStoreInfo {
  const schema = own(BLOB_STORE_TYPES, doc.root);
  if (!schema) throw new CatalogError('invalid', `<${printable(doc.root)}> is not a blob store type; expected one of ${Object.keys(BLOB_STORE_TYPES).join(', ')}`);
  const body = bodyObject(doc, [doc.root], format, schema);
  const id = checkGwcName('Blob store', textOf(body.id));
  checkSameName('blob store', ctx.pathName, id);
  if (parseJavaBoolean(textOf(body['@default']) ?? 'false')) {
    const other = ctx.blobStores.map(blobStoreEntry).find((e) => e.name !== id && parseJavaBoolean(textOf(e.content['@default']) ?? 'false'));
    if (other) throw new CatalogError('invalid', `Blob store ${id} cannot be the default: ${other.name} already is`);
  }
  return blobStore(doc.root, canonical(body, { type: 'object', schema }) as typeof body);
}
