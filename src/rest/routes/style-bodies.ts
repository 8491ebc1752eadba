import type { Catalog } from '../../catalog/catalog.js';
import { refId, type Info } from '../../catalog/types.js';
import { parseXml } from '../../xml/parse.js';
import { asList, isXObject, textOf, type XObject, type XValue } from '../../xml/tree.js';
import { RestError, type RestRequest, type RestResponse } from '../http.js';
import { findLayer, resolveLayerGroup } from '../refs.js';
import { formatOfMedia, STYLE_FORMATS, type FormatInfo } from './style-formats.js';

/**
 * Style bodies: the SLD documents behind styles. GeoServer's StyleController picks its handler by
 * Content-Type (`application/vnd.ogc.sld+xml` = SLD 1.0, `application/vnd.ogc.se+xml` = SLD 1.1);
 * the body must be a well-formed StyledLayerDescriptor, and neither a DTD nor an entity is ever
 * read (GeoServer: "Entity resolution disallowed").
 */
export const SLD_10 = 'application/vnd.ogc.sld+xml';
export const SLD_11 = 'application/vnd.ogc.se+xml';

const INFO_TYPES = new Set(['application/json', 'text/json', 'application/xml', 'text/xml']);

/** An XML document whose root is an SLD, after an optional declaration, comments and DOCTYPE. */
const SLD_ROOT = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>\s*)?(<!--[\s\S]*?-->\s*)*<([A-Za-z_][\w.-]*:)?StyledLayerDescriptor[\s>/]/;

/** What a POST or PUT body to a style holds. */
export type StyleBody =
  | { kind: 'info' }
  | { kind: 'sld'; version: string; text: string }
  | { kind: 'other'; format: FormatInfo; text: string }
  | { kind: 'zip'; data: Buffer };

export interface ParsedSld {
  /** The first UserStyle name, else the first NamedLayer name (GeoServer's Styles.style(sld).getName()). */
  name?: string;
  /** The `version` attribute of the root element. */
  version?: string;
  /** NamedLayer names, for validating style groups. */
  namedLayers: string[];
  /** Count of NamedLayer + UserLayer: more than one makes a style group. */
  styledLayers: number;
}

/** A refusal of a style body, with the message GeoServer-style callers prefix. */
export class StyleBodyError extends Error {
  constructor(
    message: string,
    readonly entity = false,
  ) {
    super(message);
    this.name = 'StyleBodyError';
  }
}

/** Classifies a body by Content-Type; an XML body whose root is an SLD counts as SLD 1.0/1.1. */
export function styleBody(req: RestRequest): StyleBody {
  const contentType = String(req.headers['content-type'] ?? '');
  const media = contentType.split(';')[0].trim().toLowerCase();
  if (media === SLD_10 || media === SLD_11) return { kind: 'sld', version: media === SLD_11 ? '1.1.0' : '1.0.0', text: decode(req.body, contentType) };
  if (media === 'application/zip') return { kind: 'zip', data: req.body };
  const format = formatOfMedia(media);
  if (format) return { kind: 'other', format, text: decode(req.body, contentType) };
  if (INFO_TYPES.has(media) || media === '') {
    const text = decode(req.body, contentType);
    if (SLD_ROOT.test(text)) {
      const version = /\bversion\s*=\s*["']1\.1\.0["']/.test(text.slice(0, 2000)) ? '1.1.0' : '1.0.0';
      return { kind: 'sld', version, text };
    }
    return { kind: 'info' };
  }
  throw new RestError(415, `Unsupported style format '${media}': send ${SLD_10}, ${SLD_11}, ${Object.values(STYLE_FORMATS).map((f) => f.mediaType).join(', ')}, application/zip (an SLD with its icons), or a <style> description as XML or JSON`);
}

/** The body as text, in the charset of the Content-Type (UTF-8 when none is given). */
export function decode(body: Buffer, contentType: string): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    throw new RestError(400, `Unsupported charset '${charset}' in Content-Type`);
  }
}

/** Parses and checks an SLD document; refuses DTDs and entities before anything else. */
export function parseSld(text: string): ParsedSld {
  refuseEntities(text);
  let doc: { root: string; value: XValue };
  try {
    doc = parseXml(text);
  } catch (err) {
    throw new StyleBodyError(`Malformed SLD: ${(err as Error).message}`);
  }
  if (localName(doc.root) !== 'StyledLayerDescriptor') throw new StyleBodyError(`Expected a StyledLayerDescriptor document, found <${doc.root}>`);
  const root = isXObject(doc.value) ? doc.value : {};
  const namedLayers = children(root, 'NamedLayer');
  const userLayers = children(root, 'UserLayer');
  const styles = [...namedLayers, ...userLayers].flatMap((l) => children(l, 'UserStyle'));
  const styleName = styles.map((s) => childText(s, 'Name')).find((n) => n);
  const layerNames = namedLayers.map((l) => childText(l, 'Name') ?? '');
  return {
    name: styleName ?? layerNames.find((n) => n),
    version: typeof root['@version'] === 'string' ? root['@version'] : undefined,
    namedLayers: layerNames,
    styledLayers: namedLayers.length + userLayers.length,
  };
}

