import { describe, expect, it } from 'vitest';
import { parseXml, XmlSyntaxError } from '../../src/xml/parse.js';
import { writeXml } from '../../src/xml/write.js';

describe('XML codec', () => {
  it('reads XStream XML into the mapped form: attributes @, text $, repeats as arrays', () => {
    const doc = parseXml(`<dataStore>
  <name>sf</name>
  <connectionParameters>
    <entry key="url">file:data/sf</entry>
    <entry key="namespace">http://www.openplans.org/spearfish</entry>
  </connectionParameters>
  <store class="dataStore"><id>X</id></store>
  <empty/>
</dataStore>`);
    expect(doc.root).toBe('dataStore');
    expect(doc.value).toEqual({
      name: 'sf',
      connectionParameters: { entry: [{ '@key': 'url', $: 'file:data/sf' }, { '@key': 'namespace', $: 'http://www.openplans.org/spearfish' }] },
      store: { '@class': 'dataStore', id: 'X' },
      empty: '',
    });
  });

  it('decodes the predefined entities and character references and keeps leaf whitespace', () => {
    const doc = parseXml('<a><b>PROJCS[&quot;x&quot;, \n  &lt;&amp;&gt; &#65;&#x42;]</b><c>  </c></a>');
    expect(doc.value).toEqual({ b: 'PROJCS["x", \n  <&> AB]', c: '  ' });
  });

  it('refuses DTDs and entity declarations (no XXE, no billion laughs)', () => {
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')).toThrow(/DTDs and entity declarations are not allowed/);
    expect(() => parseXml('<a>&x;</a>')).toThrow(/unknown entity '&x;'/);
  });

  it('reports the line and element of a syntax error', () => {
    try {
      parseXml('<featureType>\n  <name>roads</name>\n  <title>oops\n</featureType>');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(XmlSyntaxError);
      expect((err as XmlSyntaxError).line).toBe(4);
      expect((err as Error).message).toMatch(/end tag <\/featureType> does not match <title>/);
    }
    expect(() => parseXml('<a><b>')).toThrow(/not closed/);
    expect(() => parseXml('<a></a><b></b>')).toThrow(/more than one root/);
  });

  it('writes what it reads: parse(write(x)) equals x, escaping as XStream does', () => {
    const value = { id: 'A', title: 'a "quoted" <title> & \'more\'', keywords: { string: ['x', 'y'] }, grid: { '@dimension': '2', low: '0 0' }, style: '' };
    const xml = writeXml('featureType', value);
    expect(xml).toContain('<title>a &quot;quoted&quot; &lt;title&gt; &amp; &apos;more&apos;</title>');
    expect(xml).toContain('<style/>');
    expect(xml).toContain('<grid dimension="2">');
    expect(parseXml(xml)).toEqual({ root: 'featureType', value });
  });
});

describe('names of Object.prototype members', () => {
  it('an element named constructor or toString is an ordinary child, not an inherited value', () => {
    const doc = parseXml('<a><constructor>x</constructor><toString>y</toString><hasOwnProperty>z</hasOwnProperty></a>');
    expect(doc.value).toEqual({ constructor: 'x', toString: 'y', hasOwnProperty: 'z' });
  });

  it('an element named __proto__ is refused and never becomes the prototype', () => {
    expect(() => parseXml('<a><__proto__><polluted>yes</polluted></__proto__></a>')).toThrow(/__proto__ is not accepted/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
