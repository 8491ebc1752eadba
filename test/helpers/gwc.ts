import { ADMIN, type NodeProcess, type Reply } from './node-process.js';

/** A call to GeoWebCache's REST API of a node (/geoserver/gwc/rest), with the admin's credentials. */
export async function gwcCall(node: NodeProcess, method: string, p: string, opts: { body?: string; type?: string; accept?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` };
  if (opts.type) headers['Content-Type'] = opts.type;
  if (opts.accept) headers.Accept = opts.accept;
  const res = await fetch(`${node.rest.replace(/\/rest$/, '/gwc/rest')}${p}`, { method, headers, body: opts.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}
