import type { XObject, XValue } from './tree.js';

/**
 * A small, strict XML parser for XStream-style documents (GeoServer's data directory and REST
 * bodies). It never expands entities beyond the five predefined ones and character references,
 * and refuses DTDs outright, so entity-expansion and external-entity attacks cannot happen.
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

const LT = 60, GT = 62, SLASH = 47, QMARK = 63, BANG = 33, EQ = 61, AMP = 38;
const DQUOTE = 34, SQUOTE = 39, NL = 10;

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface Frame {
  name: string;
  attrs: XObject | undefined;
  children: XObject | undefined;
  text: string;
}

export function parseXml(src: string): XmlDocument {
  return new Parser(src).document();
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  document(): XmlDocument {
    const src = this.src;
    let root: XmlDocument | undefined;
    const stack: Frame[] = [];
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
    while (this.pos < src.length) {
      const lt = src.indexOf('<', this.pos);
      const top = stack[stack.length - 1];
      if (lt < 0) {
        if (stack.length || /\S/.test(src.slice(this.pos))) this.fail(stack.length ? `unexpected end of document, <${top!.name}> is not closed` : 'text after the root element', top?.name);
        break;
      }
      if (lt > this.pos) {
        const raw = src.slice(this.pos, lt);
        if (top) top.text += raw.indexOf('&') >= 0 ? this.decode(raw, top.name) : raw;
        else if (/\S/.test(raw)) this.fail('text outside the root element');
      }
      this.pos = lt;
      const c = src.charCodeAt(lt + 1);
      if (c === QMARK) {
        this.skipPast('?>', 'processing instruction');
      } else if (c === BANG) {
        this.special(top);
      } else if (c === SLASH) {
        const end = src.indexOf('>', lt);
        if (end < 0) this.fail('unterminated end tag', top?.name);
        const name = src.slice(lt + 2, end).trim();
        if (!top) this.fail(`unexpected end tag </${name}>`);
        if (name !== top.name) this.fail(`end tag </${name}> does not match <${top.name}>`, top.name);
        this.pos = end + 1;
        stack.pop();
        const value = finish(top);
        const parent = stack[stack.length - 1];
        if (parent) addChild(parent, top.name, value);
        else if (root) this.fail('more than one root element', top.name);
        else root = { root: top.name, value };
      } else {
        const frame = this.startTag(top);
        if (frame.selfClosing) {
          const value = finish(frame.frame);
          if (top) addChild(top, frame.frame.name, value);
          else if (root) this.fail('more than one root element', frame.frame.name);
          else root = { root: frame.frame.name, value };
        } else {
          if (!top && root) this.fail('more than one root element', frame.frame.name);
          stack.push(frame.frame);
        }
      }
    }
    if (stack.length) this.fail(`unexpected end of document, <${stack[stack.length - 1].name}> is not closed`, stack[stack.length - 1].name);
    if (!root) this.fail('no root element');
    return root;
  }

  private special(top: Frame | undefined): void {
    const src = this.src;
    if (src.startsWith('<!--', this.pos)) {
      this.skipPast('-->', 'comment');
    } else if (src.startsWith('<![CDATA[', this.pos)) {
      const end = src.indexOf(']]>', this.pos);
      if (end < 0) this.fail('unterminated CDATA section', top?.name);
      if (!top) this.fail('CDATA outside the root element');
      top.text += src.slice(this.pos + 9, end);
      this.pos = end + 3;
    } else if (src.startsWith('<!DOCTYPE', this.pos) || src.startsWith('<!ENTITY', this.pos)) {
      this.fail('DTDs and entity declarations are not allowed', top?.name);
    } else {
      this.fail('unexpected markup declaration', top?.name);
    }
  }

  private startTag(parent: Frame | undefined): { frame: Frame; selfClosing: boolean } {
    const src = this.src;
    let i = this.pos + 1;
    const nameStart = i;
    while (i < src.length && !isNameEnd(src.charCodeAt(i))) i++;
    const name = src.slice(nameStart, i);
    if (!name || !isNameStart(name.charCodeAt(0))) this.fail(`invalid element name '${name}'`, parent?.name);
    const frame: Frame = { name, attrs: undefined, children: undefined, text: '' };
    while (true) {
      while (i < src.length && isSpace(src.charCodeAt(i))) i++;
      if (i >= src.length) { this.pos = i; this.fail('unterminated start tag', name); }
      const c = src.charCodeAt(i);
      if (c === GT) { this.pos = i + 1; return { frame, selfClosing: false }; }
      if (c === SLASH && src.charCodeAt(i + 1) === GT) { this.pos = i + 2; return { frame, selfClosing: true }; }
      const attrStart = i;
      while (i < src.length && !isNameEnd(src.charCodeAt(i)) && src.charCodeAt(i) !== EQ) i++;
      const attr = src.slice(attrStart, i);
      if (!attr) { this.pos = i; this.fail('malformed attribute', name); }
      while (isSpace(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) !== EQ) { this.pos = i; this.fail(`attribute '${attr}' has no value`, name); }
      i++;
      while (isSpace(src.charCodeAt(i))) i++;
      const q = src.charCodeAt(i);
      if (q !== DQUOTE && q !== SQUOTE) { this.pos = i; this.fail(`attribute '${attr}' value is not quoted`, name); }
      const end = src.indexOf(q === DQUOTE ? '"' : "'", i + 1);
      if (end < 0) { this.pos = i; this.fail(`unterminated value of attribute '${attr}'`, name); }
      const raw = src.slice(i + 1, end);
      if (raw.indexOf('<') >= 0) { this.pos = i; this.fail(`'<' in value of attribute '${attr}'`, name); }
      frame.attrs ??= {};
      const key = '@' + attr;
      if (frame.attrs[key] !== undefined) { this.pos = i; this.fail(`duplicate attribute '${attr}'`, name); }
      frame.attrs[key] = raw.indexOf('&') >= 0 ? this.decode(raw, name) : raw;
      i = end + 1;
    }
  }

  private skipPast(terminator: string, what: string): void {
    const end = this.src.indexOf(terminator, this.pos);
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
    const limit = Math.min(this.pos, this.src.length);
    for (let i = 0; i < limit; i++) if (this.src.charCodeAt(i) === NL) line++;
    throw new XmlSyntaxError(message, line, element);
  }
}

function finish(frame: Frame): XValue {
  const { attrs, children, text } = frame;
  if (!attrs && !children) return text;
  const out: XObject = attrs ?? {};
  if (children) {
    for (const key of Object.keys(children)) out[key] = children[key];
    if (/\S/.test(text)) out.$ = text;
  } else if (text !== '') {
    out.$ = text;
  }
  return out;
}

function addChild(parent: Frame, name: string, value: XValue): void {
  const children = (parent.children ??= {});
  const existing = children[name];
  if (existing === undefined) children[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else children[name] = [existing, value];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isNameEnd(c: number): boolean {
  return isSpace(c) || c === GT || c === SLASH || c === EQ || c === LT || c === AMP || c === DQUOTE || c === SQUOTE;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
}
