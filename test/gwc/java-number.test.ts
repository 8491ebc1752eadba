import { describe, expect, it } from 'vitest';
import { javaDouble, parseJavaBoolean, parseJavaDouble, parseJavaInt } from '../../src/gwc/java-number.js';

// XStream writes doubles with Java's Double.toString: GWC's RestIntegrationTest reads back
// `2.5E7`, `1.0` and `2.8E-4` after a grid set PUT with 25000000, 1 and 0.00028.
describe('numbers spelled as Java spells them', () => {
  it('writes doubles like Double.toString', () => {
    expect(javaDouble(25000000)).toBe('2.5E7');
    expect(javaDouble(1)).toBe('1.0');
    expect(javaDouble(0.00028)).toBe('2.8E-4');
    expect(javaDouble(1e7)).toBe('1.0E7');
    expect(javaDouble(9999999.5)).toBe('9999999.5');
    expect(javaDouble(0.001)).toBe('0.001');
    expect(javaDouble(-180)).toBe('-180.0');
    expect(javaDouble(0)).toBe('0.0');
    expect(javaDouble(111319.49079327358)).toBe('111319.49079327358');
    expect(javaDouble(6.866455078125e-4)).toBe('6.866455078125E-4');
    expect(javaDouble(-2.003750834e7)).toBe('-2.003750834E7');
    expect(javaDouble(180 / 256 / 2 ** 16)).toBe('1.0728836059570312E-5');
  });

  it('reads ints, doubles and booleans as XStream does, and nothing else', () => {
    expect(parseJavaInt(' 42 ')).toBe(42);
    expect(parseJavaInt('-4')).toBe(-4);
    expect(parseJavaInt('4.0')).toBeUndefined();
    expect(parseJavaInt('2147483648')).toBeUndefined();
    expect(parseJavaDouble('2.5E7')).toBe(25000000);
    expect(parseJavaDouble('.5')).toBe(0.5);
    expect(parseJavaDouble('0x10')).toBeUndefined();
    expect(parseJavaDouble('1e999')).toBeUndefined();
    expect(parseJavaBoolean('TRUE')).toBe(true);
    expect(parseJavaBoolean('yes')).toBeUndefined();
  });
});
