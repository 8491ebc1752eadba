import { CatalogError } from '../catalog/errors.js';
import { asList, deepClone, isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { defaultDiskQuota } from './disk-quota-file.js';
import { ROOT, type DiskQuotaInfo } from './model.js';
import { bestFitQuota, bytesOf, quotaBean } from './quota.js';
import { bodyObject, type BodyFormat, type RestDocument } from './rest-body.js';
import { withField } from './rest-global.js';
import { any, bool, double, int, object, oneOf, text, type Field, type Schema } from './schema.js';
import { DISK_QUOTA, EXPIRATION_POLICIES, STORAGE_UNITS, TIME_UNITS } from './schemas.js';

/**
 * /gwc/rest/diskquota, GWC's DiskQuotaController. GET answers the DiskQuotaConfig bean as XStream
 * writes it without the file's aliases: root `org.geowebcache.diskquota.DiskQuotaConfig`, quotas
 * as `<id>`/`<bytes>` (pinned by GWC's RestIntegrationTest.testDiskQuotaXML/Json). PUT reads the
 * file's aliases (`gwcQuotaConfiguration`, `<value>`/`<units>`), the form GWC's documentation
 * shows; the bean form is read too, so a GET can be PUT back. Only the fields sent change
 * (DiskQuotaController.applyDiff), and the whole configuration is answered.
 */
const LAYER_QUOTA_BEAN = 'org.geowebcache.diskquota.storage.LayerQuota';

const restQuota: Field = object([
  ['value', double('a number ≥ 0', (n) => n >= 0)],
  ['units', oneOf(...STORAGE_UNITS)],
  ['id', any],
  ['tileSetId', any],
  ['bytes', text],
]);
const layerQuota: Schema = {
  fields: [['layer', text], ['expirationPolicyName', oneOf(...EXPIRATION_POLICIES)], ['quota', restQuota]],
  required: ['layer'],
};

const REST_DISK_QUOTA: Schema = {
  fields: [
    ['enabled', bool],
    ['cacheCleanUpFrequency', int('an integer ≥ 0', (n) => n >= 0)],
    ['cacheCleanUpUnits', oneOf(...TIME_UNITS)],
    ['maxConcurrentCleanUps', int('an integer ≥ 1', (n) => n >= 1)],
    ['globalExpirationPolicyName', oneOf(...EXPIRATION_POLICIES)],
    ['globalQuota', restQuota],
    ['layerQuotas', { type: 'choice', items: { LayerQuota: layerQuota, [LAYER_QUOTA_BEAN]: layerQuota }, what: 'layer quota' }],
    ['quotaStore', any],
  ],
};

/** The shape of the GET answer, for its JSON typing. */
const beanQuota: Field = object([['id', int()], ['bytes', any]]);
export const DISK_QUOTA_VIEW: Schema = {
  fields: [
    ...REST_DISK_QUOTA.fields.filter(([n]) => n !== 'globalQuota' && n !== 'layerQuotas' && n !== 'quotaStore'),
    ['globalQuota', beanQuota],
    ['layerQuotas', { type: 'list', item: LAYER_QUOTA_BEAN, of: object([['layer', text], ['expirationPolicyName', text], ['quota', beanQuota]]) }],
    ['quotaStore', text],
  ],
};

/** GET /gwc/rest/diskquota: the stored configuration with DiskQuotaConfig.setDefaults applied. */
export function diskQuotaView(config: DiskQuotaInfo): XObject {
  const defaults = defaultDiskQuota();
  const pick = (name: string): XValue | undefined => config[name] ?? defaults[name];
  const out: XObject = {};
  for (const name of ['enabled', 'cacheCleanUpFrequency', 'cacheCleanUpUnits', 'maxConcurrentCleanUps', 'globalExpirationPolicyName']) {
    out[name] = deepClone(pick(name) as XValue);
  }
  out.globalQuota = quotaBean(pick('globalQuota'));
  const layers = isXObject(config.layerQuotas) ? asList(config.layerQuotas.LayerQuota) : [];
  if (config.layerQuotas !== undefined) out.layerQuotas = layers.length ? { [LAYER_QUOTA_BEAN]: layers.map(layerQuotaBean) } : '';
  if (config.quotaStore !== undefined) out.quotaStore = deepClone(config.quotaStore);
  return out;
}

function layerQuotaBean(value: XValue): XValue {
  if (!isXObject(value)) return value;
  return { ...deepClone(value), quota: quotaBean(value.quota) };
}

/** PUT /gwc/rest/diskquota: the stored configuration with the fields sent applied. */
export function decodeDiskQuotaBody(doc: RestDocument, format: BodyFormat, current: DiskQuotaInfo): DiskQuotaInfo {
  const body = bodyObject(doc, [ROOT.diskQuota, ROOT.diskQuotaRest], format, REST_DISK_QUOTA, () => 'LayerQuota');
  let out = deepClone(current);
  for (const name of ['enabled', 'cacheCleanUpFrequency', 'cacheCleanUpUnits', 'maxConcurrentCleanUps', 'globalExpirationPolicyName']) {
    const v = textOf(body[name]);
    if (v !== undefined) out = withField(out, name, canonicalText(name, v), DISK_QUOTA);
  }
  if (body.globalQuota !== undefined) out = withField(out, 'globalQuota', fileQuota(body.globalQuota, `${doc.root}.globalQuota`), DISK_QUOTA);
  if (body.layerQuotas !== undefined) out = withField(out, 'layerQuotas', layerQuotas(body.layerQuotas, doc.root), DISK_QUOTA);
  return out;
}

function canonicalText(name: string, value: string): string {
  if (name === 'enabled') return value.trim().toLowerCase();
  if (name === 'cacheCleanUpFrequency' || name === 'maxConcurrentCleanUps') return String(Number(value.trim()));
  return value;
}

/** A quota in either shape, as the file spells it. */
function fileQuota(value: XValue, where: string): XObject {
  const bytes = bytesOf(value);
  if (bytes === undefined) throw new CatalogError('invalid', `${where}: expected <value> and <units>, or <bytes>`);
  if (bytes < 0n) throw new CatalogError('invalid', `${where}: a quota cannot be negative`);
  return bestFitQuota(bytes);
}

/** ConfigLoader's rules: a layer quota names its layer, and a quota goes with a policy. */
function layerQuotas(value: XValue, root: string): XValue {
  if (!isXObject(value)) return '';
  const items = [...asList(value.LayerQuota), ...asList(value[LAYER_QUOTA_BEAN])].filter(isXObject);
  const out = items.map((q, i) => {
    const where = `${root}.layerQuotas.LayerQuota[${i}]`;
    if (q.expirationPolicyName === undefined) {
      throw new CatalogError('invalid', `${where}: layer ${textOf(q.layer)} has a quota but no expirationPolicyName; either both or neither should be present`);
    }
    return { layer: q.layer as XValue, expirationPolicyName: q.expirationPolicyName, quota: fileQuota(q.quota as XValue, `${where}.quota`) };
  });
  return out.length ? { LayerQuota: out.length === 1 ? out[0] : out } : '';
}
