import type { ChangeContext } from '../../catalog/catalog.js';
import { fail } from '../../catalog/errors.js';
import type { ResourceStore } from '../../datadir/resources.js';
import type { RestContext } from '../context.js';
import { localChange } from '../context.js';
import { mayList, RestError, type RestRequest, type RestResponse } from '../http.js';
import type { Router } from '../router.js';
import { guardFile, guardTree } from './resource-file-guard.js';
import {
  describeResource,
  formatParam,
  mediaOfFile,
  mediaOfFormat,
  nameOf,
  parentOf,
  resourceDocument,
  resourceHeaders,
  resourceHref,
} from './resource-file-view.js';

type Operation = 'default' | 'metadata' | 'move' | 'copy';

/**
 * /resource/** — GeoServer's ResourceController (resources.rst, resource.yaml,
 * ResourceControllerTest): files of the data directory by path. GET a file gives its bytes, GET a
 * folder a listing, `?operation=metadata` a summary; PUT writes (201 new, 200 replaced), or with
 * `?operation=move|copy` takes the source path from the body; DELETE removes a file or folder.
 * Every access goes through the ResourceStore, which refuses paths that leave the data
 * directory; the catalog's own XML files and the cluster folder are read-only here.
 */
export function resourceFileRoutes(router: Router, ctx: RestContext): void {
  const methods = {
    GET: (req: RestRequest) => get(ctx, req),
    HEAD: (req: RestRequest) => head(ctx, req),
    PUT: (req: RestRequest) => put(ctx, req),
    DELETE: (req: RestRequest) => remove(ctx, req),
  };
  router.route('/resource', methods);
  router.route('/resource/**', methods);
}

/** The path under the data directory; the server took a format-like extension off the last segment. */
function pathOf(ctx: RestContext, req: RestRequest): string {
  const raw = (req.params['**'] ?? '') + (req.extension ? `.${req.extension}` : '');
  return ctx.resources.normalise(raw);
}

function operationOf(req: RestRequest): Operation {
  const op = (req.query.get('operation') ?? 'default').trim().toLowerCase();
  if (op === 'default' || op === 'metadata' || op === 'move' || op === 'copy') return op;
  throw new RestError(400, `Unknown operation '${op.toUpperCase()}' requested`);
}

function get(ctx: RestContext, req: RestRequest): RestResponse {
  const path = pathOf(ctx, req);
  const operation = operationOf(req);
  const format = formatParam(req.query.get('format'));
  const stat = ctx.resources.stat(path);
  if (operation === 'metadata') {
    const info = describeResource(req.base, path, format, stat?.modified ?? new Date(0));
    info.type = stat ? (stat.type === 'directory' ? 'directory' : 'resource') : 'undefined';
    return resourceDocument('ResourceMetadata', info, format);
  }
  if (!stat) fail('not_found', 'Undefined resource path.');
  const headers = resourceHeaders(req.base, path, stat);
  if (stat.type === 'directory') {
    const info = describeResource(req.base, path, format, stat.modified);
    // a workspace administrator lists only the workspace folders it administers
    const visible = path === 'workspaces' ? ctx.resources.list(path).filter((c) => mayList(req, c.name)) : ctx.resources.list(path);
    info.children = visible.map((c) => {
      const child = path === '' ? c.name : `${path}/${c.name}`;
      return { name: c.name, link: { href: resourceHref(req.base, child), type: c.type === 'directory' ? mediaOfFormat(format) : mediaOfFile(c.name) } };
    });
    const doc = resourceDocument('ResourceDirectory', info, format);
    return { ...doc, headers: { ...doc.headers, ...headers } };
  }
  const body = ctx.resources.read(path);
  if (!body) fail('not_found', 'Undefined resource path.');
  return { status: 200, headers: { ...headers, ...fileHeaders(path) }, body };
}

function head(ctx: RestContext, req: RestRequest): RestResponse {
  const path = pathOf(ctx, req);
  const stat = ctx.resources.stat(path);
  if (!stat) fail('not_found', 'Undefined resource path.');
  const type = stat.type === 'directory' ? { 'Content-Type': mediaOfFormat(formatParam(req.query.get('format'))) } : fileHeaders(path);
  return { status: 200, headers: { ...resourceHeaders(req.base, path, stat), ...type } };
}

function fileHeaders(path: string): Record<string, string> {
  const name = nameOf(path).replace(/["\\\r\n]/g, '_');
  return { 'Content-Type': mediaOfFile(path), 'Content-Disposition': `attachment; filename="${name}"`, 'X-Content-Type-Options': 'nosniff' };
}

function put(ctx: RestContext, req: RestRequest): RestResponse {
  const { resources } = ctx;
  const target = pathOf(ctx, req);
  const operation = operationOf(req);
  const existing = resources.stat(target);
  if (existing?.type === 'directory') throw new RestError(405, 'Attempting to write data to a directory.');
  if (operation === 'metadata') throw new RestError(405, 'Attempting to write data to metadata.');
  guardFile(target);
  checkParents(resources, target);
  const change = localChange(req);
  if (operation === 'default') resources.put(target, req.body, change);
  else transfer(resources, req, target, operation, change);
  return { status: existing ? 200 : 201 };
}

/** A folder on the way to the target must not be a file. */
function checkParents(resources: ResourceStore, path: string): void {
  for (let p = parentOf(path); p !== ''; p = parentOf(p)) {
    if (resources.stat(p)?.type === 'file') fail('conflict', `'${p}' is a file, so '${path}' cannot be created under it`);
  }
}

/** `?operation=move|copy`: the body names the source, as a path under the data directory. */
function transfer(resources: ResourceStore, req: RestRequest, target: string, operation: 'move' | 'copy', change: ChangeContext): void {
  const named = req.body.toString('utf8').trim();
  const source = resources.normalise(named);
  const stat = resources.stat(source);
  if (!stat) fail('not_found', `Unable to locate '${named}'.`);
  if (operation === 'copy') {
    if (stat.type === 'directory') throw new RestError(405, 'Cannot copy directory.');
    resources.put(target, resources.read(source)!, change);
    return;
  }
  if (source === target) return;
  if (target.startsWith(`${source}/`)) fail('conflict', `Cannot move '${source}' into itself`);
  guardTree(resources, source);
  const moves = filesOf(resources, source, target);
  if (stat.type === 'directory' && resources.stat(target)) fail('duplicate', `'${target}' already exists and is a file`);
  for (const m of moves) guardFile(m.to);
  for (const m of moves) resources.put(m.to, resources.read(m.from)!, change);
  resources.delete(source, change);
}

/** Every file of a file or folder, with where it goes. */
function filesOf(resources: ResourceStore, from: string, to: string): Array<{ from: string; to: string }> {
  if (resources.stat(from)?.type !== 'directory') return [{ from, to }];
  return resources.list(from).flatMap((child) => filesOf(resources, `${from}/${child.name}`, `${to}/${child.name}`));
}

function remove(ctx: RestContext, req: RestRequest): RestResponse {
  const path = pathOf(ctx, req);
  if (!ctx.resources.stat(path)) fail('not_found', `Resource '${path}' not found`);
  guardTree(ctx.resources, path);
  ctx.resources.delete(path, localChange(req));
  return { status: 200 };
}
