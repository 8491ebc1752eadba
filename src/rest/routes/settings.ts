import type { Catalog } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import { configKey, newId, type Info } from '../../catalog/types.js';
import { defaultGlobal } from '../../datadir/fresh.js';
import { isXObject } from '../../xml/tree.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { respond } from '../encode.js';
import { ok, text, type RestRequest } from '../http.js';
import { collectionOf, workspaceNamed } from '../lookup.js';
import { readBody, responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';
import {
  checkConfigBody,
  COVERAGE_ACCESS_FIELDS,
  GLOBAL_FIELDS,
  GLOBAL_MERGE,
  JAI_FIELDS,
  mergeConfig,
  SETTINGS_FIELDS,
  SETTINGS_MERGE,
} from './config-body.js';
import { CONFIG_FORMATS, configView } from './config-view.js';

/**
 * What GeoServer's LocalSettingsController shows for a workspace without settings: a fresh
 * SettingsInfoImpl with verbose off, and no workspace (SettingsControllerTest.testDeleteLocal).
 */
const NO_LOCAL_SETTINGS: Info = { charset: 'UTF-8', numDecimals: '4', verbose: 'false', verboseExceptions: 'false' };

/**
 * /settings, /settings/contact and /workspaces/{ws}/settings — GeoServer's SettingsController and
 * LocalSettingsController. The global object lives in the catalog under 'global'; workspace
 * settings under configKey('settings', wsId). PUT changes only the fields sent.
 */
export function settingsRoutes(router: Router, ctx: RestContext): void {
  const { catalog } = ctx;

  router.route('/settings', {
    GET: (req) => respond(responseFormat(req, CONFIG_FORMATS), 'global', withUpdateSequence(globalOf(catalog), ctx)),
    PUT: (req) => {
      const body = readBody(req, 'global');
      checkConfigBody('global', body, GLOBAL_FIELDS, { settings: SETTINGS_FIELDS, jai: JAI_FIELDS, coverageAccess: COVERAGE_ACCESS_FIELDS });
      saveGlobal(req, ctx, mergeConfig(globalOf(catalog), withSequenceBase(body, ctx), GLOBAL_MERGE));
      return ok();
    },
  }, 'global');

  // node-client reads this one without an extension and with Accept: */*: JSON comes first
  router.route('/settings/contact', {
    GET: (req) => {
      const settings = globalOf(catalog).settings;
      const contact = isXObject(settings) ? settings.contact : undefined;
      if (contact === undefined) fail('not_found', 'No contact information available');
      return respond(responseFormat(req, CONFIG_FORMATS), 'contact', contact);
    },
    PUT: (req) => {
      const body = readBody(req, 'contact');
      checkConfigBody('contact', body, {});
      saveGlobal(req, ctx, mergeConfig(globalOf(catalog), { settings: { contact: body } }, GLOBAL_MERGE));
      return ok();
    },
  }, 'global');

  router.route(`/${collectionOf('workspace')}/{workspace}/settings`, {
    GET: (req) => {
      const ws = workspaceNamed(catalog, req.params.workspace);
      const format = responseFormat(req, CONFIG_FORMATS);
      const settings = localSettings(catalog, ws);
      return respond(format, 'settings', settings ? configView(catalog, req.base, format, settings) : NO_LOCAL_SETTINGS);
    },
    POST: (req) => {
      const body = localBody(req);
      const ws = workspaceNamed(catalog, req.params.workspace);
      // GeoServer's GeoServerImpl.add refuses a second settings object with an IllegalArgumentException: 500
      if (localSettings(catalog, ws)) fail('duplicate', `Settings already exist for workspace '${ws.name}'`);
      catalog.add('settings', newLocalSettings(ws, body), localChange(req));
      return text(201, String(ws.name));
    },
    PUT: (req) => {
      const body = localBody(req);
      const ws = workspaceNamed(catalog, req.params.workspace);
      const existing = localSettings(catalog, ws);
      const next = existing ? mergeConfig(existing, body, SETTINGS_MERGE) : newLocalSettings(ws, body);
      catalog.put('settings', next, localChange(req), configKey('settings', ws.id));
      return ok();
    },
    DELETE: (req) => {
      const ws = workspaceNamed(catalog, req.params.workspace);
      if (!localSettings(catalog, ws)) fail('not_found', `Workspace '${ws.name}' has no settings`);
      catalog.remove('settings', configKey('settings', ws.id), localChange(req));
      return ok();
    },
  }, 'settings');
}

/** The global configuration; a data directory without global.xml reads as a fresh GeoServer's. */
function globalOf(catalog: Catalog): Info {
  return catalog.get('global', configKey('global')) ?? defaultGlobal();
}

/**
 * GeoServer's UpdateSequenceListener (org.geoserver.config.UpdateSequenceListener) increments the
 * global updateSequence on every catalog or configuration change and saves global.xml each time.
 * This node keeps the stored value as a base and adds its own count of changes made or applied:
 * the number grows with every change, yet no change of the global object is replicated for it.
 */
function withUpdateSequence(global: Info, ctx: RestContext): Info {
  const changes = ctx.changeCount?.() ?? 0;
  if (changes === 0) return global;
  const base = Number(typeof global.updateSequence === 'string' ? global.updateSequence : 0);
  return { ...global, updateSequence: String((Number.isSafeInteger(base) ? base : 0) + changes) };
}

/**
 * An updateSequence sent in a PUT is what the client saw (stored base + this node's count): kept
 * as the base it stands for, so that the answer after the PUT is the value sent plus this change,
 * as in GeoServer (the value is set, then the listener increments it).
 */
function withSequenceBase(body: Info, ctx: RestContext): Info {
  const sent = Number(typeof body.updateSequence === 'string' ? body.updateSequence : NaN);
  if (!Number.isSafeInteger(sent)) return body;
  return { ...body, updateSequence: String(Math.max(0, sent - (ctx.changeCount?.() ?? 0))) };
}

function saveGlobal(req: RestRequest, ctx: RestContext, next: Info): void {
  ctx.catalog.put('global', next, localChange(req), configKey('global'));
}

function localSettings(catalog: Catalog, ws: Info): Info | undefined {
  return catalog.get('settings', configKey('settings', ws.id));
}

function localBody(req: RestRequest): Info {
  const body = readBody(req, 'settings');
  checkConfigBody('settings', body, SETTINGS_FIELDS);
  return body;
}

/** New workspace settings: the workspace is the one in the path, whatever the body names. */
function newLocalSettings(ws: Info, body: Info): Info {
  return { id: newId('settings'), workspace: { id: ws.id! }, ...mergeConfig({}, body, SETTINGS_MERGE) };
}
