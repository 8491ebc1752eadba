import type { ResourceStat } from '../../datadir/resources.js';
import { writeXml } from '../../xml/write.js';
import type { XObject } from '../../xml/tree.js';
import { atomLink } from '../encode.js';
import type { RestResponse } from '../http.js';

/**
 * How GeoServer's ResourceController shows resources (ResourceControllerTest, resource.yaml):
 * ResourceMetadata and ResourceDirectory documents in XML, JSON or HTML, the custom headers, and
 * the media type of a file guessed from its extension.
 */

export type ResourceFormat = 'html' | 'xml' | 'json';

const MEDIA_OF_FORMAT: Record<ResourceFormat, string> = { html: 'text/html', xml: 'application/xml', json: 'application/json' };

/** GeoServer picks these by `?format=` only (not Accept, not the extension: that is the file's). */
export function formatParam(value: string | null): ResourceFormat {
  const f = value?.toLowerCase();
  return f === 'xml' || f === 'json' ? f : 'html';
}

export function mediaOfFormat(format: ResourceFormat): string {
  return MEDIA_OF_FORMAT[format];
}

const MEDIA_OF_EXTENSION: Record<string, string> = {
  png: 'image/png',
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  xml: 'application/xml',
  sld: 'application/xml',
  xsd: 'application/xml',
  json: 'application/json',
  zip: 'application/zip',
  pdf: 'application/pdf',
  txt: 'text/plain',
  properties: 'text/plain',
  ftl: 'text/plain',
  css: 'text/plain',
  // GeoServer serves markup and scripts from the data directory as text, never as active content
  html: 'text/plain',
  htm: 'text/plain',
  js: 'text/plain',
};

/** The media type of a file by its extension; unknown ones are application/octet-stream. */
export function mediaOfFile(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 && MEDIA_OF_EXTENSION[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/** A resource's URL under /rest/resource; the root is `.../resource/`, as GeoServer writes it. */
export function resourceHref(base: string, path: string): string {
  return `${base}/resource/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `yyyy-MM-dd HH:mm:ss.S z` in UTC, as GeoServer formats lastModified (milliseconds unpadded). */
export function lastModifiedText(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${date.getUTCMilliseconds()} UTC`;
}

/** Java's Date.toString() in UTC, which GeoServer's HTML pages print. */
function javaDate(date: Date): string {
  const [day, , , , time] = date.toUTCString().split(' ');
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const dd = String(date.getUTCDate()).padStart(2, '0');
  return `${day.replace(',', '')} ${month} ${dd} ${time} UTC ${date.getUTCFullYear()}`;
}

/** The headers every GET or HEAD of an existing resource carries. */
export function resourceHeaders(base: string, path: string, stat: ResourceStat): Record<string, string> {
  const headers: Record<string, string> = {
    Location: resourceHref(base, path),
    'Last-Modified': stat.modified.toUTCString(),
    'Resource-Type': stat.type === 'directory' ? 'directory' : 'resource',
  };
  if (path !== '') headers['Resource-Parent'] = resourceHref(base, parentOf(path));
  return headers;
}

interface Link {
  href: string;
  type: string;
}

export interface ResourceInfo {
  name: string;
  /** Absent for the root. */
  parent?: { path: string; link: Link };
  lastModified: Date;
  /** Metadata only: resource, directory or undefined. */
  type?: string;
  /** Directory listings only. */
  children?: Array<{ name: string; link: Link }>;
}

export function describeResource(base: string, path: string, format: ResourceFormat, modified: Date): ResourceInfo {
  const info: ResourceInfo = { name: nameOf(path), lastModified: modified };
  if (path !== '') info.parent = { path: parentOf(path), link: { href: resourceHref(base, parentOf(path)), type: mediaOfFormat(format) } };
  return info;
}

/** ResourceMetadata or ResourceDirectory in the requested format. */
export function resourceDocument(root: 'ResourceMetadata' | 'ResourceDirectory', info: ResourceInfo, format: ResourceFormat): RestResponse {
  if (format === 'json') {
    const doc: Record<string, unknown> = { name: info.name };
    if (info.parent) doc.parent = { path: info.parent.path, link: { href: info.parent.link.href, rel: 'alternate', type: info.parent.link.type } };
    doc.lastModified = lastModifiedText(info.lastModified);
    if (info.type !== undefined) doc.type = info.type;
    if (info.children?.length) doc.children = { child: info.children.map((c) => ({ name: c.name, link: { href: c.link.href, rel: 'alternate', type: c.link.type } })) };
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ [root]: doc }) };
  }
  if (format === 'xml') {
    const doc: XObject = { name: info.name };
    if (info.parent) doc.parent = { path: info.parent.path, 'atom:link': atomLink(info.parent.link.href, info.parent.link.type) };
    doc.lastModified = lastModifiedText(info.lastModified);
    if (info.type !== undefined) doc.type = info.type;
    if (info.children?.length) doc.children = { child: info.children.map((c) => ({ name: c.name, 'atom:link': atomLink(c.link.href, c.link.type) })) };
    return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: writeXml(root, doc) };
  }
  return { status: 200, headers: { 'Content-Type': 'text/html' }, body: resourceHtml(root, info) };
}

/** GeoServer's resourceDirectoryInfo.ftl / resourceMetadataInfo.ftl. */
function resourceHtml(root: 'ResourceMetadata' | 'ResourceDirectory', info: ResourceInfo): string {
  const title = root === 'ResourceDirectory' ? 'Resource Directory' : 'Resource Metadata';
  const full = info.parent ? `${info.parent.path === '' ? '' : `${info.parent.path}/`}${info.name}` : '/';
  const parent = info.parent ? `<a href="${esc(info.parent.link.href)}">${esc(info.parent.path)}</a>` : '';
  const items = [`<li>Name: '${esc(info.name)}'</li>`, `<li>Parent: ${parent}</li>`];
  if (info.type !== undefined) items.push(`<li>Type: ${esc(info.type)}</li>`);
  items.push(`<li>Last modified: ${javaDate(info.lastModified)}</li>`);
  if (info.children) {
    const children = info.children.map((c) => `<li><a href="${esc(c.link.href)}">${esc(c.name)}</a></li>`).join('\n');
    items.push(`<li>Children:\n<ul>\n${children}\n</ul>\n</li>`);
  }
  return (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n' +
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n<head>\n' +
    `<title>GeoServer ${title}</title>\n<meta name="ROBOTS" content="NOINDEX, NOFOLLOW" />\n` +
    '<meta http-equiv="Content-type" content="text/html;charset=UTF-8" />\n</head>\n<body>\n' +
    `<h1>${title} '${esc(full)}'</h1>\n<ul>\n${items.join('\n')}\n</ul>\n</body>\n</html>\n`
  );
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
