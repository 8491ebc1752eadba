import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XmlJsonWriter } from '../../src/xml/json-text.js';
import { parseXml } from '../../src/xml/parse.js';

/*
 * XmlJsonWriter writes the JSON of a document straight from its bytes, for the loader's parsing
 * threads. Whatever it writes must be exactly JSON.stringify(parseXml(src).value), and whatever
 * parseXml refuses it must leave to parseXml (answer false), so that the error is parseXml's.
 */

const SEED = 20261202;
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** What parseXml makes of the document as JSON text, or undefined when it refuses it. */
function viaParse(src: Buffer): { root: string; json: string } | undefined {
  try {
    const doc = parseXml(src);
    return { root: doc.root, json: JSON.stringify(doc.value) };
  } catch {
    return undefined;
  }
}

/**
 * Writes the document, checks the result against parseXml (text, root, and each root field's
 * place) and tells whether the writer took it.
 */
function check(writer: XmlJsonWriter, src: Buffer): boolean {
  const at = 17; // not at 0: the caller keeps room before the document
  const expected = viaParse(src);
  if (!writer.write(src, at)) return false;
  expect(expected, 'written though parseXml refuses it').toBeDefined();
  const json = writer.out.toString('utf8', writer.start, writer.end);
  expect(writer.start).toBe(at);
  expect(json).toBe(expected!.json);
  expect(writer.root).toBe(expected!.root);
  const value: unknown = JSON.parse(json);
  const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
  expect(writer.fieldCount).toBe(keys.length);
  keys.forEach((k, i) => {
    expect(writer.fieldName[i]).toBe(k);
    expect(writer.out.toString('utf8', writer.fieldKey[i], writer.fieldValue[i])).toBe(`${JSON.stringify(k)}:`);
    expect(writer.out.toString('utf8', writer.fieldValue[i], writer.fieldEnd[i])).toBe(JSON.stringify((value as Record<string, unknown>)[k]));
  });
  return true;
}

function xmlFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) xmlFiles(p, out);
    else if (e.name.endsWith('.xml')) out.push(p);
  }
  return out;
}

