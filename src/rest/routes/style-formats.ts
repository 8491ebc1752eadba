import { parseDocument } from 'yaml';
import { RestError } from '../http.js';

/**
 * Style languages other than SLD, as GeoServer's StyleHandlers store them (CssHandler,
 * YsldHandler, MBStyleHandler): the format and its version recorded in the style, the body kept
 * as sent in a file with the handler's extension. Bodies are checked by syntax where a maintained
 * parser exists (YAML for YSLD, JSON for MBStyle); CSS is kept as sent.
 */
export type StyleFormat = 'css' | 'ysld' | 'mbstyle';

export interface FormatInfo {
  format: StyleFormat;
  mediaType: string;
  extension: string;
  version: string;
}

export const STYLE_FORMATS: Readonly<Record<StyleFormat, FormatInfo>> = {
  css: { format: 'css', mediaType: 'application/vnd.geoserver.geocss+css', extension: 'css', version: '1.0.0' },
  ysld: { format: 'ysld', mediaType: 'application/vnd.geoserver.ysld+yaml', extension: 'yaml', version: '1.0.0' },
  mbstyle: { format: 'mbstyle', mediaType: 'application/vnd.geoserver.mbstyle+json', extension: 'json', version: '1.0.0' },
};

/** The format a Content-Type names, if it is one of these. */
export function formatOfMedia(media: string): FormatInfo | undefined {
  return Object.values(STYLE_FORMATS).find((f) => f.mediaType === media);
}

/** Checks a body of a format and returns the style name it declares, if any. */
export function checkFormatBody(format: StyleFormat, text: string): string | undefined {
  if (text.trim() === '') throw new RestError(400, `Invalid style:the ${format} body is empty`);
  if (format === 'ysld') return ysldName(text);
  if (format === 'mbstyle') return mbstyleName(text);
  return undefined;
}

function ysldName(text: string): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new RestError(400, `Invalid style:YSLD is not valid YAML: ${doc.errors[0].message}`);
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RestError(400, 'Invalid style:a YSLD style is a YAML mapping (name, feature-styles, rules, …)');
  const name = (value as Record<string, unknown>).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function mbstyleName(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new RestError(400, `Invalid style:MBStyle is not valid JSON: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RestError(400, 'Invalid style:an MBStyle is a JSON object');
  const style = value as Record<string, unknown>;
  if (!Array.isArray(style.layers)) throw new RestError(400, 'Invalid style:an MBStyle needs a "layers" array');
  return typeof style.name === 'string' && style.name !== '' ? style.name : undefined;
}
