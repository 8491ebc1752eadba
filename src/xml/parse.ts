import { BANG, DQUOTE, EQ, GT, isBlank, isNameStart, isSpace, LT, NAME_END, NameTable, QMARK, SLASH, SQUOTE, type FastBuffer } from './bytes.js';
import type { XObject, XValue } from './tree.js';

/**
 * A small, strict XML parser for XStream-style documents (GeoServer's data directory and REST
 * bodies). It never expands entities beyond the five predefined ones and character references,
 * and refuses DTDs outright, so entity-expansion and external-entity attacks cannot happen.
 *
 * It scans bytes, not characters: every string it returns is freshly decoded from the buffer,
 * so a loaded catalog does not keep the source documents alive (substrings of a large string
 * would), and the data directory is read without decoding whole files first.
 */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly element?: string,
  ) {
    super(`line ${line}${element ? `, element <${element}>` : ''}: ${message}`);
    this.name = 'XmlSyntaxError';
  }
}

export interface XmlDocument {
  root: string;
  value: XValue;
}

const NL = 10;

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface Frame {
  name: string;
  /** Where the name sits in the buffer, to match the end tag without decoding it. */
  nameStart: number;
  nameEnd: number;
  /** Attributes and children, created when the first of either appears. */
  obj: XObject | undefined;
  /** Decoded text so far; a single text run stays undecoded in [from, to) until needed. */
  text: string;
  from: number;
  to: number;
}

/** Names decoded once, shared by all parses of this thread. */
const NAMES = new NameTable(8192);

export function parseXml(src: string | Buffer): XmlDocument {
  return new Parser((typeof src === 'string' ? Buffer.from(src, 'utf8') : src) as FastBuffer).document();
}

class Parser {
  private pos = 0;
  constructor(private readonly buf: FastBuffer) {}

