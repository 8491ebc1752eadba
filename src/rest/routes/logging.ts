import type { Catalog } from '../../catalog/catalog.js';
import { configKey, type Info } from '../../catalog/types.js';
import { defaultLogging } from '../../datadir/fresh.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { respond } from '../encode.js';
import { ok } from '../http.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';
import { checkConfigBody, FLAT_MERGE, LOGGING_FIELDS, mergeConfig } from './config-body.js';
import { CONFIG_FORMATS } from './config-view.js';

/**
 * /logging — GeoServer's LoggingController: GET the logging settings (level, location,
 * stdOutLogging), PUT changes only the fields sent (LoggingControllerTest). This node keeps them
 * as configuration; its own log output is set by GEOCLUSTER_LOG_LEVEL.
 */
export function loggingRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;
  router.route('/logging', {
    GET: (req) => respond(responseFormat(req, CONFIG_FORMATS), 'logging', loggingOf(catalog)),
    PUT: (req) => {
      const body = readBody(req, 'logging');
      checkConfigBody('logging', body, LOGGING_FIELDS);
      const next = mergeConfig(loggingOf(catalog), body, FLAT_MERGE);
      catalog.put('logging', next, localChange(req), configKey('logging'));
      return ok();
    },
  }, 'logging');
}

/** The logging settings; a data directory without logging.xml reads as a fresh GeoServer's. */
function loggingOf(catalog: Catalog): Info {
  return catalog.get('logging', configKey('logging')) ?? defaultLogging();
}
