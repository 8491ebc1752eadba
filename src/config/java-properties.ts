/**
 * The Java properties format, as java.util.Properties reads it and GeoServer's
 * SortedPropertiesWriter writes it (cluster.properties).
 */
const ESCAPES = new Map([
  ['\\', '\\\\'],
  ['\t', '\\t'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\f', '\\f'],
  ['=', '\\='],
  [':', '\\:'],
  ['#', '\\#'],
  ['!', '\\!'],
]);
const UNESCAPES = new Map([
  ['t', '\t'],
  ['n', '\n'],
  ['r', '\r'],
  ['f', '\f'],
]);
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f';

/** Keys in the order the file lists them: plain code-point order, as Java's String.compareTo. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedEntries(values: ReadonlyMap<string, string>): Array<[string, string]> {
  return [...values].sort(([a], [b]) => compareKeys(a, b));
}

/** `#<date>` then `key=value` lines sorted by key, escaped as Properties.store does. */
export function formatProperties(values: ReadonlyMap<string, string> | Iterable<[string, string]>, now = new Date()): string {
  const lines = [`#${javaDate(now)}`];
  for (const [key, value] of sortedEntries(new Map(values))) lines.push(`${escape(key, true)}=${escape(value, false)}`);
  return lines.join('\n') + '\n';
}

/** Properties.saveConvert: spaces escaped everywhere in keys, only leading in values; non-ASCII as \uXXXX. */
function escape(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = text.charCodeAt(i);
    if (c === ' ') out += isKey || i === 0 ? '\\ ' : ' ';
    else if (ESCAPES.has(c)) out += ESCAPES.get(c);
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/** java.util.Date.toString(): `Thu Nov 27 04:02:00 UTC 2025`. */
function javaDate(date: Date): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', options).formatToParts(date).map((part) => [part.type, part.value]));
  return `${p.weekday} ${p.month} ${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName} ${p.year}`;
}

/**
 * Properties.load: `#`/`!` comment lines, `key=value`, `key: value`, `key value`, backslash
 * escapes, and lines continued by an odd number of trailing backslashes. Later keys win.
 */
export function parseProperties(text: string): Array<[string, string]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries: Array<[string, string]> = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = trimStart(lines[i]);
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line)) {
      line = line.slice(0, -1);
      if (++i >= lines.length) break;
      line += trimStart(lines[i]);
    }
    entries.push(splitEntry(line, lineNo));
  }
  return entries;
}

function trimStart(line: string): string {
  let i = 0;
  while (isBlank(line[i])) i++;
  return line.slice(i);
}

function splitEntry(line: string, lineNo: number): [string, string] {
  let end = 0;
  while (end < line.length && line[end] !== '=' && line[end] !== ':' && !isBlank(line[end])) end += line[end] === '\\' ? 2 : 1;
  end = Math.min(end, line.length);
  let start = end;
  while (isBlank(line[start])) start++;
  if (line[start] === '=' || line[start] === ':') start++;
  while (isBlank(line[start])) start++;
  return [unescape(line.slice(0, end), lineNo), unescape(line.slice(start), lineNo)];
}

function unescape(text: string, lineNo: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      out += text[i];
      continue;
    }
    const c = text[++i];
    if (c === undefined) break;
    if (c !== 'u') {
      out += UNESCAPES.get(c) ?? c;
      continue;
    }
    const hex = text.slice(i + 1, i + 5);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`line ${lineNo}: malformed \\uxxxx escape '\\u${hex}'`);
    out += String.fromCharCode(parseInt(hex, 16));
    i += 4;
  }
  return out;
}