  document(): XmlDocument {
    const buf = this.buf;
    const len = buf.length;
    let root: XmlDocument | undefined;
    const stack: Frame[] = [];
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) this.pos = 3;
    while (this.pos < len) {
      let lt = this.pos;
      const probe = Math.min(len, lt + 24);
      while (lt < probe && buf[lt] !== LT) lt++;
      if (lt === probe && lt < len) {
        lt = buf.indexOf(LT, lt);
        if (lt < 0) lt = len;
      }
      const top = stack.length ? stack[stack.length - 1] : undefined;
      if (lt > this.pos) this.text(top, this.pos, lt);
      if (lt >= len) break;
      this.pos = lt;
      const c = buf[lt + 1];
      if (c === QMARK) {
        this.skipPast('?>', 'processing instruction');
      } else if (c === BANG) {
        this.special(top);
      } else if (c === SLASH) {
        let end = lt + 2;
        while (end < len && buf[end] !== GT) end++;
        if (end >= len) this.fail('unterminated end tag', top?.name);
        if (!top || !this.endMatches(top, lt + 2, end)) {
          const name = buf.utf8Slice(lt + 2, end).trim();
          if (!top) this.fail(`unexpected end tag </${name}>`);
          this.fail(`end tag </${name}> does not match <${top.name}>`, top.name);
        }
        this.pos = end + 1;
        stack.pop();
        root = this.close(top, stack, root);
      } else {
        if (!top && root) this.fail('more than one root element');
        const frame = this.startTag(top);
        if (frame) stack.push(frame);
        else root = this.close(this.selfClosed!, stack, root);
      }
    }
    if (stack.length) this.fail(`unexpected end of document, <${stack[stack.length - 1].name}> is not closed`, stack[stack.length - 1].name);
    if (!root) this.fail('no root element');
    return root;
  }

  private selfClosed: Frame | undefined;

  /** Blank text before the first child was held as if the element were a leaf: drop it. */
  private dropBlankRun(parent: Frame): void {
    if (parent.from >= 0 && isBlank(this.buf, parent.from, parent.to)) parent.from = -1;
    else this.settle(parent);
    if (parent.text !== '' && !/\S/.test(parent.text)) parent.text = '';
  }

  private endMatches(frame: Frame, start: number, end: number): boolean {
    const buf = this.buf;
    while (end > start && isSpace(buf[end - 1])) end--;
    const n = frame.nameEnd - frame.nameStart;
    if (end - start !== n) return false;
    for (let i = 0; i < n; i++) if (buf[start + i] !== buf[frame.nameStart + i]) return false;
    return true;
  }

  private close(frame: Frame, stack: Frame[], root: XmlDocument | undefined): XmlDocument | undefined {
    this.settle(frame);
    const value = finish(frame);
    const parent = stack.length ? stack[stack.length - 1] : undefined;
    if (parent) {
      this.dropBlankRun(parent);
      if (frame.name === '__proto__') this.fail('an element named __proto__ is not accepted', frame.name);
      addChild(parent, frame.name, value);
      return root;
    }
    if (root) this.fail('more than one root element', frame.name);
    return { root: frame.name, value };
  }

  /** Text between two tags: kept for leaves, dropped when blank between child elements. */
  private text(top: Frame | undefined, from: number, to: number): void {
    const buf = this.buf;
    if (!top) {
      for (let i = from; i < to; i++) if (!isSpace(buf[i])) this.fail('text outside the root element');
      return;
    }
    if (top.obj !== undefined && isBlank(buf, from, to)) return;
    if (top.from < 0 && top.text === '') {
      top.from = from;
      top.to = to;
      return;
    }
    this.settle(top);
    top.text += this.decodeRange(from, to, top.name);
  }

  /** Decodes the pending text run of a frame into its text. */
  private settle(frame: Frame): void {
    if (frame.from < 0) return;
    frame.text += this.decodeRange(frame.from, frame.to, frame.name);
    frame.from = -1;
  }

  private decodeRange(from: number, to: number, element: string): string {
    const raw = this.buf.utf8Slice(from, to);
    return raw.indexOf('&') >= 0 ? this.decode(raw, element) : raw;
  }

  private special(top: Frame | undefined): void {
    const buf = this.buf;
    if (startsWith(buf, this.pos, '<!--')) {
      this.skipPast('-->', 'comment');
    } else if (startsWith(buf, this.pos, '<![CDATA[')) {
      const end = buf.indexOf(']]>', this.pos);
      if (end < 0) this.fail('unterminated CDATA section', top?.name);
      if (!top) this.fail('CDATA outside the root element');
      this.settle(top);
      top.text += buf.utf8Slice(this.pos + 9, end);
      this.pos = end + 3;
    } else if (startsWith(buf, this.pos, '<!DOCTYPE') || startsWith(buf, this.pos, '<!ENTITY')) {
      this.fail('DTDs and entity declarations are not allowed', top?.name);
    } else {
      this.fail('unexpected markup declaration', top?.name);
    }
  }

  /** Reads a start tag; returns its frame, or undefined for a self-closing one (then in selfClosed). */
  private startTag(parent: Frame | undefined): Frame | undefined {
    const buf = this.buf;
    let i = this.pos + 1;
    const nameStart = i;
    let h = 0;
    while (i < buf.length && NAME_END[buf[i]] === 0) h = (h * 31 + buf[i++]) | 0;
    const name = this.name(nameStart, i, h);
    if (!name || !isNameStart(buf[nameStart])) this.fail(`invalid element name '${name}'`, parent?.name);
    const frame: Frame = { name, nameStart, nameEnd: i, obj: undefined, text: '', from: -1, to: -1 };
    while (true) {
      while (i < buf.length && isSpace(buf[i])) i++;
      if (i >= buf.length) { this.pos = i; this.fail('unterminated start tag', name); }
      const c = buf[i];
      if (c === GT) { this.pos = i + 1; return frame; }
      if (c === SLASH && buf[i + 1] === GT) { this.pos = i + 2; this.selfClosed = frame; return undefined; }
      const attrStart = i;
      h = 0;
      while (i < buf.length && NAME_END[buf[i]] === 0) h = (h * 31 + buf[i++]) | 0;
      const attr = this.name(attrStart, i, h);
      if (!attr) { this.pos = i; this.fail('malformed attribute', name); }
      while (isSpace(buf[i])) i++;
      if (buf[i] !== EQ) { this.pos = i; this.fail(`attribute '${attr}' has no value`, name); }
      i++;
      while (isSpace(buf[i])) i++;
      const q = buf[i];
      if (q !== DQUOTE && q !== SQUOTE) { this.pos = i; this.fail(`attribute '${attr}' value is not quoted`, name); }
      const end = buf.indexOf(q, i + 1);
      if (end < 0) { this.pos = i; this.fail(`unterminated value of attribute '${attr}'`, name); }
      const raw = buf.utf8Slice(i + 1, end);
      if (raw.indexOf('<') >= 0) { this.pos = i; this.fail(`'<' in value of attribute '${attr}'`, name); }
      frame.obj ??= {};
      const key = '@' + attr;
      if (frame.obj[key] !== undefined) { this.pos = i; this.fail(`duplicate attribute '${attr}'`, name); }
      frame.obj[key] = raw.indexOf('&') >= 0 ? this.decode(raw, name) : raw;
      i = end + 1;
    }
  }

  private name(start: number, end: number, hash: number): string {
    return NAMES.get(this.buf, start, end, hash);
  }

  private skipPast(terminator: string, what: string): void {
    const end = this.buf.indexOf(terminator, this.pos);
    if (end < 0) this.fail(`unterminated ${what}`);
    this.pos = end + terminator.length;
  }

  private decode(raw: string, element: string): string {
    let out = '';
    let last = 0;
    let amp = raw.indexOf('&');
    while (amp >= 0) {
      const semi = raw.indexOf(';', amp);
      if (semi < 0 || semi - amp > 12) this.fail(`bare '&' in text`, element);
      const ref = raw.slice(amp + 1, semi);
      let ch: string | undefined;
      if (ref.charCodeAt(0) === 35 /* # */) {
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) this.fail(`invalid character reference '&${ref};'`, element);
        ch = String.fromCodePoint(code);
      } else {
        ch = NAMED_ENTITIES[ref];
        if (ch === undefined) this.fail(`unknown entity '&${ref};' (only the predefined XML entities are allowed)`, element);
      }
      out += raw.slice(last, amp) + ch;
      last = semi + 1;
      amp = raw.indexOf('&', last);
    }
    return out + raw.slice(last);
  }

  private fail(message: string, element?: string): never {
    let line = 1;
    const limit = Math.min(this.pos, this.buf.length);
    for (let i = 0; i < limit; i++) if (this.buf[i] === NL) line++;
    throw new XmlSyntaxError(message, line, element);
  }
}

function finish(frame: Frame): XValue {
  const { obj, text } = frame;
  if (obj === undefined) return text;
  if (text !== '' && (hasChildren(obj) ? /\S/.test(text) : true)) obj.$ = text;
  return obj;
}

function hasChildren(obj: XObject): boolean {
  for (const k in obj) if (k.charCodeAt(0) !== 64 /* @ */) return true;
  return false;
}

function addChild(parent: Frame, name: string, value: XValue): void {
  const obj = (parent.obj ??= {});
  // own properties only: an element named like an Object.prototype member is a child like any other
  const existing = Object.hasOwn(obj, name) ? obj[name] : undefined;
  // a plain assignment creates an own property for every name but __proto__, refused in close():
  // defining the property instead made each object a slow dictionary-mode object
  if (existing === undefined) obj[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else obj[name] = [existing, value];
}

function startsWith(buf: FastBuffer, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (buf[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