/** A DOCTYPE or entity declaration is refused outright, naming the entity GeoServer would not resolve. */
export function refuseEntities(text: string): void {
  if (!/<!DOCTYPE|<!ENTITY/i.test(text)) return;
  const system = /(?:SYSTEM|PUBLIC\s+["'][^"']*["'])\s+["']([^"']*)["']/i.exec(text)?.[1];
  throw new StyleBodyError(`Entity resolution disallowed${system ? ` for ${system}` : ''}: DTDs and entity declarations are not allowed in style bodies`, true);
}

/**
 * A style group (more than one styled layer) must name layers or groups that exist, as
 * GeoServer's SLDNamedLayerValidator checks.
 */
export function checkStyleGroup(catalog: Catalog, sld: ParsedSld): void {
  if (sld.styledLayers <= 1) return;
  for (const name of sld.namedLayers) {
    if (!name || !namedPublished(catalog, name)) throw new StyleBodyError(`No layer or layer group named '${name}' found in the catalog`);
  }
}

function namedPublished(catalog: Catalog, name: string): boolean {
  const colon = name.indexOf(':');
  const ws = colon > 0 ? catalog.byName('workspace', '', name.slice(0, colon)) : undefined;
  if (colon > 0 && !ws) return false;
  const local = colon > 0 ? name.slice(colon + 1) : name;
  if (findLayer(catalog, local, ws?.id, !ws)) return true;
  try {
    resolveLayerGroup(catalog, name);
    return true;
  } catch {
    return false;
  }
}

/** The data directory path of a style's file: `styles/<file>` or `workspaces/<ws>/styles/<file>`. */
export function styleFilePath(catalog: Catalog, style: Info, workspace = style.workspace, filename = style.filename): string {
  const ws = catalog.get('workspace', refId(workspace) ?? '');
  const folder = ws ? `workspaces/${String(ws.name)}/styles` : 'styles';
  return `${folder}/${String(filename ?? '')}`;
}

/** The media type of a style's body, from its format and language version. */
export function styleMediaType(style: Info): string {
  const format = String(style.format ?? 'sld');
  if (format === 'sld') return languageVersion(style) === '1.1.0' ? SLD_11 : SLD_10;
  return (STYLE_FORMATS as Record<string, FormatInfo | undefined>)[format]?.mediaType ?? 'application/octet-stream';
}

export function languageVersion(style: Info): string | undefined {
  const lv = style.languageVersion;
  return isXObject(lv) ? textOf(lv.version) : undefined;
}

export function bodyResponse(style: Info, data: Buffer): RestResponse {
  return { status: 200, headers: { 'Content-Type': styleMediaType(style) }, body: data };
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Child elements by local name, whatever their namespace prefix (`sld:`, `se:`, none). */
function children(parent: XObject, name: string): XObject[] {
  const out: XObject[] = [];
  for (const key of Object.keys(parent)) {
    if (key[0] === '@' || localName(key) !== name) continue;
    for (const v of asList(parent[key])) out.push(isXObject(v) ? v : { $: typeof v === 'string' ? v : '' });
  }
  return out;
}

function childText(parent: XObject, name: string): string | undefined {
  const first = children(parent, name)[0];
  const t = first ? textOf(first) : undefined;
  return t?.trim() || undefined;
}

/**
 * Parses an SLD for POST or PUT. GeoServer answers an entity on POST with 500 "Entity resolution
 * disallowed" (StyleControllerTest.testPostExternalEntityAsSLD) and any invalid body on PUT with
 * 400 "Invalid style:…"; other invalid POST bodies are 400 here (GeoServer: 500).
 */
export function checkedSld(catalog: Catalog, text: string, op: 'post' | 'put'): ParsedSld {
  try {
    const sld = parseSld(text);
    checkStyleGroup(catalog, sld);
    return sld;
  } catch (err) {
    if (!(err instanceof StyleBodyError)) throw err;
    if (op === 'post' && err.entity) throw new RestError(500, err.message, { cause: err });
    throw new RestError(400, `Invalid style:${err.message}`, { cause: err });
  }
}
