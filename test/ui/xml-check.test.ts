import { describe, expect, it } from 'vitest';
import { xmlProblem } from '../../web/src/parts/xml-check.js';

// The SLD editor's check as it is typed; the node's parser (src/xml) decides on save.
describe('xmlProblem (the SLD editor\'s well-formedness check)', () => {
  it('accepts well-formed documents with a declaration, comments, CDATA and attributes holding ">"', () => {
    const sld = '<?xml version="1.0"?>\n<!-- c -->\n<StyledLayerDescriptor version="1.0.0" a="x>y">\n<Name><![CDATA[<not a tag>]]></Name><Empty/>\n</StyledLayerDescriptor>\n';
    expect(xmlProblem(sld)).toBeUndefined();
  });

  it('names the line of the first problem', () => {
    expect(xmlProblem('<a>\n  <b>\n</a>')).toBe('line 3: </a> does not match <b> opened on line 2');
    expect(xmlProblem('<a>\n<b></b>')).toBe('line 1: <a> is never closed');
    expect(xmlProblem('<a/>\n<b/>')).toBe('line 2: a second root element <b>; a document has one');
    expect(xmlProblem('<a>\n x < y\n</a>')).toBe("line 2: '<' that starts no tag (write &lt; in text)");
    expect(xmlProblem('text <a/>')).toBe('line 1: text before the root element');
    expect(xmlProblem('</a>')).toBe('line 1: </a> closes nothing');
    expect(xmlProblem('  ')).toBe('The document is empty');
  });
});
