import { AMP, DQUOTE, GT, LT, SQUOTE, type FastBuffer } from './bytes.js';

const SEMI = 59, BACKSLASH = 92;

/** How a byte below 0x20 is written in a JSON string, as JSON.stringify writes it. */
const CONTROL = Array.from({ length: 32 }, (_, c) => {
  const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
  return Buffer.from(short[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`, 'latin1');
});

/** The predefined entities, by the bytes between `&` and `;`, as JSON string content. */
const ENTITIES = new Map<string, number[]>([
  ['lt', [LT]],
  ['gt', [GT]],
  ['amp', [AMP]],
  ['quot', [BACKSLASH, DQUOTE]],
  ['apos', [SQUOTE]],
]);

/**
 * JSON text being written as UTF-8 bytes into a buffer that grows as needed and is reused: `out`
 * up to `pos`. Strings are escaped as JSON.stringify escapes them.
 */
export class JsonBytes {
  out: FastBuffer;
  pos = 0;

  constructor(size: number) {
    this.out = Buffer.allocUnsafe(size) as FastBuffer;
  }

  /**
   * XML text (bytes of `src`) as a JSON string: `"`, `\` and controls escaped, the rest (UTF-8
   * included) as it is, the predefined entities decoded; false at any other reference, which
   * parseXml must read.
   */
  string(src: FastBuffer, from: number, to: number): boolean {
    this.byte(DQUOTE);
    if (!this.content(src, from, to)) return false;
    this.byte(DQUOTE);
    return true;
  }

  /** `"name":` for an element's name in `src`, with `@` before an attribute's (a name holds no `&`). */
  key(src: FastBuffer, start: number, end: number, attribute: boolean): void {
    this.byte(DQUOTE);
    if (attribute) this.byte(0x40); // @
    this.content(src, start, end);
    this.byte(DQUOTE);
    this.byte(0x3a); // :
  }

  /** The inside of a JSON string: see string(). */
  private content(src: FastBuffer, from: number, to: number): boolean {
    // room for the text as it is; an escape makes more as it needs it
    this.room(to - from + 8);
    let out = this.out;
    let pos = this.pos;
    for (let i = from; i < to; i++) {
      const b = src[i]!;
      if (b >= 0x20 && b !== DQUOTE && b !== BACKSLASH && b !== AMP) {
        out[pos++] = b;
        continue;
      }
      if (pos + 8 + to - i > out.length) {
        this.pos = pos;
        this.room(8 + 2 * (to - i));
        out = this.out;
      }
      if (b === AMP) {
        let semi = i + 1;
        while (semi < to && semi - i <= 12 && src[semi] !== SEMI) semi++;
        if (semi >= to || src[semi] !== SEMI) return false;
        const bytes = ENTITIES.get(src.latin1Slice(i + 1, semi));
        if (!bytes) return false;
        for (const e of bytes) out[pos++] = e;
        i = semi;
      } else if (b < 0x20) {
        const e = CONTROL[b]!;
        for (let k = 0; k < e.length; k++) out[pos++] = e[k]!;
      } else {
        out[pos++] = BACKSLASH;
        out[pos++] = b;
      }
    }
    this.pos = pos;
    return true;
  }

  copy(from: Buffer, start: number, end: number): void {
    this.room(end - start);
    from.copy(this.out, this.pos, start, end);
    this.pos += end - start;
  }

  /** Text that is JSON already (punctuation, a number, a quoted name). */
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += this.out.write(s, this.pos, 'utf8');
  }

  byte(b: number): void {
    this.room(1);
    this.out[this.pos++] = b;
  }

  room(n: number): void {
    if (this.pos + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.pos + n)) as FastBuffer;
    this.out.copy(bigger, 0, 0, this.pos);
    this.out = bigger;
  }
}
