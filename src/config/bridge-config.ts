import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './node-config.js';

/**
 * The GeoServer a node keeps in step (docs/bridge.md): its base URL and the credentials of an
 * administrator, from the environment. Off when no URL is given. The password is held behind a
 * function so that printing or serialising the settings can never show it.
 */
export interface BridgeConfig {
  /** GeoServer's base URL without a trailing slash: `http://127.0.0.1:8080/geoserver`. */
  readonly url: string;
  readonly user: string;
  readonly password: () => string;
  /** CA file (PEM) that verifies an https:// GeoServer; unset: the system's trust store. */
  readonly tlsCA: string | undefined;
  /** Time-out of one REST call, in ms. */
  readonly timeoutMs: number;
}

/** Environment variables of the bridge, with what they set. Documented in docs/bridge.md. */
export const BRIDGE_ENV_VARS = {
  GEOCLUSTER_BRIDGE_URL: "base URL of the GeoServer this node keeps in step (e.g. http://127.0.0.1:8080/geoserver); unset: no bridge",
  GEOCLUSTER_BRIDGE_USER: 'a GeoServer administrator (default admin)',
  GEOCLUSTER_BRIDGE_PASSWORD_FILE: "file holding that administrator's password; must be readable by its owner only (mode 0600)",
  GEOCLUSTER_BRIDGE_PASSWORD: 'the password itself, when no file is given',
  GEOCLUSTER_BRIDGE_TLS_CA: 'CA file (PEM) for an https:// GeoServer',
  GEOCLUSTER_BRIDGE_TIMEOUT_MS: 'time-out of one REST call to the GeoServer (default 30000)',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the bridge's settings. Each variable may also be given by the key's own name
 * (`bridge.url`, `bridge.user`, `bridge.passwordFile`, …), of which GEOCLUSTER_BRIDGE_URL is the
 * shell spelling, as cluster.properties keys are (src/config/cluster-properties.ts, shellNameOf).
 */
export function loadBridgeConfig(env: Env): BridgeConfig | undefined {
  const get = (key: string, shell: keyof typeof BRIDGE_ENV_VARS) => {
    const [a, b] = [env[shell]?.trim(), env[`bridge.${key}`]?.trim()];
    // as for cluster.properties keys: both spellings may be given, if they agree
    if (a && b && a !== b) throw new ConfigError(`${shell} and bridge.${key} are both set and differ: give one`);
    return a || b || undefined;
  };
  const url = get('url', 'GEOCLUSTER_BRIDGE_URL');
  if (!url) return undefined;
  checkUrl(url);
  const passwordFile = get('passwordFile', 'GEOCLUSTER_BRIDGE_PASSWORD_FILE');
  const inline = env.GEOCLUSTER_BRIDGE_PASSWORD ?? env['bridge.password'];
  if (!passwordFile && inline === undefined) throw new ConfigError('GEOCLUSTER_BRIDGE_URL is set but no password is: give GEOCLUSTER_BRIDGE_PASSWORD_FILE (a file of mode 0600) or GEOCLUSTER_BRIDGE_PASSWORD');
  const password = passwordFile ? readPasswordFile(passwordFile) : (inline as string);
  const tlsCA = get('tlsCA', 'GEOCLUSTER_BRIDGE_TLS_CA');
  if (tlsCA && !fs.existsSync(tlsCA)) throw new ConfigError(`GEOCLUSTER_BRIDGE_TLS_CA: file '${tlsCA}' does not exist`);
  const timeout = get('timeoutMs', 'GEOCLUSTER_BRIDGE_TIMEOUT_MS') ?? '30000';
  if (!/^\d{1,7}$/.test(timeout) || +timeout < 100) throw new ConfigError(`GEOCLUSTER_BRIDGE_TIMEOUT_MS must be an integer from 100 to 9999999 (ms), got '${timeout}'`);
  return Object.freeze({
    url: url.replace(/\/+$/, ''),
    user: get('user', 'GEOCLUSTER_BRIDGE_USER') ?? 'admin',
    password: () => password,
    tlsCA: tlsCA ? path.resolve(tlsCA) : undefined,
    timeoutMs: Number(timeout),
  });
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`GEOCLUSTER_BRIDGE_URL must be an http:// or https:// URL, got '${url}'`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`GEOCLUSTER_BRIDGE_URL must be an http:// or https:// URL, got '${parsed.protocol}'`);
  // credentials belong in the password file, never in a URL that logs and status show
  if (parsed.username || parsed.password) throw new ConfigError('GEOCLUSTER_BRIDGE_URL must not carry credentials: give GEOCLUSTER_BRIDGE_USER and GEOCLUSTER_BRIDGE_PASSWORD_FILE');
}

/** The password file: owned by whoever runs the node and readable by nobody else (mode 0600). */
function readPasswordFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new ConfigError(`GEOCLUSTER_BRIDGE_PASSWORD_FILE: '${file}' cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!stat.isFile()) throw new ConfigError(`GEOCLUSTER_BRIDGE_PASSWORD_FILE: '${file}' is not a file`);
  if ((stat.mode & 0o077) !== 0) {
    throw new ConfigError(`GEOCLUSTER_BRIDGE_PASSWORD_FILE: '${file}' is readable by its group or others (mode 0${(stat.mode & 0o777).toString(8)}): make it 0600 (chmod 600 '${file}')`);
  }
  const text = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (text === '') throw new ConfigError(`GEOCLUSTER_BRIDGE_PASSWORD_FILE: '${file}' is empty`);
  return text;
}
