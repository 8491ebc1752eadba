/*
 * What the XML readers (parse.ts, json-text.ts) share about a document's bytes.
 */

/** Buffer's fast decoders (public in Node, missing from its type declarations). */
export interface FastBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

export const LT = 60, GT = 62, SLASH = 47, QMARK = 63, BANG = 33, EQ = 61, AMP = 38;
export const DQUOTE = 34, SQUOTE = 39;

/** Bytes that end an element or attribute name. */
export const NAME_END = new Uint8Array(256);
for (const c of [32, 10, 13, 9, GT, SLASH, EQ, LT, AMP, DQUOTE, SQUOTE]) NAME_END[c] = 1;

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

export function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(buf[i]!)) return false;
  return true;
}

export function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
}

export function sameAscii(buf: Buffer, start: number, end: number, s: string): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (buf[start + i] !== s.charCodeAt(i)) return false;
  return true;
}

/**
 * Element and attribute names repeat across documents: each distinct one is decoded once. A
 * bounded table of immutable strings, by the hash of the name's bytes (`hash`, computed while
 * scanning the name) and its length; a hash shared by two names only costs a decode.
 */
export class NameTable {
  private readonly names = new Map<number, string>();

  constructor(private readonly max: number) {}

  get(buf: FastBuffer, start: number, end: number, hash: number): string {
    const k = (hash * 31 + end - start) | 0;
    const cached = this.names.get(k);
    if (cached !== undefined && sameAscii(buf, start, end, cached)) return cached;
    const s = buf.utf8Slice(start, end);
    if (this.names.size >= this.max) this.names.clear();
    this.names.set(k, s);
    return s;
  }
}