describe('XML written straight to JSON', () => {
  it('gives parseXml’s JSON for every fixture it takes, and takes the catalog’s files', () => {
    const writer = new XmlJsonWriter();
    const files = xmlFiles(FIXTURES);
    const taken = files.filter((f) => check(writer, fs.readFileSync(f)));
    expect(files.length).toBeGreaterThan(50);
    // the catalog's objects, what the loader reads most, must not fall back to parseXml
    const roots = ['workspace', 'namespace', 'dataStore', 'coverageStore', 'wmsStore', 'featureType', 'coverage', 'wmsLayer', 'layer', 'layerGroup', 'style'];
    const catalogFiles = files.filter((f) => roots.includes(viaParse(fs.readFileSync(f))?.root ?? ''));
    expect(new Set(catalogFiles.map((f) => viaParse(fs.readFileSync(f))!.root))).toEqual(new Set(roots));
    expect(catalogFiles.filter((f) => !taken.includes(f))).toEqual([]);
  });

  it('puts repeated elements in one array at the place of the first, attributes as @name and text beside them as $', () => {
    const writer = new XmlJsonWriter();
    const src = Buffer.from('<?xml version="1.0"?>\n<layer a="1" b=\'x &amp; y\'>\n  <k>1</k>\n  <s x="2">t</s>\n  <k>2</k>\n  <e/>\n  <k><m>3</m><m>4</m></k>\n  <blank>  </blank>\n</layer>\n');
    expect(check(writer, src)).toBe(true);
    expect(JSON.parse(writer.out.toString('utf8', writer.start, writer.end))).toEqual({
      '@a': '1',
      '@b': 'x & y',
      k: ['1', '2', { m: ['3', '4'] }],
      s: { '@x': '2', $: 't' },
      e: '',
      blank: '  ',
    });
    expect(writer.fieldName.slice(0, writer.fieldCount)).toEqual(['@a', '@b', 'k', 's', 'e', 'blank']);
  });

  it('escapes as JSON.stringify does: quotes, backslashes and controls; UTF-8 as it is', () => {
    const writer = new XmlJsonWriter();
    const text = 'q"b\\s\u0001\u0008\t\n\u000c\r\u001f\u007f é 😀 \u2028 &lt;&gt;&quot;&apos;&amp;';
    expect(check(writer, Buffer.from(`<a><b>${text}</b><c ${'x'}="${text.replace(/"/g, '')}"/></a>`))).toBe(true);
    // texts that grow past the writer's buffer as they are escaped
    expect(check(writer, Buffer.from(`<a><b>${'"\u0001'.repeat(40_000)}</b><c>${'x'.repeat(200_000)}</c><d>${'&amp;'.repeat(30_000)}</d></a>`))).toBe(true);
  });

  it('leaves to parseXml what it does not write: comments, CDATA, character references, mixed text, DTDs, bytes that are not UTF-8, errors', () => {
    const writer = new XmlJsonWriter();
    const left = [
      '<a><!-- c --><b>1</b></a>',
      '<a><b><![CDATA[<x>]]></b></a>',
      '<a><b>&#65;</b></a>',
      '<a>text<b>1</b></a>',
      '<a><b>1</b>tail</a>',
      '<a><?pi x?><b>1</b></a>',
      '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
      '<a><b>&bogus;</b></a>',
      '<a><b>a & b</b></a>',
      '<a><__proto__>1</__proto__></a>',
      '<a><b>1</c></a>',
      '<a><b>1</b>',
      '<a/><b/>',
      '<a b="1" b="2"/>',
      '<a b="<"/>',
      '<a b=1/>',
      'text<a/>',
      '',
    ];
    for (const doc of left) expect(writer.write(Buffer.from(doc), 0), doc).toBe(false);
    expect(writer.write(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]), 0), 'not UTF-8').toBe(false);
    // after a document it left, the next is written whole
    expect(check(writer, Buffer.from('<a><b>1</b></a>'))).toBe(true);
  });

  const NAMES = ['name', 'id', 'entry', 'a', 'b', 'x:y', 'constructor', 'toString', 'é'];
  const TEXT = fc.oneof(
    fc.string({ maxLength: 8 }).map((s) => s.replace(/[<&]/g, '')),
    fc.constantFrom('', '  ', '\n  ', '&amp;', '&lt;x&gt;', '&quot;&apos;', '"\\', '\u0000\u001f\t', 'é😀', '&#x41;', '<!-- c -->', '<![CDATA[x]]>', '&bogus;'),
  );
  const element: fc.Arbitrary<string> = fc.letrec((tie) => ({
    el: fc.oneof(
      { depthSize: 'small' },
      fc.tuple(fc.constantFrom(...NAMES), TEXT).map(([n, t]) => `<${n}>${t}</${n}>`),
      fc.constantFrom(...NAMES).map((n) => `<${n}/>`),
      fc
        .tuple(fc.constantFrom(...NAMES), fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), TEXT), { maxLength: 2 }), fc.constantFrom('', ' ', '\n '), fc.array(tie('el'), { maxLength: 4 }), TEXT)
        .map(([n, attrs, gap, kids, t]) => {
          const a = attrs.map(([k, v]) => ` ${k}="${v.replace(/"/g, '')}"`).join('');
          return kids.length ? `<${n}${a}>${kids.map((k) => gap + k).join('')}${gap}</${n}>` : `<${n}${a}>${t}</${n}>`;
        }),
    ),
  })).el;

  it('matches parseXml on random documents, and takes every plain one', () => {
    const writer = new XmlJsonWriter();
    let taken = 0;
    fc.assert(
      fc.property(element, (doc) => {
        const src = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${doc}\n`);
        if (check(writer, src)) taken++;
        else if (!/&#|<!|&bogus|__proto__/.test(doc)) {
          // a plain document is written unless parseXml refuses it (a repeated attribute)
          expect(viaParse(src)).toBeUndefined();
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(1500);
  });

  it('matches parseXml on damaged documents: a byte cut, doubled or replaced', () => {
    const writer = new XmlJsonWriter();
    const damage = fc.tuple(element, fc.nat(), fc.constantFrom('cut', 'double', '<', '>', '/', '"', '&', ' ', '\u00ff')).map(([doc, at, how]) => {
      const b = Buffer.from(doc);
      const i = at % Math.max(1, b.length);
      if (how === 'cut') return Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
      if (how === 'double') return Buffer.concat([b.subarray(0, i + 1), b.subarray(i)]);
      const with_ = how === '\u00ff' ? Buffer.from([0xff]) : Buffer.from(how);
      return Buffer.concat([b.subarray(0, i), with_, b.subarray(i + 1)]);
    });
    fc.assert(
      fc.property(damage, (src) => {
        check(writer, src);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
