import type * as http from 'node:http';
import { replyJson } from '../http/reply.js';
import type { TransportLifecycle } from './transport-lifecycle.js';

const READY_PATH = '/geoserver/cluster/ready';

/**
 * The cluster's HTTP endpoints on the node's port, outside the REST API: readiness (no
 * authentication, for load balancers and orchestrators) and whatever the transport serves to
 * peers (journal stream, repair pages, snapshot; they check the cluster token themselves).
 */
export class ClusterEndpoints {
  constructor(private readonly transport: TransportLifecycle) {}

  /** Answers a request for one of these paths; false when the path is not the cluster's. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const url = req.url ?? '';
    if (url === READY_PATH || url.startsWith(`${READY_PATH}?`)) {
      this.ready(res);
      return true;
    }
    return this.transport.serve(req, res);
  }

  /** 200 while the transport is connected, else 503 with the reason. */
  private ready(res: http.ServerResponse): void {
    const t = this.transport.status();
    const ready = t.connected;
    replyJson(res, ready ? 200 : 503, { ready, transport: t.kind, reason: ready ? undefined : (t.lastError ?? 'transport not connected') });
  }
}
