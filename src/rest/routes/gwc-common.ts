import type { Catalog } from '../../catalog/catalog.js';
import { defaultGwcConfig } from '../../gwc/gwc-config.js';
import { publishedRef } from '../../gwc/catalog-follower.js';
import { SINGLETON_KEY, type GwcConfigInfo } from '../../gwc/model.js';
import type { BodyFormat, RestDocument } from '../../gwc/rest-body.js';
import type { GwcBody } from '../../gwc/rest-encode.js';
import type { PublishedRef } from '../../gwc/tile-layers.js';
import { RestError, text, type RestRequest, type RestResponse } from '../http.js';
import { bodyFormat, readDocument, responseFormat } from '../negotiate.js';

/** GWC answers XML unless the suffix or Accept header asks for JSON (SuffixContentNegotiationStrategy). */
export function gwcFormat(req: RestRequest): BodyFormat {
  return responseFormat(req, ['xml', 'json']) === 'json' ? 'json' : 'xml';
}

/** A request body in GWC's terms: its root and content, and whether it came as JSON. */
export function gwcDocument(req: RestRequest): { doc: RestDocument; format: BodyFormat } {
  const doc = readDocument(req);
  return { doc, format: bodyFormat(req) === 'json' ? 'json' : 'xml' };
}

export function gwcReply(body: GwcBody, status = 200): RestResponse {
  return { status, headers: { 'Content-Type': body.contentType }, body: body.body };
}

/** One of GWC's plain-text refusals (GWC_ERROR). */
export function gwcRefusal(e: { status: number; message: string }): never {
  throw new RestError(e.status, e.message);
}

export function gwcText(status: number, message: string, headers: Record<string, string> = {}): RestResponse {
  return text(status, message, headers);
}

export function gwcConfigOf(catalog: Catalog): GwcConfigInfo {
  return catalog.get('gwcConfig', SINGLETON_KEY.gwcConfig!) ?? defaultGwcConfig();
}

/** The layer or group whose tile layer name (`ws:layer`, or a global group's name) this is. */
export function publishedByName(catalog: Catalog, name: string): PublishedRef | undefined {
  const colon = name.indexOf(':');
  const prefix = colon >= 0 ? name.slice(0, colon) : '';
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  const ws = prefix ? catalog.byName('workspace', '', prefix) : undefined;
  if (prefix && !ws) return undefined;
  const group = catalog.byName('layerGroup', ws?.id ?? '', local);
  if (group) return publishedRef(catalog, group.id);
  const ns = prefix ? catalog.byName('namespace', '', prefix) : undefined;
  if (!ns) return undefined;
  const resource = catalog.byName('featureType', ns.id, local);
  const layer = resource && catalog.layerOf(resource.id);
  return layer ? publishedRef(catalog, layer.id) : undefined;
}
