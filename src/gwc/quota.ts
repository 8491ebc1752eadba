import { CatalogError } from '../catalog/errors.js';
import { isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { own } from './schema.js';
import { STORAGE_UNITS } from './schemas.js';

/**
 * Disk quotas. The file spells a quota as `<value>` and `<units>` (ConfigLoader's
 * QuotaXSTreamConverter, best-fitting unit); GWC's REST answers the bare Quota bean, `<id>` and
 * `<bytes>`. Bytes are BigIntegers in GWC, so bigint here: 500 YiB does not fit a double exactly.
 */
const UNIT_BYTES: Readonly<Record<string, bigint>> = Object.fromEntries(STORAGE_UNITS.map((u, i) => [u, 1024n ** BigInt(i)]));
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** StorageUnit.toBytes: value × unit, truncated to whole bytes. */
export function quotaBytes(value: string, units: string): bigint {
  const unit = own(UNIT_BYTES, units);
  const m = DECIMAL.exec(value.trim());
  if (unit === undefined || !m || (m[2] === '' && !m[3])) throw new CatalogError('invalid', `Quota ${value} ${units}: expected a number and one of ${STORAGE_UNITS.join(', ')}`);
  const digits = BigInt(`${m[2]}${m[3] ?? ''}` || '0');
  const scale = (m[3] ?? '').length - Number(m[4] ?? 0);
  const bytes = scale >= 0 ? (digits * unit) / 10n ** BigInt(scale) : digits * unit * 10n ** BigInt(-scale);
  return m[1] === '-' ? -bytes : bytes;
}

/** StorageUnit.bestFit and fromBytes: the largest unit not above the amount, the exact value in it. */
export function bestFitQuota(bytes: bigint): XObject {
  let units = 'B';
  for (const u of STORAGE_UNITS) if (bytes >= UNIT_BYTES[u]) units = u;
  const unit = UNIT_BYTES[units];
  const whole = bytes / unit;
  let rest = bytes % unit;
  let fraction = '';
  while (rest !== 0n) {
    rest *= 10n;
    fraction += String(rest / unit);
    rest %= unit;
  }
  return { value: fraction ? `${whole}.${fraction}` : String(whole), units };
}

/** The bytes of a quota in either shape, or undefined when it is neither. */
export function bytesOf(quota: XValue | undefined): bigint | undefined {
  if (!isXObject(quota)) return undefined;
  const bytes = textOf(quota.bytes);
  if (bytes !== undefined) {
    if (!/^\d+$/.test(bytes.trim())) throw new CatalogError('invalid', `Quota bytes: expected a whole number ≥ 0, got '${bytes}'`);
    return BigInt(bytes.trim());
  }
  const value = textOf(quota.value);
  const units = textOf(quota.units);
  if (value === undefined || units === undefined) return undefined;
  return quotaBytes(value, units);
}

/** The REST form of a quota: the Quota bean as XStream writes it. */
export function quotaBean(quota: XValue | undefined): XObject | undefined {
  const bytes = bytesOf(quota);
  return bytes === undefined ? undefined : { id: '0', bytes: String(bytes) };
}
