import { CatalogError } from '../catalog/errors.js';
import { deepClone, textOf, type XObject, type XValue } from '../xml/tree.js';
import { ROOT, type GwcGlobalsInfo } from './model.js';
import { bodyObject, type BodyFormat, type RestDocument } from './rest-body.js';
import { canonical, type Schema } from './schema.js';
import { GEOWEBCACHE, GLOBAL } from './schemas.js';

/**
 * /gwc/rest/global: GWC's ServerController over the server settings of geowebcache.xml, shown as
 * a ServerConfigurationPOJO. `identifier` and `location` say where the configuration lives (the
 * integration passes the gwc folder and file); with `version` they are read-only.
 */
export interface GlobalPlace {
  identifier: string;
  location: string;
}

/** REST field → geowebcache.xml field, for the settings a PUT may change. */
const WRITABLE: ReadonlyArray<readonly [string, string]> = [
  ['serviceInformation', 'serviceInformation'],
  ['runtimeStatsEnabled', 'runtimeStats'],
  ['lockProvider', 'lockProvider'],
  ['fullWMS', 'fullWMS'],
  ['wmtsCiteCompliant', 'wmtsCiteCompliant'],
  ['backendTimeout', 'backendTimeout'],
  ['cacheBypassAllowed', 'cacheBypassAllowed'],
];

/** GET /gwc/rest/global: what ServerConfigurationPOJO holds, unset ones left out. */
export function globalView(globals: GwcGlobalsInfo, place: GlobalPlace): XObject {
  const out: XObject = {};
  const copy = (rest: string, file: string, otherwise?: string): void => {
    const v = globals[file] ?? otherwise;
    if (v !== undefined) out[rest] = deepClone(v);
  };
  copy('serviceInformation', 'serviceInformation');
  copy('runtimeStatsEnabled', 'runtimeStats', 'true'); // XMLConfiguration.isRuntimeStatsEnabled: true when unset
  copy('lockProvider', 'lockProvider');
  copy('fullWMS', 'fullWMS');
  copy('wmtsCiteCompliant', 'wmtsCiteCompliant', 'false');
  copy('backendTimeout', 'backendTimeout');
  copy('cacheBypassAllowed', 'cacheBypassAllowed');
  copy('version', 'version');
  out.identifier = place.identifier;
  out.location = place.location;
  return out;
}

/** PUT /gwc/rest/global: the fields sent replace the stored ones (ServerConfigurationPOJO.apply). */
export function decodeGlobalBody(doc: RestDocument, format: BodyFormat, globals: GwcGlobalsInfo, place: GlobalPlace): GwcGlobalsInfo {
  const body = canonical(bodyObject(doc, [ROOT.global], format, GLOBAL), { type: 'object', schema: GLOBAL }) as XObject;
  const current: Record<string, string | undefined> = { identifier: place.identifier, location: place.location, version: textOf(globals.version) };
  for (const name of ['identifier', 'location', 'version']) {
    const sent = textOf(body[name]);
    if (sent !== undefined && sent !== current[name]) throw new CatalogError('invalid', `Cannot modify read-only property "${name}"`);
  }
  let out = deepClone(globals);
  for (const [rest, file] of WRITABLE) if (body[rest] !== undefined) out = withField(out, file, body[rest] as XValue, GEOWEBCACHE);
  return out;
}

/** The object with a field set: in place if present, else where the schema's order puts it. */
export function withField(value: XObject, name: string, fieldValue: XValue, schema: Schema): XObject {
  if (name in value) return { ...value, [name]: fieldValue };
  const order = schema.fields.map(([n]) => n);
  const at = order.indexOf(name);
  const out: XObject = {};
  let placed = false;
  for (const key of Object.keys(value)) {
    const index = order.indexOf(key);
    if (!placed && at >= 0 && index > at) {
      out[name] = fieldValue;
      placed = true;
    }
    out[key] = value[key];
  }
  if (!placed) out[name] = fieldValue;
  return out;
}
