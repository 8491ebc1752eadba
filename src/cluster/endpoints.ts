import type * as http from 'node:http';
import { replyJson } from '../http/reply.js';
import type { TransportLifecycle } from './transport-lifecycle.js';

const LIVE_PATH = '/geoserver/cluster/live';
const READY_PATH = '/geoserver/cluster/ready';

/**
 * The cluster's HTTP endpoints on the node's port, outside the REST API: liveness and readiness
 * (no authentication, for load balancers and orchestrators) and whatever the transport serves to
 * peers (journal stream, repair pages, snapshot; they check the cluster token themselves).
 */
export class ClusterEndpoints {
  constructor(
    private readonly transport: TransportLifecycle,
    /** Set while this node takes a snapshot: it does not hold the cluster's configuration yet. */
    private readonly bootstrapping: () => boolean,
  ) {}

  /** Answers a request for one of these paths; false when the path is not the cluster's. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const path = (req.url ?? '').split('?')[0];
    if (path === LIVE_PATH) {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end('OK\n');
      return true;
    }
    if (path === READY_PATH) {
      req.resume();
      this.ready(res);
      return true;
    }
    return this.transport.serve(req, res);
  }

  /** 200 while the transport is connected and no snapshot is being taken, else 503 with the reason. */
  private ready(res: http.ServerResponse): void {
    const t = this.transport.status();
    const reason = this.bootstrapping() ? 'taking a snapshot from a peer' : t.connected ? undefined : (t.lastError ?? 'transport not connected');
    replyJson(res, reason ? 503 : 200, { ready: !reason, transport: t.kind, reason });
  }
}
