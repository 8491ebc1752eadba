import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replyError } from '../http/reply.js';

/** The bundle `npm run build` writes (web/build.mjs): index.html and content-hashed assets/. */
export const BUNDLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * Everything the page may load comes from this node: no inline script or style, no other origin,
 * no framing. Fonts are the system's own, so there is nothing to fetch for them either.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The built bundle, read once into memory (a few hundred KB at most). */
export class StaticBundle {
  private readonly assets = new Map<string, Asset>();
  private readonly index: Asset | undefined;

  constructor(dir: string = BUNDLE_DIR) {
    this.index = readAsset(path.join(dir, 'index.html'));
    const assetDir = path.join(dir, 'assets');
    if (!fs.existsSync(assetDir)) return;
    for (const name of fs.readdirSync(assetDir)) {
      const asset = readAsset(path.join(assetDir, name));
      if (asset) this.assets.set(name, asset);
    }
  }

  get built(): boolean {
    return this.index !== undefined;
  }

  /** A hashed asset: cached for a year, its name changes when its content does. */
  serveAsset(req: IncomingMessage, res: ServerResponse, name: string): void {
    const asset = this.assets.get(name);
    if (!asset) return replyError(res, 404, `No such web UI file: ${name}`, SECURITY_HEADERS);
    send(req, res, asset, 'public, max-age=31536000, immutable');
  }

  /** The app's page, for every route of the app; always revalidated so a new build shows at once. */
  serveIndex(req: IncomingMessage, res: ServerResponse): void {
    if (!this.index) return replyError(res, 503, 'The web UI was not built: run `npm run build` (npm install does it)', SECURITY_HEADERS);
    send(req, res, this.index, 'no-cache');
  }
}

function send(req: IncomingMessage, res: ServerResponse, asset: Asset, cacheControl: string): void {
  const headers = { ...SECURITY_HEADERS, 'Content-Type': asset.type, 'Cache-Control': cacheControl, ETag: asset.etag };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(asset.body.length) });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

function readAsset(file: string): Asset | undefined {
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
