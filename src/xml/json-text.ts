import { isUtf8 } from 'node:buffer';
import { BANG, DQUOTE, EQ, GT, isBlank, isNameStart, isSpace, LT, NAME_END, NameTable, QMARK, SLASH, SQUOTE, sameAscii, type FastBuffer } from './bytes.js';
import { JsonBytes } from './json-bytes.js';

/*
 * XML straight to JSON text, without the objects between: for a document in the plain form the
 * data directory's files have, what it writes is byte for byte the UTF-8 of
 * JSON.stringify(parseXml(src).value) (test/xml/json-text.test.ts compares the two on every
 * fixture and on random documents). Parsing threads of the loader hash and hand over that text;
 * building the objects only to stringify them again was half their work.
 *
 * It leaves to parseXml, by answering false, everything outside that plain form: comments, CDATA,
 * processing instructions inside the root, DTDs, character references, an element with both text
 * and child elements, bytes that are not UTF-8, and every syntax error (whose message parseXml
 * gives). Its rules are parseXml's: repeated elements become an array in the place of the first,
 * attributes `@name`, the text of an element with attributes `$`, blank text between elements
 * dropped, the five predefined entities decoded.
 */

/** A member of an open element: an attribute, or a child element once closed. */
const ATTRIBUTE = 1, ELEMENT = 2, TEXT = 3;

/**
 * Writes documents as JSON text into its own buffer, reused from one document to the next. After a
 * write that answered true, `out[start, end)` holds the root element's value, and the root's fields
 * (when it is an object) are listed in `fieldName`, `fieldKey` (where `"name":` starts),
 * `fieldValue` and `fieldEnd`, `fieldCount` of them.
 */
export class XmlJsonWriter {
  private readonly json = new JsonBytes(64 * 1024);
  start = 0;
  end = 0;
  root = '';
  fieldCount = 0;
  readonly fieldName: string[] = [];
  readonly fieldKey: number[] = [];
  readonly fieldValue: number[] = [];
  readonly fieldEnd: number[] = [];

  private src = Buffer.alloc(0) as FastBuffer;
  // the open elements, by depth
  private depth = 0;
  private fNameStart: number[] = [];
  private fNameEnd: number[] = [];
  private fHash: number[] = [];
  private fKey: number[] = [];
  private fValue: number[] = [];
  /** 0 while the element may still be a leaf; 1 once `{` is written. */
  private fObject: number[] = [];
  private fChildren: number[] = [];
  private fMembers: number[] = [];
  private fTextFrom: number[] = [];
  private fTextTo: number[] = [];
  // members of the open elements, a stack
  private members = 0;
  private mKind: number[] = [];
  private mHash: number[] = [];
  private mNameStart: number[] = [];
  private mNameEnd: number[] = [];
  private mKey: number[] = [];
  private mValue: number[] = [];
  private mEnd: number[] = [];
  private scratch = Buffer.allocUnsafe(16 * 1024);
  private readonly names = new NameTable(4096);

  /** The buffer the JSON is written into (a new one when it grew). */
  get out(): FastBuffer {
    return this.json.out;
  }

  /** Writes the document's JSON at `at` of `out`; false (and `out` past `at` undefined) where parseXml must read it. */
  write(src: Buffer, at: number): boolean {
    if (!isUtf8(src)) return false;
    this.src = src as FastBuffer;
    this.json.pos = at;
    this.start = at;
    this.depth = 0;
    this.members = 0;
    this.fieldCount = 0;
    return this.document();
  }

  private document(): boolean {
    const src = this.src;
    const len = src.length;
    let i = src[0] === 0xef && src[1] === 0xbb && src[2] === 0xbf ? 3 : 0;
    let done = false;
    while (i < len) {
      let lt = i;
      while (lt < len && src[lt] !== LT) lt++;
      if (lt > i && !this.text(i, lt)) return false;
      if (lt >= len) break;
      const c = src[lt + 1];
      if (c === QMARK) {
        if (this.depth > 0) return false;
        const close = src.indexOf('?>', lt + 2, 'latin1');
        if (close < 0) return false;
        i = close + 2;
      } else if (c === BANG) {
        return false;
      } else if (c === SLASH) {
        let gt = lt + 2;
        while (gt < len && src[gt] !== GT) gt++;
        if (gt >= len || this.depth === 0 || !this.endMatches(lt + 2, gt)) return false;
        i = gt + 1;
        if (!this.close()) return false;
        if (this.depth === 0) done = true;
      } else {
        if (done) return false;
        i = this.startTag(lt);
        if (i < 0) return false;
        if (this.depth === 0) done = true;
      }
    }
    if (!done || this.depth > 0) return false;
    this.end = this.json.pos;
    return true;
  }

