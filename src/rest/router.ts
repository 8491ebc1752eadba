import type { InfoType } from '../catalog/kinds.js';
import { RestError, type RestRequest, type RestResponse } from './http.js';

export type Handler = (req: RestRequest) => RestResponse | Promise<RestResponse>;
export type Methods = Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD', Handler>>;

interface Route {
  pattern: string[];
  methods: Methods;
  kind?: InfoType;
}

export interface Match {
  handler: Handler;
  params: Record<string, string>;
  /** The kind the route serves: it picks GeoServer's statuses for that controller (rest/errors.ts). */
  kind?: InfoType;
  /** The route's pattern, e.g. `/workspaces/{workspace}`: a label with few values, for metrics. */
  route?: string;
}

/**
 * Path routing for the REST API. A path that matches a route but not its verb is 405, as in
 * GeoServer (PUT or DELETE on a collection, POST on an item); no match at all is 404. A route
 * names the kind of object it serves, as each of GeoServer's controllers serves one.
 */
export class Router {
  private readonly routes: Route[] = [];

  route(pattern: string, methods: Methods, kind?: InfoType): this {
    this.routes.push({ pattern: pattern.split('/').filter(Boolean), methods, kind });
    return this;
  }

  /** The kinds the routes serve. */
  kinds(): Set<InfoType> {
    return new Set(this.routes.flatMap((r) => (r.kind ? [r.kind] : [])));
  }

  match(method: string, segments: string[]): Match {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchPattern(route.pattern, segments);
      if (!params) continue;
      pathMatched = true;
      const verb = method === 'HEAD' && !route.methods.HEAD ? 'GET' : method;
      const handler = route.methods[verb as keyof Methods];
      if (handler) return { handler, params, kind: route.kind, route: '/' + route.pattern.join('/') };
    }
    if (pathMatched) throw new RestError(405, `Request method '${method}' is not supported`);
    throw new RestError(404, `No handler for ${method} /${segments.join('/')}`);
  }
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const last = pattern[pattern.length - 1];
  const rest = last === '**';
  if (rest ? segments.length < pattern.length - 1 : segments.length !== pattern.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p === '**') {
      params['**'] = segments.slice(i).join('/');
      return params;
    }
    if (p.startsWith('{') && p.endsWith('}')) params[p.slice(1, -1)] = segments[i];
    else if (p !== segments[i]) return undefined;
  }
  return params;
}
