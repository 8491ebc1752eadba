import { isXObject, type XObject, type XValue } from '../xml/tree.js';

/**
 * Writes users.xml and roles.xml as GeoServer's XMLUserGroupStore and XMLRoleStore do: a DOM
 * document through the JDK transformer, so an XML declaration, attributes in name order (a DOM
 * keeps them sorted), four-space indentation, empty elements self-closed, a final newline.
 * (XStream-written files such as config.xml use src/xml/write.ts instead.)
 */
export function writeDomDocument(root: string, value: XObject): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  writeElement(out, root, value, '');
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
  const attrs = Object.keys(value).filter((k) => k.startsWith('@') && value[k] !== undefined).sort();
  const children = Object.keys(value).filter((k) => !k.startsWith('@') && k !== '$' && value[k] !== undefined);
  const open = `<${name}${attrs.map((k) => ` ${k.slice(1)}="${escapeAttr(textOf(value[k]))}"`).join('')}`;
  const text = typeof value.$ === 'string' ? value.$ : '';
  if (children.length === 0) {
    out.push(indent, text === '' ? `${open}/>` : `${open}>${escapeText(text)}</${name}>`, '\n');
    return;
  }
  out.push(indent, open, '>\n');
  for (const key of children) writeElement(out, key, value[key] as XValue, indent + '    ');
  out.push(indent, `</${name}>`, '\n');
}

function textOf(v: XValue | undefined): string {
  if (typeof v === 'string') return v;
  return isXObject(v) && typeof v.$ === 'string' ? v.$ : '';
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => ESCAPES[c]);
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"\r\n\t]/g, (c) => ESCAPES[c]);
}
