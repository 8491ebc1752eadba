import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBridgeConfig, type BridgeConfig } from './bridge-config.js';

/**
 * The node's own settings (not the cluster's: those live in cluster.properties). Read from the
 * command line, then the environment, then defaults; validated and frozen. This is the only
 * place that reads process.env for them.
 */
export interface NodeConfig {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /** Threads used to parse the data directory at start. */
  readonly loadThreads: number | undefined;
  /** GEOSERVER_ADMIN_USER / GEOSERVER_ADMIN_PASSWORD, as GeoServer's docker images name them. */
  readonly adminUser: string;
  readonly adminPassword: string | undefined;
  /** TLS for the HTTP port: certificate and key files (PEM); with a client CA, clients must present a certificate it signed. */
  readonly tls: { readonly cert: string; readonly key: string; readonly clientCA: string | undefined } | undefined;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** The GeoServer this node keeps in step (docs/bridge.md); undefined: no bridge. */
  readonly bridge: BridgeConfig | undefined;
  /** The environment, for cluster.properties overrides (every key by its own name) and CLUSTER_CONFIG_DIR. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Environment variables the node reads, with what they set. Documented in the README. */
export const NODE_ENV_VARS = {
  GEOSERVER_DATA_DIR: 'data directory (default ./data)',
  GEOCLUSTER_PORT: 'HTTP port (default 8080)',
  GEOCLUSTER_HOST: 'address to listen on (default 0.0.0.0)',
  GEOCLUSTER_LOG_LEVEL: 'trace, debug, info, warn, error (default info)',
  GEOCLUSTER_LOAD_THREADS: 'threads that parse the data directory at start (default: all cores)',
  GEOSERVER_ADMIN_USER: 'REST admin user (default admin)',
  GEOSERVER_ADMIN_PASSWORD: 'REST admin password (default: generated on first start, printed once)',
  GEOCLUSTER_MAX_BODY_BYTES: 'largest REST request body in bytes (default 16777216)',
  GEOCLUSTER_TLS_CERT: 'certificate file (PEM) of the HTTP port: the node serves HTTPS',
  GEOCLUSTER_TLS_KEY: 'key file (PEM) of GEOCLUSTER_TLS_CERT',
  GEOCLUSTER_TLS_CLIENT_CA: 'CA file (PEM): clients and peers must present a certificate it signed',
} as const;

export interface CliFlags {
  dataDir?: string;
  port?: string;
  host?: string;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export function loadNodeConfig(flags: CliFlags, env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const dataDir = path.resolve(flags.dataDir ?? env.GEOSERVER_DATA_DIR ?? './data');
  checkDataDir(dataDir);
  const port = integer('port', flags.port ?? env.GEOCLUSTER_PORT ?? '8080', 0, 65535);
  const logLevel = env.GEOCLUSTER_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`GEOCLUSTER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const threads = env.GEOCLUSTER_LOAD_THREADS;
  return Object.freeze({
    dataDir,
    port,
    host: flags.host ?? env.GEOCLUSTER_HOST ?? '0.0.0.0',
    logLevel,
    loadThreads: threads === undefined ? undefined : integer('GEOCLUSTER_LOAD_THREADS', threads, 1, 64),
    adminUser: env.GEOSERVER_ADMIN_USER || 'admin',
    adminPassword: env.GEOSERVER_ADMIN_PASSWORD || undefined,
    tls: tlsOf(env),
    maxBodyBytes: integer('GEOCLUSTER_MAX_BODY_BYTES', env.GEOCLUSTER_MAX_BODY_BYTES ?? String(16 * 1024 * 1024), 1024, 2 ** 31),
    bridge: loadBridgeConfig(env),
    env: Object.freeze({ ...env }),
  });
}

function tlsOf(env: NodeJS.ProcessEnv): NodeConfig['tls'] {
  const { GEOCLUSTER_TLS_CERT: cert, GEOCLUSTER_TLS_KEY: key, GEOCLUSTER_TLS_CLIENT_CA: clientCA } = env;
  if (!cert && !key && !clientCA) return undefined;
  if (!cert || !key) throw new ConfigError('GEOCLUSTER_TLS_CERT and GEOCLUSTER_TLS_KEY go together: give both files, or neither');
  for (const [name, file] of [['GEOCLUSTER_TLS_CERT', cert], ['GEOCLUSTER_TLS_KEY', key], ['GEOCLUSTER_TLS_CLIENT_CA', clientCA]] as const) {
    if (file && !fs.existsSync(file)) throw new ConfigError(`${name}: file '${file}' does not exist`);
  }
  return Object.freeze({ cert: path.resolve(cert), key: path.resolve(key), clientCA: clientCA ? path.resolve(clientCA) : undefined });
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got '${value}'`);
  return n;
}

/** A data directory must be a folder, or not exist yet (it is then created). */
function checkDataDir(dir: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new ConfigError(`data directory '${dir}': a part of the path is a file, not a directory`);
    throw new ConfigError(`data directory '${dir}' cannot be read (${code ?? (err as Error).message})`);
  }
  if (!stat.isDirectory()) throw new ConfigError(`data directory '${dir}' is a file, not a directory; give --data-dir or GEOSERVER_DATA_DIR a folder (a new or empty one is initialised)`);
}
