import { parseArgs } from 'node:util';
import { ConfigError, loadNodeConfig, NODE_ENV_VARS } from '../config/node-config.js';
import { createLogger } from '../logger.js';
import { GeoClusterNode } from '../main.js';
import { VERSION } from '../version.js';

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

export async function main(argv: string[]): Promise<void> {
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
  if (command !== 'start') {
    process.stderr.write(`unknown command '${command}'\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  let config;
  try {
    config = loadNodeConfig({ dataDir: values['data-dir'], port: values.port, host: values.host });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`geocluster: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
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
