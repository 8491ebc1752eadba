import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, BIN, tempDir } from '../helpers/node-process.js';

/** Runs the built CLI as a user would; a usage mistake must never print a stack trace. */
function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, GEOSERVER_ADMIN_PASSWORD: ADMIN.password, discovery: 'static', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  const first = stderr.split('\n')[0];
  expect(first).toMatch(/^geocluster: /);
  expect(first).toMatch(pattern);
}

describe('command line errors', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('a data directory that is a file: one line, exit 2, nothing created', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const r = cli(['start', '--data-dir', file, '--port', '0', '--host', '127.0.0.1']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /is a file, not a directory/);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
    const below = cli(['start', '--data-dir', path.join(file, 'sub'), '--port', '0']);
    expect(below.code).toBe(2);
    expectOneLine(below.stderr, /a part of the path is a file/);
  });

  it('a port that is not a number, an unknown option or command: one line, exit 2', () => {
    const port = cli(['start', '--port', 'abc']);
    expect(port.code).toBe(2);
    expectOneLine(port.stderr, /port must be an integer from 0 to 65535, got 'abc'/);
    const option = cli(['start', '--bogus']);
    expect(option.code).toBe(2);
    expectOneLine(option.stderr, /Unknown option '--bogus'/);
    const command = cli(['frob']);
    expect(command.code).toBe(2);
    expectOneLine(command.stderr, /unknown command 'frob'/);
  });

  it('a port already in use: one line naming the address, exit 1', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      const r = cli(['start', '--data-dir', dir, '--port', String(port), '--host', '127.0.0.1']);
      expect(r.code).toBe(1);
      expectOneLine(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port}: address already in use`));
    } finally {
      busy.close();
    }
  });

  it('a cluster.properties key given in both spellings with different values: one line naming both, exit 2', () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = cli(['start', '--data-dir', dir, '--port', '0', '--host', '127.0.0.1'], { toggleMaster: 'true', GEOCLUSTER_TOGGLEMASTER: 'false' });
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /toggleMaster='true' and GEOCLUSTER_TOGGLEMASTER='false' disagree/);
  });

  it('help and version answer on stdout with exit 0', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: geocluster <command>/);
    // every setting read from the environment is listed, the bridge's too
    for (const name of ['GEOSERVER_DATA_DIR', 'GEOCLUSTER_BRIDGE_URL', 'GEOCLUSTER_BRIDGE_PASSWORD_FILE', 'GEOCLUSTER_BRIDGE_UPSTREAM_MS', 'GEOCLUSTER_IMPORT_USER']) expect(help.stdout).toContain(`  ${name} `);
    const version = cli(['version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^geocluster \d+\.\d+\.\d+/);
  });
});