  /** Text between two tags: outside the root only blanks; in an element, text or blanks between children. */
  private text(from: number, to: number): boolean {
    const d = this.depth - 1;
    if (d < 0) return isBlank(this.src, from, to);
    if (this.fObject[d] === 1) {
      if (isBlank(this.src, from, to)) return true;
      if (this.fChildren[d] > 0 || this.fTextFrom[d] >= 0) return false;
    } else if (this.fTextFrom[d] >= 0) {
      return false;
    }
    this.fTextFrom[d] = from;
    this.fTextTo[d] = to;
    return true;
  }

  /** Reads a start tag at `lt` and writes what it can of its element; the position after it, or -1. */
  private startTag(lt: number): number {
    const src = this.src;
    const len = src.length;
    let i = lt + 1;
    const nameStart = i;
    let h = 0;
    while (i < len && NAME_END[src[i]!] === 0) h = (h * 31 + src[i++]!) | 0;
    const nameEnd = i;
    // `__proto__` is a name parseXml refuses
    if (nameEnd === nameStart || !isNameStart(src[nameStart]!) || sameAscii(src, nameStart, nameEnd, '__proto__')) return -1;
    const parent = this.depth - 1;
    if (parent >= 0) {
      if (this.fTextFrom[parent] >= 0) {
        // text before the first child: only blanks, which are dropped
        if (!isBlank(src, this.fTextFrom[parent], this.fTextTo[parent])) return -1;
        this.fTextFrom[parent] = -1;
      }
      this.member(parent);
      this.fChildren[parent]++;
    }
    const d = this.depth++;
    this.fNameStart[d] = nameStart;
    this.fNameEnd[d] = nameEnd;
    this.fHash[d] = h;
    this.fKey[d] = this.json.pos;
    if (parent >= 0) this.json.key(src, nameStart, nameEnd, false);
    this.fValue[d] = this.json.pos;
    this.fObject[d] = 0;
    this.fChildren[d] = 0;
    this.fMembers[d] = this.members;
    this.fTextFrom[d] = -1;
    for (;;) {
      while (i < len && isSpace(src[i]!)) i++;
      if (i >= len) return -1;
      const c = src[i];
      if (c === GT) return i + 1;
      if (c === SLASH && src[i + 1] === GT) return this.close() ? i + 2 : -1;
      i = this.attribute(i, d);
      if (i < 0) return -1;
    }
  }

  /** Reads the attribute at `i` of the element at depth d and writes it; the position after it, or -1. */
  private attribute(i: number, d: number): number {
    const src = this.src;
    const len = src.length;
    const nameStart = i;
    let h = 0;
    while (i < len && NAME_END[src[i]!] === 0) h = (h * 31 + src[i++]!) | 0;
    const nameEnd = i;
    if (nameEnd === nameStart) return -1;
    while (isSpace(src[i]!)) i++;
    if (src[i] !== EQ) return -1;
    i++;
    while (isSpace(src[i]!)) i++;
    const q = src[i];
    if (q !== DQUOTE && q !== SQUOTE) return -1;
    let valueEnd = i + 1;
    while (valueEnd < len && src[valueEnd] !== q) {
      if (src[valueEnd] === LT) return -1;
      valueEnd++;
    }
    if (valueEnd >= len) return -1;
    if (this.sameName(ATTRIBUTE, h, nameStart, nameEnd, this.fMembers[d]!) >= 0) return -1;
    this.member(d);
    const keyAt = this.json.pos;
    this.json.key(src, nameStart, nameEnd, true);
    const valueAt = this.json.pos;
    if (!this.json.string(src, i + 1, valueEnd)) return -1;
    this.push(ATTRIBUTE, h, nameStart, nameEnd, keyAt, valueAt);
    return valueEnd + 1;
  }

  /** Opens the element at depth d as an object, or writes the comma before its next member. */
  private member(d: number): void {
    if (this.fObject[d] === 0) {
      this.fObject[d] = 1;
      this.json.byte(0x7b); // {
    } else {
      this.json.byte(0x2c); // ,
    }
  }

  private push(kind: number, h: number, nameStart: number, nameEnd: number, key: number, value: number): void {
    const m = this.members++;
    this.mKind[m] = kind;
    this.mHash[m] = h;
    this.mNameStart[m] = nameStart;
    this.mNameEnd[m] = nameEnd;
    this.mKey[m] = key;
    this.mValue[m] = value;
    this.mEnd[m] = this.json.pos;
  }

  /** Closes the innermost element: its value is complete, and becomes a member of its parent; false at text parseXml must read. */
  private close(): boolean {
    const d = --this.depth;
    if (this.fObject[d] === 1) {
      if (this.fTextFrom[d]! >= 0) {
        // attributes and text: the text is `$`, as parseXml's finish() makes it
        this.json.byte(0x2c);
        const key = this.json.pos;
        this.json.text('"$":');
        const value = this.json.pos;
        if (!this.json.string(this.src, this.fTextFrom[d]!, this.fTextTo[d]!)) return false;
        this.push(TEXT, 0, 0, 0, key, value);
      }
      if (this.fChildren[d]! > 1) this.arrays(d);
      this.json.byte(0x7d); // }
    } else if (this.fTextFrom[d]! >= 0) {
      if (!this.json.string(this.src, this.fTextFrom[d]!, this.fTextTo[d]!)) return false;
    } else {
      this.json.byte(DQUOTE);
      this.json.byte(DQUOTE);
    }
    if (d === 0) this.rootFields();
    this.members = this.fMembers[d]!;
    if (d > 0) this.push(ELEMENT, this.fHash[d]!, this.fNameStart[d]!, this.fNameEnd[d]!, this.fKey[d]!, this.fValue[d]!);
    return true;
  }

