import type { IncomingMessage, ServerResponse } from 'node:http';
import { replyError } from '../http/reply.js';
import type { Logger } from '../logger.js';
import type { Authenticate, LoginGuard } from './ports.js';
import { sessionVerdict, type SessionVerdict } from './session-access.js';
import { handleSession } from './session-endpoint.js';
import { SessionStore } from './sessions.js';
import { SECURITY_HEADERS, StaticBundle } from './static-files.js';

export const WEB_PREFIX = '/geoserver/web';

export interface WebUiOptions {
  /** The same password check as the REST API's. */
  authenticate: Authenticate;
  /** Brute-force prevention of logins: the same guard as the REST API's. */
  guard: LoginGuard;
  sessions?: SessionStore;
  log: Logger;
  /** Things an administrator must fix, shown as banners (e.g. a well-known password in use). */
  warnings?: () => string[];
  /** Folder of the built bundle; default the one `npm run build` writes. */
  bundleDir?: string;
}

/**
 * The web admin UI on the node's own HTTP port: its bundle under /geoserver/web/, its login
 * session, and the session check the REST API uses for requests the UI makes.
 */
export class WebUi {
  private readonly sessions: SessionStore;
  private readonly guard: LoginGuard;
  private readonly bundle: StaticBundle;

  constructor(private readonly opts: WebUiOptions) {
    this.sessions = opts.sessions ?? new SessionStore();
    this.guard = opts.guard;
    this.bundle = new StaticBundle(opts.bundleDir);
    if (!this.bundle.built) opts.log.warn('the web UI bundle is missing: run `npm run build`');
  }

  /** Serves /geoserver/web/**; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== WEB_PREFIX && !pathname.startsWith(`${WEB_PREFIX}/`)) return false;
    const rest = pathname.slice(WEB_PREFIX.length);
    if (rest === '/session') {
      handleSession(req, res, { sessions: this.sessions, authenticate: this.opts.authenticate, guard: this.guard, log: this.opts.log, warnings: this.opts.warnings }).catch((err) => {
        this.opts.log.error({ err }, 'web session request failed');
        replyError(res, 500, 'The login could not be processed; see the node log');
      });
      return true;
    }
    req.resume();
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      replyError(res, 405, `Request method '${method}' is not supported`, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
    } else if (rest === '') {
      res.writeHead(301, { Location: `${WEB_PREFIX}/` }).end();
    } else if (rest.startsWith('/assets/')) {
      this.bundle.serveAsset(req, res, rest.slice('/assets/'.length));
    } else {
      this.bundle.serveIndex(req, res);
    }
    return true;
  }

  /** For the REST server: a request's web session, if it carries one (see sessionVerdict). */
  restAccess(req: IncomingMessage): SessionVerdict | undefined {
    return sessionVerdict(this.sessions, req);
  }
}
