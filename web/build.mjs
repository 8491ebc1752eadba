// Bundles the web admin UI into dist/web: index.html plus content-hashed assets, so that a node
// serves it with nothing fetched from elsewhere. Run by `npm run build` (and so by npm install).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', 'dist', 'web');
const assets = path.join(out, 'assets');
const PREFIX = '/geoserver/web/assets/';

fs.rmSync(out, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { app: path.join(here, 'src', 'main.tsx') },
  outdir: assets,
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const built = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
const script = built.find((f) => f.endsWith('.js'));
const style = built.find((f) => f.endsWith('.css'));
if (!script || !style) throw new Error(`the bundle lacks its script or style sheet: ${built.join(', ')}`);

const icon = fs.readFileSync(path.join(here, 'favicon.svg'));
const iconName = `favicon-${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
fs.writeFileSync(path.join(assets, iconName), icon);

fs.writeFileSync(
  path.join(out, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>geocluster</title>
<link rel="icon" type="image/svg+xml" href="${PREFIX}${iconName}">
<link rel="stylesheet" href="${PREFIX}${style}">
<script type="module" src="${PREFIX}${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The geocluster admin UI needs JavaScript.</noscript>
</body>
</html>
`,
);
const kb = (f) => (fs.statSync(path.join(assets, f)).size / 1024).toFixed(1);
process.stdout.write(`web UI bundle: ${script} ${kb(script)} KB, ${style} ${kb(style)} KB\n`);
