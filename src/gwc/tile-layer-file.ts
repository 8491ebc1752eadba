import { ROOT, tileLayerPath, type TileLayerInfo } from './model.js';
import { TILE_LAYER } from './schemas.js';
import { readObject, requiredText, writeDocument } from './xml-file.js';

/**
 * A gwc-layers/*.xml file, as GeoServer's DefaultTileLayerCatalog persists a
 * GeoServerTileLayerInfoImpl (root `GeoServerTileLayer`, no XML declaration). GeoServer keys the
 * file by the layer or group id, so a file without an id or name cannot be loaded.
 */
export function readTileLayerFile(src: string | Buffer, file: string): TileLayerInfo {
  const info = readObject(src, file, ROOT.tileLayer, TILE_LAYER);
  requiredText(info, 'id', file, ROOT.tileLayer);
  requiredText(info, 'name', file, ROOT.tileLayer);
  return info;
}

export function writeTileLayerFile(info: TileLayerInfo): string {
  return writeDocument(ROOT.tileLayer, info);
}

/** Where a tile layer lives: gwc-layers/<id with ':' and ' ' as '_'>.xml. */
export function tileLayerFile(info: TileLayerInfo): string[] {
  return tileLayerPath(requiredText(info, 'id', 'tile layer', ROOT.tileLayer));
}
