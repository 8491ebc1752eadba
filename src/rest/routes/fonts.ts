import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RestContext } from '../context.js';
import { xmlResponse } from '../encode.js';
import type { RestResponse } from '../http.js';
import { WORKSPACES } from '../../datadir/layout.js';
import { responseFormat } from '../negotiate.js';
import type { Router } from '../router.js';
import { fontName } from './font-names.js';

const FONT_FILE = /\.(ttf|otf)$/i;

/**
 * /fonts — GeoServer's FontListController: the font names GeoServer can label with. GeoServer
 * lists the JVM's fonts and those it registered from the data directory's `styles` folders; this
 * node has no JVM, so it lists the fonts found in the data directory (root and workspace `styles`).
 * JSON `{"fonts":[…]}`, XML `<root><fonts><entry>…` (fonts.yaml).
 */
export function fontRoutes(router: Router, ctx: RestContext): void {
  router.route('/fonts', {
    GET: (req): RestResponse => {
      const fonts = fontsIn(ctx.dataDir);
      if (responseFormat(req, ['json', 'xml']) === 'xml') return xmlResponse('root', { fonts: fonts.length ? { entry: fonts } : '' });
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fonts }) };
    },
  });
}

function fontsIn(root: string): string[] {
  const folders = [path.join(root, 'styles')];
  for (const ws of safeList(path.join(root, WORKSPACES))) folders.push(path.join(root, WORKSPACES, ws, 'styles'));
  const names = new Set<string>();
  for (const folder of folders) {
    for (const file of safeList(folder).filter((f) => FONT_FILE.test(f))) {
      const name = fontName(fs.readFileSync(path.join(folder, file)));
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
