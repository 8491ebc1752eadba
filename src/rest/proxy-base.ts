import type { IncomingHttpHeaders } from 'node:http';
import type { Catalog } from '../catalog/catalog.js';
import { configKey } from '../catalog/types.js';
import { isXObject, textOf } from '../xml/tree.js';

/**
 * The URL of `/geoserver` as clients see it, which every href and Location header starts with:
 * GeoServer's ProxifyingURLMangler. The global `proxyBaseUrl` replaces the request's own base;
 * with `useHeadersProxyURL` it may hold `${header}` placeholders (several candidates separated by
 * spaces, the first whose headers are all present wins), and without a proxyBaseUrl the
 * X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Prefix headers give the base.
 */
export function publicBase(catalog: Catalog, headers: IncomingHttpHeaders): string {
  const settings = catalog.get('global', configKey('global'))?.settings;
  const proxy = isXObject(settings) ? (textOf(settings.proxyBaseUrl) ?? '').trim() : '';
  const useHeaders = isXObject(settings) && textOf(settings.useHeadersProxyURL) === 'true';
  const own = `http://${header(headers, 'host') ?? 'localhost'}/geoserver`;
  if (!useHeaders) return proxy && !proxy.includes('${') ? trimSlash(proxy) : own;
  if (proxy) {
    for (const candidate of proxy.split(/\s+/)) {
      const resolved = resolve(candidate, headers);
      if (resolved) return trimSlash(resolved);
    }
    return own;
  }
  const host = header(headers, 'x-forwarded-host');
  if (!host) return own;
  const proto = header(headers, 'x-forwarded-proto') ?? 'http';
  const prefix = trimSlash(header(headers, 'x-forwarded-prefix') ?? '');
  return `${proto}://${host}${prefix && !prefix.startsWith('/') ? `/${prefix}` : prefix}/geoserver`;
}

/** A template with every `${Header-Name}` replaced, or undefined when a header is missing. */
function resolve(template: string, headers: IncomingHttpHeaders): string | undefined {
  let missing = false;
  const out = template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const value = header(headers, name.toLowerCase());
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : out;
}

/** The first value of a header (a proxy chain may list several, comma-separated). */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0].trim();
  return value ? value : undefined;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
