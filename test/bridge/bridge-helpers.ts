import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffConfigurations, type Difference } from '../../src/bridge/drift.js';
import { readConfiguration } from '../../src/bridge/geoserver-reader.js';
import { basicEndpoint, type RestEndpoint } from '../../src/bridge/rest-endpoint.js';
import { ADMIN, BIN, tempDir, type NodeProcess } from '../helpers/node-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A copy of the fixture data directory that holds objects of every catalog and configuration kind. */
export function fullDataDir(): string {
  const dir = tempDir();
  fs.cpSync(path.join(ROOT, 'test/fixtures/datadir-full'), dir, { recursive: true });
  return dir;
}

/** The node's REST API as the bridge sees a GeoServer's. */
export function endpointOf(node: NodeProcess): RestEndpoint {
  return basicEndpoint(`http://127.0.0.1:${node.port}/geoserver`, ADMIN.user, ADMIN.password);
}

/** What differs between two servers' configurations read through REST (want: `a`, have: `b`). */
export async function differences(a: NodeProcess, b: NodeProcess): Promise<Difference[]> {
  const [x, y] = await Promise.all([readConfiguration(endpointOf(a)), readConfiguration(endpointOf(b))]);
  if (x.failures.length + y.failures.length > 0) throw new Error(`read failures: ${JSON.stringify([...x.failures, ...y.failures])}`);
  return diffConfigurations(x, y);
}

/** Runs the built CLI (`geocluster import …`) as a user would, with a deadline. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, GEOSERVER_ADMIN_PASSWORD: ADMIN.password, GEOCLUSTER_IMPORT_PASSWORD: ADMIN.password, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`geocluster ${args.join(' ')} took over ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function baseUrl(node: NodeProcess): string {
  return `http://127.0.0.1:${node.port}/geoserver`;
}
