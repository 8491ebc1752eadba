import * as fs from 'node:fs';
import * as path from 'node:path';
import { call, snapshotDir, startNode, tempDir, until, type NodeProcess } from './node-process.js';

import { freePort } from './broker-process.js';

export { freePort };

/** The base URL peers use for a node on a loopback port. */
export function peerUrl(port: number): string {
  return `http://127.0.0.1:${port}/geoserver`;
}

export interface ClusterMember extends NodeProcess {
  instanceName: string;
}

export interface ClusterOptions {
  /** cluster.properties keys (as environment variables) for every node. */
  env?: Record<string, string>;
  /** Extra keys for one node, by index. */
  envOf?: (i: number) => Record<string, string>;
  /** instanceName of each node; default `<prefix>-1`, `<prefix>-2`, … */
  names?: string[];
  /** Ports chosen beforehand (e.g. so that a node started later can be listed as a peer). */
  ports?: number[];
  /** Peers every node lists besides the others (nodes started later, outside this cluster). */
  extraPeers?: string[];
  /** Data directory of each node; default a fresh temporary one. */
  dataDirOf?: (i: number) => string;
}

/**
 * Starts `n` real nodes with the embedded transport and static discovery, each listing all the
 * others (and `extraPeers`) on ports picked beforehand. Nodes start in parallel.
 */
export async function startCluster(n: number, opts: ClusterOptions = {}): Promise<ClusterMember[]> {
  const ports = opts.ports ?? (await Promise.all(Array.from({ length: n }, () => freePort())));
  const names = opts.names ?? ports.map((_, i) => `node-${i + 1}`);
  return Promise.all(
    ports.map(async (port, i) => {
      const peers = [...ports.filter((p) => p !== port).map(peerUrl), ...(opts.extraPeers ?? [])];
      const env = { instanceName: names[i], 'discovery.peers': peers.join(','), ...opts.env, ...opts.envOf?.(i) };
      const node = await startNode({ port, dataDir: opts.dataDirOf?.(i) ?? tempDir(), env });
      return Object.assign(node, { instanceName: names[i] });
    }),
  );
}

/** The JSON of GET /rest/cluster/status.json (`.cluster.node`, `.cluster.peers`). */
export interface NodeStatus {
  instanceName: string;
  digest: string;
  objects: number;
  cursors: Record<string, number>;
  lastError?: string;
  readOnly: boolean;
  roles: { master: boolean; slave: boolean };
  transport: { kind: string; connected: boolean; lastError?: string; detail?: Record<string, unknown> };
  heldBack: number;
  counters: Record<string, number>;
  conflicts: unknown[];
  /** Own changes the transport has not published yet (a broker's outbox backlog). */
  unpublished?: number;
}

export async function nodeStatus(node: NodeProcess): Promise<NodeStatus> {
  const r = await call(node, 'GET', '/cluster/status.json');
  if (r.status !== 200) throw new Error(`status of ${node.rest}: ${r.status} ${r.text}`);
  return r.json().cluster.node as NodeStatus;
}

