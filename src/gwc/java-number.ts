/**
 * Numbers as GeoWebCache writes them. XStream writes a Java `double` with Double.toString and an
 * `int` with Integer.toString, so a grid set PUT with `<double>25000000</double>` comes back as
 * `2.5E7` (GWC's RestIntegrationTest.testPutGridSetCreateModifyDelete). JavaScript numbers are
 * the same IEEE doubles, so only the spelling has to be Java's.
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** Double.toString: shortest digits; plain notation in [1e-3, 1e7), else `d.dddE±n`. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exp] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exp);
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) return sign + plain(digits, exponent);
  const fraction = digits.length > 1 ? digits.slice(1) : '0';
  return `${sign}${digits[0]}.${fraction}E${exponent}`;
}

/** Digits d1d2d3… with the first digit at 10^exponent, written without an exponent. */
function plain(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${whole}.${fraction === '' ? '0' : fraction}`;
}

/** A decimal number as Java's Double.parseDouble reads it (no hex, no `d`/`f` suffix). */
export function parseJavaDouble(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A Java `int`: optional sign, decimal digits, within 32 bits. */
export function parseJavaInt(text: string): number | undefined {
  const t = text.trim();
  if (!INTEGER.test(t)) return undefined;
  const n = Number(t);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** A Java `boolean` as XStream reads it: `true`/`false`, any case. */
export function parseJavaBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return undefined;
}
