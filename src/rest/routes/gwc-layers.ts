import { publishedRef } from '../../gwc/catalog-follower.js';
import { isBuiltInGridSet } from '../../gwc/default-grid-sets.js';
import { decodeTileLayerBody, type TileLayerBodyContext } from '../../gwc/rest-layer-body.js';
import { encodeNameList, encodeTileLayer, GWC_ERROR, GWC_REPLY, tileLayerNameFromPath } from '../../gwc/rest-encode.js';
import type { TileLayerInfo } from '../../gwc/model.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import type { RestRequest } from '../http.js';
import type { Router } from '../router.js';
import { gwcConfigOf, gwcDocument, gwcFormat, gwcRefusal, gwcReply, gwcText, publishedByName } from './gwc-common.js';

/**
 * /gwc/rest/layers[/{layer}]: GWC's TileLayerController with GeoServer's
 * GWCGeoServerRESTConfigurationProvider (docs/gwc-rest.md). Tile layers are catalog objects
 * (`tileLayer`), so a change replicates and lands in gwc-layers/ like any other.
 */
export function gwcLayerRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const byName = (name: string): TileLayerInfo | undefined => [...catalog.list('tileLayer')].find((t) => t.name === name);

  router.route('/layers', {
    GET: (req) => {
      const names = [...catalog.list('tileLayer')].map((t) => String(t.name)).sort();
      return gwcReply(encodeNameList(gwcFormat(req), 'layers', 'layer', names, `${req.base}/layers`));
    },
  }, 'tileLayer');

  router.route('/layers/{layer}', {
    GET: (req) => {
      const found = byName(layerName(req));
      if (!found) gwcRefusal(GWC_ERROR.unknownLayer(layerName(req)));
      return gwcReply(encodeTileLayer(found, gwcFormat(req)));
    },
    PUT: (req) => {
      save(req);
      return gwcText(200, GWC_REPLY.layerSaved);
    },
    POST: (req) => {
      if (!byName(layerName(req))) gwcRefusal(GWC_ERROR.postUnknownLayer(layerName(req)));
      save(req);
      return gwcText(200, GWC_REPLY.layerSaved, { Warning: GWC_REPLY.postDeprecated });
    },
    DELETE: (req) => {
      const name = layerName(req);
      const found = byName(name);
      if (!found) gwcRefusal(GWC_ERROR.unknownLayer(name));
      catalog.remove('tileLayer', catalog.keyOfObject('tileLayer', found), localChange(req));
      return gwcText(200, GWC_REPLY.layerDeleted(name));
    },
  }, 'tileLayer');

  function save(req: RestRequest): void {
    const { doc, format } = gwcDocument(req);
    const bodyCtx: TileLayerBodyContext = {
      pathName: layerName(req),
      layerById: (id) => publishedRef(catalog, id),
      layerByName: (name) => publishedByName(catalog, name),
      tileLayerById: (id) => catalog.get('tileLayer', `tileLayer@${id}`),
      gridSetExists: (name) => isBuiltInGridSet(name) || catalog.get('gridSet', `gridSet@${name}`) !== undefined,
      blobStoreExists: (id) => catalog.get('blobStore', `blobStore@${id}`) !== undefined,
      gwcConfig: gwcConfigOf(catalog),
    };
    const { tileLayer } = decodeTileLayerBody(doc, format, bodyCtx);
    catalog.put('tileLayer', tileLayer, localChange(req));
  }
}

function layerName(req: RestRequest): string {
  const name = tileLayerNameFromPath(req.params.layer ?? '');
  if (name.trim() === '') gwcRefusal(GWC_ERROR.layerNotSpecified);
  return name;
}
