import type { ServerResponse } from 'node:http';

/**
 * How every HTTP refusal of a node is written, whoever answers: the REST API and the cluster
 * endpoints alike answer GeoServer-style, a status and a plain-text message saying what was wrong.
 * This folder depends on nothing of ours, so the REST server and the transports can both use it.
 */
export function replyError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = Buffer.from(message, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/plain;charset=utf-8', 'Content-Length': String(body.length), ...headers }).end(body);
}

/** A JSON answer (cluster endpoints, readiness). */
export function replyJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(body.length), ...headers }).end(body);
}
