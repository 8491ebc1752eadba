import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../src');

/** The folders of src/ that a file imports from (relative imports only), with the file. */
function importsOf(folder: string): Array<{ file: string; target: string }> {
  const out: Array<{ file: string; target: string }> = [];
  for (const name of fs.readdirSync(path.join(SRC, folder))) {
    if (!name.endsWith('.ts')) continue;
    const text = fs.readFileSync(path.join(SRC, folder, name), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)) {
      const resolved = path.relative(SRC, path.resolve(SRC, folder, m[1]));
      out.push({ file: `${folder}/${name}`, target: resolved });
    }
  }
  return out;
}

// DESIGN §9: the catalog depends on src/xml only, so the REST API, the cluster, the UI and the
// CLI can all use it; and no two of its files import each other.
describe('catalog imports', () => {
  it('imports nothing of ours but src/xml', () => {
    const outside = importsOf('catalog').filter(({ target }) => !target.startsWith('catalog/') && !target.startsWith('xml/'));
    expect(outside).toEqual([]);
  });

  it('has no import circle between two of its files', () => {
    const edges = new Set(importsOf('catalog').map(({ file, target }) => `${file.replace(/\.ts$/, '')} -> ${target.replace(/\.js$/, '')}`));
    const circles = [...edges].filter((e) => {
      const [from, to] = e.split(' -> ');
      return edges.has(`${to} -> ${from}`);
    });
    expect(circles).toEqual([]);
  });
});
