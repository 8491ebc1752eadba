import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../security/authenticate.js';

/** Response formats GeoServer's REST API picks by extension, Accept header or ?format=. */
export type Format = 'json' | 'xml' | 'html' | 'sld' | 'zip' | 'css' | 'ysld' | 'mbstyle' | 'properties' | 'txt';

export const EXTENSIONS: readonly Format[] = ['json', 'xml', 'html', 'sld', 'zip', 'css', 'ysld', 'mbstyle', 'properties', 'txt'];

export interface RestRequest {
  method: string;
  /** Decoded path segments under /geoserver/rest, the format extension removed from the last. */
  segments: string[];
  /** The extension of the last segment, if it was a known format. */
  extension: Format | undefined;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Values of the {placeholders} of the matched route. */
  params: Record<string, string>;
  /** Absolute URL of the REST root, e.g. http://localhost:8080/geoserver/rest */
  base: string;
  /** Who is calling (set once authenticated); ANONYMOUS when no credentials came. */
  principal?: Principal;
  /**
   * The workspaces a workspace administrator may see, when that is what let the request in
   * (layers.properties `<ws>.*.a`): listings show only these. Undefined for everyone else.
   */
  visibleWorkspaces?: readonly string[];
}

/** Whether a workspace (by name) may be listed to the caller. */
export function mayList(req: RestRequest, workspace: string): boolean {
  return req.visibleWorkspaces === undefined || req.visibleWorkspaces.includes(workspace);
}

export interface RestResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A refusal with GeoServer's status code and plain-text message. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RestError';
  }
}

export function text(status: number, body: string, headers: Record<string, string> = {}): RestResponse {
  return { status, headers: { 'Content-Type': 'text/plain;charset=utf-8', ...headers }, body };
}

/** 201 Created as GeoServer answers it: the name as text, Location without extension. */
export function created(location: string, name: string): RestResponse {
  return text(201, name, { Location: location });
}

export function ok(): RestResponse {
  return { status: 200 };
}

export function flag(req: RestRequest, name: string): boolean {
  return req.query.get(name)?.toLowerCase() === 'true';
}
