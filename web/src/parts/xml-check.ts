/**
 * A quick well-formedness check of XML as it is typed, naming the line of the first problem:
 * tags that do not match, are never closed, or text outside the root. The node's own parser has
 * the last word on save; this only spares a round trip. (The browser's DOMParser is not used: its
 * error document carries inline styles, which the page's Content-Security-Policy refuses.)
 */
const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<(\/?)([A-Za-z_][\w:.-]*)((?:"[^"]*"|'[^']*'|[^'">])*?)(\/?)>|</g;

export function xmlProblem(text: string): string | undefined {
  if (!text.trim()) return 'The document is empty';
  const open: Array<{ name: string; line: number }> = [];
  let roots = 0;
  let line = 1;
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    line += count(text, last, m.index, '\n');
    last = m.index;
    const between = text.slice(0, m.index);
    if (open.length === 0 && roots > 0 && m[2] && !m[1]) return `line ${line}: a second root element <${m[2]}>; a document has one`;
    if (open.length === 0 && roots === 0 && /[^\s]/.test(between.replace(TOKEN, ''))) return `line ${line}: text before the root element`;
    if (m[0] === '<') return `line ${line}: '<' that starts no tag (write &lt; in text)`;
    if (!m[2]) continue;
    if (m[1]) {
      const top = open.pop();
      if (!top) return `line ${line}: </${m[2]}> closes nothing`;
      if (top.name !== m[2]) return `line ${line}: </${m[2]}> does not match <${top.name}> opened on line ${top.line}`;
    } else if (!m[4]) {
      if (open.length === 0) roots++;
      open.push({ name: m[2], line });
    } else if (open.length === 0) {
      roots++;
    }
  }
  const unclosed = open.pop();
  if (unclosed) return `line ${unclosed.line}: <${unclosed.name}> is never closed`;
  if (roots === 0) return 'The document has no element';
  return undefined;
}

function count(text: string, from: number, to: number, ch: string): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text[i] === ch) n++;
  return n;
}
