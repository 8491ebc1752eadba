import * as path from 'node:path';
import { fail } from '../../catalog/errors.js';
import { builtInGridSet, builtInGridSetNames, isBuiltInGridSet } from '../../gwc/default-grid-sets.js';
import { defaultDiskQuota } from '../../gwc/disk-quota-file.js';
import { defaultGeoWebCache } from '../../gwc/geowebcache-file.js';
import { blobStoreEntry, GEOWEBCACHE_FILE, SINGLETON_KEY } from '../../gwc/model.js';
import { decodeBlobStoreBody } from '../../gwc/rest-blob-store-body.js';
import { decodeDiskQuotaBody, diskQuotaView } from '../../gwc/rest-disk-quota.js';
import { encodeBlobStore, encodeDiskQuota, encodeGlobal, encodeGridSet, encodeNameList, GWC_ERROR } from '../../gwc/rest-encode.js';
import { decodeGlobalBody, globalView, type GlobalPlace } from '../../gwc/rest-global.js';
import { decodeGridSetBody } from '../../gwc/rest-grid-set-body.js';
import { TILE_OPERATIONS, refusedTileOperation } from '../../gwc/tile-operations.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { ok, RestError, type RestRequest } from '../http.js';
import type { Router } from '../router.js';
import { gwcDocument, gwcFormat, gwcRefusal, gwcReply, gwcText } from './gwc-common.js';

/**
 * /gwc/rest/gridsets, blobstores, global, diskquota and reload (GWC's GridSetController,
 * BlobStoreController, ServerController, DiskQuotaController, ReloadController), and the tile
 * operations this node refuses (docs/gwc-rest.md).
 */
export function gwcConfigRoutes(router: Router, ctx: RestContext): void {
  gridSetRoutes(router, ctx);
  blobStoreRoutes(router, ctx);
  settingsRoutes(router, ctx);
  for (const op of TILE_OPERATIONS) {
    const refuse = (req: RestRequest) => {
      const refusal = refusedTileOperation(req.method, op.path) ?? { status: 501, message: op.what };
      throw new RestError(refusal.status, refusal.message);
    };
    router.route(op.path.replace('/gwc/rest', ''), Object.fromEntries(op.methods.map((m) => [m, refuse])));
  }
  // ReloadController: GWC re-reads its configuration; here it is always what the catalog holds, so nothing changes
  router.route('/reload', {
    POST: (req) => {
      if (!/reload_configuration/.test(req.body.toString('utf8')) && req.query.get('reload_configuration') === null) {
        throw new RestError(400, 'Unknown or malformed request. Please try again, somthing like POST reload_configuration=1');
      }
      return gwcText(200, 'Configuration reloaded.');
    },
  });
}

function gridSetRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const key = (name: string) => `gridSet@${name}`;
  router.route('/gridsets', {
    GET: (req) => {
      const configured = [...catalog.list('gridSet')].map((g) => String(g.name)).sort();
      const names = [...new Set([...builtInGridSetNames(), ...configured])];
      return gwcReply(encodeNameList(gwcFormat(req), 'gridSets', 'gridSet', names, `${req.base}/gridsets`));
    },
  }, 'gridSet');
  router.route('/gridsets/{name}', {
    GET: (req) => {
      const found = catalog.get('gridSet', key(req.params.name)) ?? builtInGridSet(req.params.name);
      if (!found) gwcRefusal(GWC_ERROR.gridSetNotFound(req.params.name));
      return gwcReply(encodeGridSet(found, gwcFormat(req)));
    },
    PUT: (req) => {
      const { doc, format } = gwcDocument(req);
      const isConfigured = (name: string) => catalog.get('gridSet', key(name)) !== undefined;
      const existed = isConfigured(req.params.name);
      const info = decodeGridSetBody(doc, format, { pathName: req.params.name, isConfigured });
      catalog.put('gridSet', info, localChange(req));
      return { status: existed ? 200 : 201 };
    },
    DELETE: (req) => {
      const name = req.params.name;
      if (!catalog.get('gridSet', key(name))) {
        if (isBuiltInGridSet(name)) fail('protected', `Grid set ${name} is one of GeoWebCache's built-in grid sets and cannot be removed`);
        gwcRefusal(GWC_ERROR.gridSetNotFound(name, true));
      }
      catalog.remove('gridSet', key(name), localChange(req));
      return ok();
    },
  }, 'gridSet');
}

function blobStoreRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const key = (name: string) => `blobStore@${name}`;
  router.route('/blobstores', {
    GET: (req) => {
      const names = [...catalog.list('blobStore')].map((b) => blobStoreEntry(b).name).sort();
      return gwcReply(encodeNameList(gwcFormat(req), 'blobStores', 'blobStore', names, `${req.base}/blobstores`));
    },
  }, 'blobStore');
  router.route('/blobstores/{name}', {
    GET: (req) => {
      const found = catalog.get('blobStore', key(req.params.name));
      if (!found) gwcRefusal(GWC_ERROR.blobStoreNotFound(req.params.name));
      return gwcReply(encodeBlobStore(found, gwcFormat(req)));
    },
    PUT: (req) => {
      const { doc, format } = gwcDocument(req);
      const existed = catalog.get('blobStore', key(req.params.name)) !== undefined;
      const info = decodeBlobStoreBody(doc, format, { pathName: req.params.name, blobStores: [...catalog.list('blobStore')] });
      catalog.put('blobStore', info, localChange(req));
      return { status: existed ? 200 : 201 };
    },
    DELETE: (req) => {
      if (!catalog.get('blobStore', key(req.params.name))) gwcRefusal(GWC_ERROR.blobStoreNotFound(req.params.name, true));
      catalog.remove('blobStore', key(req.params.name), localChange(req));
      return ok();
    },
  }, 'blobStore');
}

function settingsRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  const place: GlobalPlace = { identifier: path.join(ctx.dataDir, 'gwc'), location: path.join(ctx.dataDir, ...GEOWEBCACHE_FILE) };
  const globals = () => catalog.get('gwcGlobals', SINGLETON_KEY.gwcGlobals!) ?? defaultGeoWebCache().globals;
  const quota = () => catalog.get('diskQuota', SINGLETON_KEY.diskQuota!) ?? defaultDiskQuota();
  router.route('/global', {
    GET: (req) => gwcReply(encodeGlobal(globalView(globals(), place), gwcFormat(req))),
    PUT: (req) => {
      const { doc, format } = gwcDocument(req);
      catalog.put('gwcGlobals', decodeGlobalBody(doc, format, globals(), place), localChange(req), SINGLETON_KEY.gwcGlobals);
      return ok();
    },
  }, 'gwcGlobals');
  router.route('/diskquota', {
    GET: (req) => gwcReply(encodeDiskQuota(diskQuotaView(quota()), gwcFormat(req))),
    PUT: (req) => {
      const { doc, format } = gwcDocument(req);
      const next = decodeDiskQuotaBody(doc, format, quota());
      catalog.put('diskQuota', next, localChange(req), SINGLETON_KEY.diskQuota);
      // answered in the request's format (DiskQuotaController)
      return gwcReply(encodeDiskQuota(diskQuotaView(next), format));
    },
  }, 'diskQuota');
}
