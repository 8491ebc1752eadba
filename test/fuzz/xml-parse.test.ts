import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml, XmlSyntaxError } from '../../src/xml/parse.js';
import { writeXml } from '../../src/xml/write.js';

/*
 * Fuzzing of the strict XML parser (issue 9, point 6), bounded with a fixed seed: any input is
 * either a document or an XmlSyntaxError, never another exception; what it accepts, written back
 * and parsed again, is the same document.
 */

const SEED = 20261201;
const NAMES = ['workspace', 'name', 'entry', 'a', 'b', 'x:y', '__proto__', 'constructor', 'toString'];
const TEXT = fc.oneof(fc.string(), fc.constantFrom('&amp;', '&lt;', '&#x41;', '&#0;', '&bogus;', ']]>', '<![CDATA[x]]>', '<!-- c -->', '<?pi x?>', '<!DOCTYPE a [<!ENTITY e "x">]>', '&e;'));
const element: fc.Arbitrary<string> = fc.letrec((tie) => ({
  el: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.constantFrom(...NAMES), TEXT).map(([n, t]) => `<${n}>${t}</${n}>`),
    fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMES), TEXT, fc.array(tie('el'), { maxLength: 3 })).map(
      ([n, attr, v, kids]) => `<${n} ${attr.replace(':', '')}="${v.replace(/"/g, '')}">${kids.join('')}</${n}>`,
    ),
    fc.constantFrom('<a>', '</a>', '<a/>', '<a b="1" b="2"/>', '<?xml version="1.0"?>', '\uFEFF', '<a></b>'),
  ),
})).el;

describe('XML parser (fuzzed)', () => {
  it('answers any input with a document or an XmlSyntaxError, and round-trips what it accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), element, fc.array(element, { maxLength: 4 }).map((xs) => xs.join(''))), (src) => {
        let doc;
        try {
          doc = parseXml(src);
        } catch (err) {
          expect(err).toBeInstanceOf(XmlSyntaxError);
          return;
        }
        const again = parseXml(writeXml(doc.root, doc.value));
        expect(again.root).toBe(doc.root);
        expect(again.value).toEqual(doc.value);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('refuses DTDs and entity references other than the predefined ones', () => {
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<a>&e;</a>')).toThrow(XmlSyntaxError);
  });
});
