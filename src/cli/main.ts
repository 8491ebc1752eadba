import { parseArgs } from 'node:util';
import { loadNodeConfig, NODE_ENV_VARS } from '../config/node-config.js';
import { createLogger } from '../logger.js';
import { GeoClusterNode } from '../main.js';
import { VERSION } from '../version.js';
import { describeFailure, EXIT_USAGE, UsageError } from './errors.js';

const USAGE = `Usage: geocluster <command> [options]

Commands:
  start              start a node
  version            print the version

Options for start:
  --data-dir DIR     GeoServer data directory (default ./data)
  --port N           HTTP port (default 8080; 0 picks a free one)
  --host ADDR        address to listen on (default 0.0.0.0)

Environment:
${Object.entries(NODE_ENV_VARS).map(([k, v]) => `  ${k.padEnd(26)} ${v}`).join('\n')}
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
  if (command !== 'start') throw new UsageError(`unknown command '${command}'`);
  const config = loadNodeConfig({ dataDir: values['data-dir'], port: values.port, host: values.host });
  const log = createLogger(config.logLevel);
  const node = await GeoClusterNode.start(config, log);
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
