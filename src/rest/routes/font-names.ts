/**
 * The full name of a TrueType or OpenType font (the `name` table's name 4, as Java's
 * Font.getFontName gives it), or its family (name 1) when it has none. Undefined for a file
 * that is not a font.
 */
export function fontName(data: Buffer): string | undefined {
  try {
    const tables = data.readUInt16BE(4);
    for (let i = 0; i < tables; i++) {
      const entry = 12 + i * 16;
      if (data.toString('latin1', entry, entry + 4) === 'name') return nameTable(data, data.readUInt32BE(entry + 8));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function nameTable(data: Buffer, at: number): string | undefined {
  const count = data.readUInt16BE(at + 2);
  const strings = at + data.readUInt16BE(at + 4);
  const found: Record<number, string> = {};
  for (let i = 0; i < count; i++) {
    const rec = at + 6 + i * 12;
    const platform = data.readUInt16BE(rec);
    const nameId = data.readUInt16BE(rec + 6);
    if ((nameId !== 1 && nameId !== 4) || found[nameId] !== undefined) continue;
    const start = strings + data.readUInt16BE(rec + 10);
    const raw = data.subarray(start, start + data.readUInt16BE(rec + 8));
    // Windows and Unicode platforms store UTF-16BE; Macintosh stores single bytes
    found[nameId] = platform === 1 ? raw.toString('latin1') : utf16be(raw);
  }
  return found[4] || found[1] || undefined;
}

function utf16be(raw: Buffer): string {
  const swapped = Buffer.from(raw.subarray(0, raw.length - (raw.length % 2)));
  swapped.swap16();
  return swapped.toString('utf16le');
}