  /** Repeated children become one array in the place of the first (parseXml's addChild). */
  private arrays(d: number): void {
    const first = this.fMembers[d]!;
    const last = this.members;
    let repeated = false;
    for (let m = first + 1; m < last && !repeated; m++) {
      if (this.mKind[m] === ELEMENT && this.sameName(ELEMENT, this.mHash[m]!, this.mNameStart[m]!, this.mNameEnd[m]!, first, m) >= 0) repeated = true;
    }
    if (!repeated) return;
    const json = this.json;
    const from = this.mKey[first]!;
    const size = json.pos - from;
    if (this.scratch.length < size) this.scratch = Buffer.allocUnsafe(size * 2);
    const saved = this.scratch;
    json.out.copy(saved, 0, from, json.pos);
    json.pos = from;
    const written: number[] = [];
    let out = first;
    for (let m = first; m < last; m++) {
      if (this.mKind[m] === ELEMENT && this.sameName(ELEMENT, this.mHash[m]!, this.mNameStart[m]!, this.mNameEnd[m]!, first, m) >= 0) continue;
      if (m > first) json.byte(0x2c);
      const key = json.pos;
      json.copy(saved, this.mKey[m]! - from, this.mValue[m]! - from);
      const value = json.pos;
      const same: number[] = [m];
      if (this.mKind[m] === ELEMENT) {
        for (let n = m + 1; n < last; n++) {
          if (this.mKind[n] === ELEMENT && this.mHash[n] === this.mHash[m] && sameBytes(this.src, this.mNameStart[n]!, this.mNameEnd[n]!, this.mNameStart[m]!, this.mNameEnd[m]!)) same.push(n);
        }
      }
      if (same.length > 1) json.byte(0x5b); // [
      same.forEach((n, k) => {
        if (k > 0) json.byte(0x2c);
        json.copy(saved, this.mValue[n]! - from, this.mEnd[n]! - from);
      });
      if (same.length > 1) json.byte(0x5d); // ]
      written.push(m, key, value, json.pos);
      out++;
    }
    // the members now stand as written, one per name
    for (let k = 0, m = first; k < written.length; k += 4, m++) {
      const src = written[k]!;
      this.mKind[m] = this.mKind[src]!;
      this.mHash[m] = this.mHash[src]!;
      this.mNameStart[m] = this.mNameStart[src]!;
      this.mNameEnd[m] = this.mNameEnd[src]!;
      this.mKey[m] = written[k + 1]!;
      this.mValue[m] = written[k + 2]!;
      this.mEnd[m] = written[k + 3]!;
    }
    this.members = out;
  }

  /** The root's members as its fields, when the root is an object. */
  private rootFields(): void {
    this.root = this.name(this.fNameStart[0]!, this.fNameEnd[0]!, this.fHash[0]!);
    let n = 0;
    for (let m = this.fMembers[0]!; m < this.members; m++, n++) {
      const kind = this.mKind[m];
      const name = kind === TEXT ? '$' : this.name(this.mNameStart[m]!, this.mNameEnd[m]!, this.mHash[m]!);
      this.fieldName[n] = kind === ATTRIBUTE ? `@${name}` : name;
      this.fieldKey[n] = this.mKey[m]!;
      this.fieldValue[n] = this.mValue[m]!;
      this.fieldEnd[n] = this.mEnd[m]!;
    }
    this.fieldCount = n;
  }

  /** The index of an earlier member of [from, before) with this kind and name, or -1. */
  private sameName(kind: number, h: number, start: number, end: number, from: number, before = this.members): number {
    for (let m = from; m < before; m++) {
      if (this.mKind[m] === kind && this.mHash[m] === h && sameBytes(this.src, start, end, this.mNameStart[m]!, this.mNameEnd[m]!)) return m;
    }
    return -1;
  }

  private endMatches(start: number, end: number): boolean {
    const src = this.src;
    while (end > start && isSpace(src[end - 1]!)) end--;
    const d = this.depth - 1;
    return sameBytes(src, start, end, this.fNameStart[d]!, this.fNameEnd[d]!);
  }

  /** A root field's name, decoded once per distinct name. */
  private name(start: number, end: number, h: number): string {
    return this.names.get(this.src, start, end, h);
  }
}

function sameBytes(buf: Buffer, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}
