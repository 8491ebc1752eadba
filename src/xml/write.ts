import { isXObject, type XValue } from './tree.js';

/**
 * Writes the in-memory form back as XStream's PrettyPrintWriter does: two-space indentation,
 * attributes first, `$` as the text, empty elements self-closed, and the same escaping.
 */
export function writeXml(root: string, value: XValue): string {
  const out: string[] = [];
  writeElement(out, root, value, '');
  // GeoServer's files end with the closing tag, no newline
  out.pop();
  return out.join('');
}

function writeElement(out: string[], name: string, value: XValue, indent: string): void {
  if (Array.isArray(value)) {
    for (const item of value) writeElement(out, name, item, indent);
    return;
  }
  if (typeof value === 'string') {
    out.push(indent, value === '' ? `<${name}/>` : `<${name}>${escapeText(value)}</${name}>`, '\n');
    return;
  }
  let open = `<${name}`;
  const childKeys: string[] = [];
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    if (key.charCodeAt(0) === 64 /* @ */) open += ` ${key.slice(1)}="${escapeAttr(textValue(v))}"`;
    else if (key !== '$') childKeys.push(key);
  }
  const text = value.$;
  if (childKeys.length === 0) {
    const t = typeof text === 'string' ? text : '';
    out.push(indent, t === '' ? `${open}/>` : `${open}>${escapeText(t)}</${name}>`, '\n');
    return;
  }
  out.push(indent, open, '>\n');
  const inner = indent + '  ';
  if (typeof text === 'string' && text !== '') out.push(inner, escapeText(text), '\n');
  for (const key of childKeys) writeElement(out, key, value[key] as XValue, inner);
  out.push(indent, `</${name}>`, '\n');
}

function textValue(v: XValue): string {
  if (typeof v === 'string') return v;
  if (isXObject(v) && typeof v.$ === 'string') return v.$;
  return '';
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xd;' };

function escapeText(s: string): string {
  return /[&<>"'\r]/.test(s) ? s.replace(/[&<>"'\r]/g, (c) => TEXT_ESCAPES[c]) : s;
}

function escapeAttr(s: string): string {
  return /[&<>"'\r\n\t]/.test(s)
    ? s.replace(/[&<>"'\r\n\t]/g, (c) => TEXT_ESCAPES[c] ?? `&#x${c.charCodeAt(0).toString(16)};`)
    : s;
}