function sameRecord(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

/** Waits until every node has the same digest and the same cursors; returns their statuses. */
export async function converged(nodes: NodeProcess[], timeoutMs = 15000): Promise<NodeStatus[]> {
  return until(
    'equal digests and cursors on every node',
    async () => {
      const all = await Promise.all(nodes.map(nodeStatus));
      const ok = all.every((s) => s.digest === all[0].digest && sameRecord(s.cursors, all[0].cursors) && s.heldBack === 0);
      return ok ? all : undefined;
    },
    timeoutMs,
  );
}

/** Waits until the probe holds on every node. */
export async function onEvery(nodes: NodeProcess[], what: string, probe: (node: NodeProcess) => Promise<boolean> | boolean, timeoutMs = 10000): Promise<void> {
  await Promise.all(nodes.map((node) => until(`${what} on ${node.rest}`, async () => (await probe(node)) || undefined, timeoutMs)));
}

/** A data directory file of a node (relative path with '/'). */
export function dataFile(node: NodeProcess, rel: string): string {
  return path.join(node.dataDir, ...rel.split('/'));
}

export function exists(node: NodeProcess, rel: string): boolean {
  return fs.existsSync(dataFile(node, rel));
}

export function readData(node: NodeProcess, rel: string): string | undefined {
  try {
    return fs.readFileSync(dataFile(node, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** snapshotDir without the cluster folder (journal, properties, dead letters). */
export function snapshotConfig(node: NodeProcess): Map<string, string> {
  const all = snapshotDir(node.dataDir);
  for (const key of [...all.keys()]) if (key === 'cluster' || key.startsWith(`cluster${path.sep}`)) all.delete(key);
  return all;
}

/** Stops every node that started, whatever else failed. */
export async function stopAll(nodes: Array<NodeProcess | undefined>): Promise<void> {
  await Promise.all(nodes.map((n) => n?.stop()));
}

/** The whole of GET /rest/cluster/status.json: this node (with dead letters) and the peers it hears. */
export interface ClusterStatusReply {
  node: NodeStatus & {
    deadLetters: number;
    lastDeadLetter?: { at: string; reason: string; origin?: string; seq?: number };
    conflicts: Array<{ at: number; key: string; detail: Record<string, unknown> }>;
  };
  peers: Array<{ instanceName: string; url?: string; digest?: string; cursors?: Record<string, number>; diverged: boolean }>;
}

export async function clusterStatus(node: NodeProcess): Promise<ClusterStatusReply> {
  const r = await call(node, 'GET', '/cluster/status.json');
  if (r.status !== 200) throw new Error(`status of ${node.rest}: ${r.status} ${r.text}`);
  return r.json().cluster as ClusterStatusReply;
}

/**
 * Starts member i of a cluster from startCluster again (after stop() or kill()), on its port and
 * data directory, listing the other members as peers; `env` as given to startCluster.
 */
export async function restartMember(members: ClusterMember[], i: number, env: Record<string, string> = {}): Promise<ClusterMember> {
  const me = members[i];
  const peers = members.filter((_m, j) => j !== i).map((m) => peerUrl(m.port));
  const node = await startNode({ port: me.port, dataDir: me.dataDir, env: { instanceName: me.instanceName, 'discovery.peers': peers.join(','), ...env } });
  members[i] = Object.assign(node, { instanceName: me.instanceName });
  return members[i];
}

/** The sorted names of a REST listing, e.g. listNames(node, '/workspaces.json', 'workspaces', 'workspace'). */
export async function listNames(node: NodeProcess, listing: string, plural: string, singular: string): Promise<string[]> {
  const r = await call(node, 'GET', listing);
  if (r.status !== 200) throw new Error(`GET ${listing} on ${node.rest}: ${r.status} ${r.text}`);
  const list = r.json()[plural];
  return list === '' ? [] : (list[singular] as Array<{ name: string }>).map((x) => x.name).sort();
}

/** Runs the tasks with at most `limit` in flight; results in task order. */
export async function inParallel<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

/** A small SLD 1.0 line style; different colours make different bodies. */
export function lineSld(name: string, color: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:sld="http://www.opengis.net/sld" version="1.0.0">
  <NamedLayer><Name>${name}</Name><UserStyle><Name>${name}</Name><FeatureTypeStyle><Rule>
    <LineSymbolizer><Stroke><CssParameter name="stroke">${color}</CssParameter></Stroke></LineSymbolizer>
  </Rule></FeatureTypeStyle></UserStyle></NamedLayer>
</StyledLayerDescriptor>`;
}

/** GET as JSON; undefined when the object is not there (404). */
export async function getJson(node: NodeProcess, p: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await call(node, 'GET', p);
  if (r.status === 404) return undefined;
  if (r.status !== 200) throw new Error(`GET ${p} on ${node.rest}: ${r.status} ${r.text}`);
  return r.json();
}

/** converged(), with every node's status and the warnings of its log in the error when it times out. */
export async function inSync(nodes: NodeProcess[], timeoutMs: number): Promise<NodeStatus[]> {
  try {
    return await converged(nodes, timeoutMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${await describeNodes(nodes)}`);
  }
}

/** Each node's status and the warnings of its log, for a failure message. */
export async function describeNodes(nodes: NodeProcess[]): Promise<string> {
  const all = await Promise.all(
    nodes.map(async (n) => {
      const s = await clusterStatus(n).catch((e: Error) => e.message);
      const log = n.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l)).slice(-15).join('\n');
      return `${n.rest}: ${JSON.stringify(s)}\n${log}`;
    }),
  );
  return all.join('\n');
}
