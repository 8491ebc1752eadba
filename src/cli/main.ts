import { parseArgs } from 'node:util';
import { loadNodeConfig, NODE_ENV_VARS } from '../config/node-config.js';
import { createLogger } from '../logger.js';
import { GeoClusterNode } from '../main.js';
import { VERSION } from '../version.js';
import { CLIENT_ENV_VARS, loadClientConfig } from '../config/client-config.js';
import { IMPORT_ENV_VARS, loadImportConfig } from '../config/import-config.js';
import { BRIDGE_ENV_VARS } from '../config/bridge-config.js';
import { UPSTREAM_ENV_VARS } from '../config/upstream-config.js';
import { importCommand } from './import.js';
import { RestClient } from './client.js';
import { LoadBar } from './progress.js';
import { resyncCommand } from './resync.js';
import { statusCommand } from './status.js';
import { describeFailure, EXIT_USAGE, UsageError } from './errors.js';

const USAGE = `Usage: geocluster <command> [options]

Commands:
  start              start a node
  status             print the cluster table as one node sees it
  resync             repair a node from a peer (the one furthest ahead unless --peer) and list what changed
  import --from URL  seed an empty cluster from a running GeoServer, read through its REST API
  version            print the version

Options for start:
  --data-dir DIR     GeoServer data directory (default ./data)
  --port N           HTTP port (default 8080; 0 picks a free one)
  --host ADDR        address to listen on (default 0.0.0.0)

Options for status and resync:
  --url URL          the node's base URL (default $GEOCLUSTER_URL, else http://127.0.0.1:8080/geoserver)
  --json             print the node's JSON instead of a table
  --peer NAME        resync: the peer to repair from
  --full             resync: take a full snapshot from the peer

Options for import (and --url, --json as above):
  --from URL         the GeoServer's base URL, e.g. http://127.0.0.1:8080/geoserver
  --force            import into a node that already holds workspaces or layers (adds and changes, removes nothing)

Environment:
${Object.entries({ ...NODE_ENV_VARS, ...BRIDGE_ENV_VARS, ...UPSTREAM_ENV_VARS, ...CLIENT_ENV_VARS, ...IMPORT_ENV_VARS }).map(([k, v]) => `  ${k.padEnd(32)} ${v}`).join('\n')}
`;

/**
 * The command line. Every failure a person can cause or meet (a wrong flag, a data directory that
 * is a file, a port in use) ends as one line on stderr and an exit code: 2 for usage, 1 otherwise.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    await run(argv);
  } catch (err) {
    const { line, exitCode } = describeFailure(err);
    process.stderr.write(`geocluster: ${line}\n`);
    if (exitCode === EXIT_USAGE) process.stderr.write(`Run 'geocluster --help' for the commands and options.\n`);
    process.exitCode = exitCode;
  }
}

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      url: { type: 'string' },
      json: { type: 'boolean' },
      peer: { type: 'string' },
      full: { type: 'boolean' },
      from: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'version') {
    process.stdout.write(`geocluster ${VERSION}\n`);
    return;
  }
  const out = (s: string) => void process.stdout.write(s);
  if (command === 'status') return statusCommand(new RestClient(loadClientConfig({ url: values.url })), values.json ?? false, out);
  if (command === 'resync') {
    return resyncCommand(new RestClient(loadClientConfig({ url: values.url })), { peer: values.peer, full: values.full ?? false, json: values.json ?? false }, out);
  }
  if (command === 'import') return importCommand(loadImportConfig({ from: values.from, url: values.url }), { force: values.force ?? false, json: values.json ?? false }, out);
  if (command !== 'start') throw new UsageError(`unknown command '${command}'`);
  const config = loadNodeConfig({ dataDir: values['data-dir'], port: values.port, host: values.host });
  const log = createLogger(config.logLevel);
  const node = await GeoClusterNode.start(config, log, new LoadBar());
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    node.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
