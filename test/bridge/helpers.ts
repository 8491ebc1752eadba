import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCluster, type ClusterMember } from '../helpers/cluster.js';
import { ADMIN, call, startNode, tempDir, until, type NodeProcess } from '../helpers/node-process.js';
import type { BridgeStatus } from '../../src/bridge/downstream.js';

/*
 * The stand-in for a GeoServer: a node running alone (its own group, no peers), whose REST
 * compatibility with GeoServer is tested in test/rest. The bridge talks to it as to a GeoServer.
 */
export async function startStandIn(name: string, opts: { port?: number; dataDir?: string } = {}): Promise<NodeProcess> {
  return startNode({ port: opts.port, dataDir: opts.dataDir, env: { instanceName: name, group: `standalone-${name}`, 'discovery.peers': '' } });
}

/** A password file of mode 0600 holding the stand-ins' admin password. */
export function passwordFile(mode = 0o600): string {
  const file = path.join(tempDir('bridge-pw-'), 'password');
  fs.writeFileSync(file, `${ADMIN.password}\n`, { mode });
  fs.chmodSync(file, mode);
  return file;
}

export function bridgeEnv(standIn: NodeProcess, pwFile: string): Record<string, string> {
  return { GEOCLUSTER_BRIDGE_URL: standIn.rest.replace(/\/rest$/, ''), GEOCLUSTER_BRIDGE_USER: ADMIN.user, GEOCLUSTER_BRIDGE_PASSWORD_FILE: pwFile, GEOCLUSTER_BRIDGE_UPSTREAM_MS: '0' };
}

/** Two clustered nodes, each bridged to its own stand-in. */
export async function bridgedPair(): Promise<{ nodes: ClusterMember[]; standIns: NodeProcess[]; pwFile: string }> {
  const standIns = await Promise.all([startStandIn('standin-1'), startStandIn('standin-2')]);
  const pwFile = passwordFile();
  const nodes = await startCluster(2, { names: ['bridged-1', 'bridged-2'], envOf: (i) => bridgeEnv(standIns[i], pwFile) });
  return { nodes, standIns, pwFile };
}


export async function bridgeStatus(node: NodeProcess): Promise<BridgeStatus> {
  const r = await call(node, 'GET', '/cluster/status.json');
  if (r.status !== 200) throw new Error(`status: ${r.status} ${r.text}`);
  return r.json().cluster.bridge as BridgeStatus;
}

/** Waits until the bridge of a node has handled everything its journal holds. */
export async function caughtUp(node: NodeProcess, timeoutMs = 30000): Promise<BridgeStatus> {
  return until('the bridge to catch up', async () => {
    const s = await bridgeStatus(node);
    return s.state === 'following' && s.lag === 0 && s.connected ? s : undefined;
  }, timeoutMs);
}

/** The stand-in's own changes so far: the seq of its own origin in its journal (survives restarts). */
export async function changesReceived(standIn: NodeProcess, name: string): Promise<number> {
  const r = await call(standIn, 'GET', '/cluster/status.json');
  return (r.json().cluster.node.cursors[name] as number | undefined) ?? 0;
}

/** GET of a path as JSON, or undefined when not found. */
export async function getJson(node: NodeProcess, p: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await call(node, 'GET', p, { accept: 'application/json' });
  return r.status === 200 ? r.json() : undefined;
}
