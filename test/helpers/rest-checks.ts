import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { call, snapshotDir, startNode, tempDir, type NodeProcess, type Reply } from './node-process.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** A node on a private copy of a fixture data directory (default: the complete one). */
export async function startOnFixture(fixture = 'datadir-full', env?: Record<string, string>): Promise<NodeProcess> {
  const dir = tempDir();
  fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  return startNode({ dataDir: dir, env });
}

/**
 * Bad input: the answer has `status` with a plain-text message, and neither the data directory nor
 * the given REST listings change.
 */
export async function expectRefused(node: NodeProcess, status: number, step: () => Promise<Reply>, listings: string[], opts: { plainText?: boolean } = {}): Promise<Reply> {
  const read = () => Promise.all(listings.map(async (p) => (await call(node, 'GET', p)).text));
  const before = snapshotDir(node.dataDir);
  const lists = await read();
  const r = await step();
  expect(r.status, r.text).toBe(status);
  if (opts.plainText) expect(r.headers.get('content-type')).toMatch(/text\/plain/);
  expect(snapshotDir(node.dataDir)).toEqual(before);
  expect(await read()).toEqual(lists);
  return r;
}
