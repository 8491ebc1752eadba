import { inflateRawSync } from 'node:zlib';
import { RestError } from '../http.js';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Limits of an SLD package: enough for a style and its icons, not a zip bomb. */
const MAX_ENTRIES = 200;
const MAX_TOTAL = 50 * 1024 * 1024;

/**
 * The files of a zip archive (stored or deflated entries), read from its central directory.
 * Folders are skipped; any entry that is encrypted, of another method, or larger than announced
 * makes the whole archive refused.
 */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) throw bad('it is not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  if (count > MAX_ENTRIES) throw bad(`it holds ${count} entries, more than ${MAX_ENTRIES}`);
  let at = zip.readUInt32LE(end + 16);
  const out: ZipEntry[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw bad('its central directory is damaged');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    at += 46 + skip;
    if (name.endsWith('/')) continue;
    if (flags & 1) throw bad(`entry ${name} is encrypted`);
    total += size;
    if (total > MAX_TOTAL) throw bad(`its content is larger than ${MAX_TOTAL} bytes`);
    out.push({ name, data: entryData(zip, local, { method, compressed, size }, name) });
  }
  return out;
}

/** An entry's bytes; sizes come from the central directory (the local header may defer them). */
function entryData(zip: Buffer, local: number, { method, compressed, size }: { method: number; compressed: number; size: number }, name: string): Buffer {
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw bad(`entry ${name} is damaged`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const raw = zip.subarray(start, start + compressed);
  if (method === 0) return Buffer.from(raw.subarray(0, size));
  if (method !== 8) throw bad(`entry ${name} uses compression method ${method}`);
  try {
    const data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
    if (data.length !== size) throw new Error('size mismatch');
    return data;
  } catch {
    throw bad(`entry ${name} cannot be inflated`);
  }
}

function bad(why: string): RestError {
  return new RestError(400, `Invalid SLD package: ${why}`);
}
