import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { isIPv4 } from 'node:net';
import * as path from 'node:path';
import { compareKeys, formatProperties, parseProperties, sortedEntries } from './java-properties.js';

export { formatProperties, parseProperties };

/**
 * The cluster configuration of a node: `cluster.properties`, read and written as GeoServer's JMS
 * cluster module does (jms-cluster-anatomy.md §1), plus our own keys (docs/cluster-properties.md).
 * Every key can be overridden by an environment variable of the same name, or of its shell spelling
 * (`GEOCLUSTER_DISCOVERY_PEERS` for `discovery.peers`); overrides are saved.
 */
export interface ClusterSettings {
  readonly instanceName: string;
  readonly group: string;
  readonly topicName: string;
  readonly brokerURL: string;
  readonly durable: boolean;
  readonly connection: boolean;
  readonly connectionRetry: number;
  readonly connectionMaxWait: number;
  readonly toggleMaster: boolean;
  readonly toggleSlave: boolean;
  readonly readOnly: boolean;
  readonly embeddedBroker: boolean;
  readonly discovery: 'multicast' | 'static' | 'dns';
  /** Peer base URLs, without trailing slashes. */
  readonly peers: readonly string[];
  readonly multicastGroup: string;
  readonly multicastPort: number;
  readonly multicastInterface: string;
  readonly dnsName: string;
  /** Never empty: a node without one generates it on first start. */
  readonly secret: string;
  /** The secret before a rotation: still accepted from peers, never used to sign (SECURITY.md). */
  readonly previousSecret: string;
  /** CA file that verifies peers' https:// URLs (empty: the system's trust store). */
  readonly tlsCA: string;
  /** Broker TLS: CA file for the broker's certificate, client certificate and key files. */
  readonly brokerTls: { readonly ca: string; readonly cert: string; readonly key: string };
  readonly advertisedURL: string;
  readonly retentionDays: number;
  /** Past this many events the journal is compacted (superseded events go). */
  readonly maxEvents: number;
  readonly configDir: string;
}

export type ClusterConfigErrorCode = 'invalid' | 'io';

/** `invalid`: a bad key or value (a client error); `io`: the file could not be read or written. */
export class ClusterConfigError extends Error {
  constructor(
    message: string,
    readonly code: ClusterConfigErrorCode = 'invalid',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClusterConfigError';
  }
}

export const CLUSTER_PROPERTIES_FILE = 'cluster.properties';
const CONFIG_DIR_KEY = 'CLUSTER_CONFIG_DIR';
const MAX_INT = 2 ** 31 - 1; // Java's int, and the longest setTimeout
const NO_BROKER = 'the embedded transport needs no ActiveMQ broker';

/** Says what was expected when a value is bad, else undefined. Typed keys are checked trimmed. */
type Check = (value: string) => string | undefined;

interface KeyDef {
  readonly initial: string | (() => string);
  readonly check: Check;
  /** Why the key no longer has an effect. */
  readonly ignored?: string;
}

const anything: Check = () => undefined;
const oneOf =
  (...allowed: string[]): Check =>
  (v) =>
    allowed.includes(v.trim().toLowerCase()) ? undefined : allowed.length === 2 ? allowed.join(' or ') : `one of ${allowed.join(', ')}`;
const bool = oneOf('true', 'false');
const flag = oneOf('enabled', 'disabled');
const nonEmpty: Check = (v) => (v.trim() ? undefined : 'a non-empty value');
const integer =
  (min: number, max: number): Check =>
  (v) =>
    /^\d{1,10}$/.test(v.trim()) && +v >= min && +v <= max ? undefined : `an integer from ${min} to ${max}`;
const safeName: Check = (v) =>
  /^[A-Za-z0-9._-]{1,64}$/.test(v.trim()) && !/^\.+$/.test(v.trim()) ? undefined : "1 to 64 letters, digits, '.', '_' or '-' (not only dots)";
const isHttpURL = (v: string): boolean => {
  try {
    const url = new URL(v);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};
const httpURLOrEmpty: Check = (v) => (v.trim() === '' || isHttpURL(v.trim()) ? undefined : 'an http:// or https:// base URL, or nothing');
const httpURLList: Check = (v) => {
  const bad = splitList(v).find((url) => !isHttpURL(url));
  return bad === undefined ? undefined : `comma-separated http:// or https:// base URLs ('${bad}' is not one)`;
};
const multicastAddress: Check = (v) =>
  isIPv4(v.trim()) && +v.trim().split('.')[0] >= 224 && +v.trim().split('.')[0] <= 239 ? undefined : 'an IPv4 multicast address (224.0.0.0 to 239.255.255.255)';
const ipv4: Check = (v) => (isIPv4(v.trim()) ? undefined : 'the IPv4 address of a local interface');
const dnsNameOrEmpty: Check = (v) =>
  v.trim() === '' || /^(?=.{1,253}\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/.test(v.trim())
    ? undefined
    : 'a DNS name, or nothing';

/** 32 random bytes, base64url: a node started without a secret makes its own (SECURITY.md). */
export const generatedSecret = (): string => randomBytes(32).toString('base64url');

/** Every key we know, the original module's 15 first. */
const KEYS: ReadonlyMap<string, KeyDef> = new Map<string, KeyDef>([
  ['instanceName', { initial: () => `geocluster-${randomBytes(4).toString('hex')}`, check: safeName }],
  ['group', { initial: 'geoserver-cluster', check: nonEmpty }],
  ['topicName', { initial: 'VirtualTopic.geoserver', check: nonEmpty }],
  ['durable', { initial: 'true', check: bool }],
  ['brokerURL', { initial: '', check: anything }],
  ['connection', { initial: 'enabled', check: flag }],
  ['connection.retry', { initial: '3', check: integer(0, MAX_INT) }],
  ['connection.maxwait', { initial: '10000', check: integer(0, MAX_INT) }],
  ['toggleMaster', { initial: 'true', check: bool }],
  ['toggleSlave', { initial: 'true', check: bool }],
  ['readOnly', { initial: 'disabled', check: flag }],
  ['embeddedBroker', { initial: 'enabled', check: flag, ignored: `${NO_BROKER} (an empty brokerURL selects it)` }],
  ['embeddedBrokerProperties', { initial: 'embedded-broker.properties', check: anything, ignored: NO_BROKER }],
  ['xbeanURL', { initial: './broker.xml', check: anything, ignored: NO_BROKER }],
  [CONFIG_DIR_KEY, { initial: '', check: anything }], // always the resolved folder
  ['discovery', { initial: 'multicast', check: oneOf('multicast', 'static', 'dns') }],
  ['discovery.peers', { initial: '', check: httpURLList }],
  ['discovery.multicast.group', { initial: '239.255.42.99', check: multicastAddress }],
  ['discovery.multicast.port', { initial: '45678', check: integer(1, 65535) }],
  ['discovery.multicast.interface', { initial: '127.0.0.1', check: ipv4 }],
  ['discovery.dns.name', { initial: '', check: dnsNameOrEmpty }],
  ['secret', { initial: generatedSecret, check: nonEmpty }],
  ['secret.previous', { initial: '', check: anything }],
  ['tls.ca', { initial: '', check: anything }],
  ['broker.tls.ca', { initial: '', check: anything }],
  ['broker.tls.cert', { initial: '', check: anything }],
  ['broker.tls.key', { initial: '', check: anything }],
  ['advertisedURL', { initial: '', check: httpURLOrEmpty }],
  ['journal.retentionDays', { initial: '7', check: integer(1, 36500) }],
  ['journal.maxEvents', { initial: '100000', check: integer(10, MAX_INT) }],
]);

type Listener = (next: ClusterSettings, previous: ClusterSettings, changedKeys: string[]) => void;

export class ClusterProperties {
  /** Keys whose values callers mask in logs and REST output. */
  static readonly SECRET_KEYS: readonly string[] = Object.freeze(['secret', 'secret.previous']);

  private current: ClusterSettings;
  private readonly listeners = new Set<Listener>();

  private constructor(
    /** The cluster.properties file. */
    readonly file: string,
    private values: ReadonlyMap<string, string>,
  ) {
    this.current = toSettings(values);
  }

  /**
   * Reads (or creates) `cluster.properties`, applies environment overrides and saves them, as the
   * original's JMSConfiguration.init() does. Returns notes for the caller to log.
   */
  static load(opts: { dataDir: string; env: Record<string, string | undefined> }): { props: ClusterProperties; notes: string[]; generatedSecret?: string } {
    const configDir = opts.env[CONFIG_DIR_KEY] ? path.resolve(opts.env[CONFIG_DIR_KEY]) : path.resolve(opts.dataDir, 'cluster');
    const file = path.join(configDir, CLUSTER_PROPERTIES_FILE);
    const notes: string[] = [];
    try {
      fs.mkdirSync(configDir, { recursive: true });
    } catch (err) {
      throw new ClusterConfigError(`cannot create the cluster configuration folder ${configDir}: ${messageOf(err)}`, 'io', { cause: err });
    }
    const stored = readStored(file, notes);
    const values = new Map(stored);
    const fromEnv = applyEnvironment(values, opts.env, notes);
    const generated = !values.has('instanceName');
    // no setting leaves the cluster open: an empty secret (stored or from the environment) keeps the stored one, else one is generated
    if (values.get('secret') === '') values.set('secret', stored.get('secret') ?? '');
    if (values.get('secret') === '') values.delete('secret');
    const newSecret = !values.has('secret');
    for (const [key, def] of KEYS) if (!values.has(key)) values.set(key, typeof def.initial === 'string' ? def.initial : def.initial());
    migrateTopic(values, notes);
    if (stored.has(CONFIG_DIR_KEY) && stored.get(CONFIG_DIR_KEY) !== configDir) {
      notes.push(`${CONFIG_DIR_KEY} in cluster.properties was '${stored.get(CONFIG_DIR_KEY)}'; it is now ${configDir}, the folder the file is in`);
    }
    values.set(CONFIG_DIR_KEY, configDir);

    const problems = problemsOf(values, (key) => (fromEnv.has(key) ? ` (environment variable ${fromEnv.get(key)})` : ''));
    if (problems.length > 0) throw new ClusterConfigError(`${file}: ${problems.join('; ')}`);
    notes.push(...remarksOn(values));
    if (stored.size === 0) notes.push(`wrote defaults to ${file} (instanceName ${values.get('instanceName')})`);
    if (newSecret) notes.push(`generated a cluster secret and saved it in ${file}: every node of the cluster needs the same one`);
    if (!sameEntries(stored, values)) saveOnLoad(file, values, generated || newSecret, notes);
    return { props: new ClusterProperties(file, values), notes, ...(newSecret ? { generatedSecret: values.get('secret') } : {}) };
  }

  /** The current typed, frozen view. */
  get settings(): ClusterSettings {
    return this.current;
  }

  /** All properties as stored, unknown keys included, sorted by key (secrets not masked). */
  entries(): Array<[string, string]> {
    return sortedEntries(this.values);
  }

  /**
   * Validates every change first (nothing changes on error), then saves atomically and tells the
   * listeners. A listener that throws does not stop the others; its error is rethrown after all
   * have run, and the change stays in effect. An unknown key is refused unless it is already
   * stored with the same value (so that what GET returned can be posted back).
   */
  update(changes: Record<string, string>): ClusterSettings {
    const next = new Map(this.values);
    const problems: string[] = [];
    for (const [key, value] of Object.entries(changes)) {
      if (typeof value !== 'string') problems.push(`${key} must be a string, got ${typeof value}`);
      else if (key === CONFIG_DIR_KEY) {
        if (value !== this.values.get(key)) problems.push(`${CONFIG_DIR_KEY} cannot be changed here (it is ${this.values.get(key)}): set the environment variable and restart`);
      } else if (!KEYS.has(key)) {
        if (this.values.get(key) !== value) problems.push(`unknown key '${key}'${suggestion(key)}`);
      } else next.set(key, value);
    }
    problems.push(...problemsOf(next, (key) => (key in changes ? '' : ' (stored)')));
    if (problems.length > 0) throw new ClusterConfigError(`cluster.properties not changed: ${problems.join('; ')}`);

    const changedKeys = [...next.keys()].filter((key) => next.get(key) !== this.values.get(key)).sort(compareKeys);
    if (changedKeys.length === 0) return this.current;
    save(this.file, next);
    const previous = this.current;
    this.values = next;
    this.current = toSettings(next);
    this.notify(previous, changedKeys);
    return this.current;
  }

  /** Calls the listener after each update that changed something; returns the unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(previous: ClusterSettings, changedKeys: string[]): void {
    const errors: unknown[] = [];
    for (const listener of [...this.listeners]) {
      try {
        listener(this.current, previous, [...changedKeys]);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'cluster.properties listeners failed');
  }
}

function readStored(file: string, notes: string[]): Map<string, string> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new ClusterConfigError(`cannot read ${file}: ${messageOf(err)}`, 'io', { cause: err });
  }
  let entries: Array<[string, string]>;
  try {
    entries = parseProperties(decode(bytes));
  } catch (err) {
    throw new ClusterConfigError(`${file}: ${messageOf(err)}`, 'invalid', { cause: err });
  }
  const values = new Map<string, string>();
  for (const [key, value] of entries) {
    if (values.has(key)) notes.push(`key '${key}' appears more than once in cluster.properties; the last value is used`);
    values.set(key, value);
  }
  return values;
}

/** Java writes ASCII with \u escapes; a hand-edited file may be UTF-8, or ISO-8859-1 as Java reads it. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/**
 * The shell spelling of a key: `GEOCLUSTER_` and the key upper-cased, dots and dashes as
 * underscores (`discovery.peers` → `GEOCLUSTER_DISCOVERY_PEERS`), since a shell cannot export a
 * name with a dot in it.
 */
export function shellNameOf(key: string): string {
  return `GEOCLUSTER_${key.replace(/[.-]/g, '_').toUpperCase()}`;
}

/**
 * Every key, each on its own (the original's `||` skipped the second key of a pair), by its own
 * name or its shell spelling; both given with different values is a mistake to fix, not to guess.
 */
function applyEnvironment(values: Map<string, string>, env: Record<string, string | undefined>, notes: string[]): Map<string, string> {
  const applied = new Map<string, string>();
  const conflicts: string[] = [];
  for (const key of KEYS.keys()) {
    if (key === CONFIG_DIR_KEY) continue;
    const plain = env[key];
    const shell = env[shellNameOf(key)];
    if (plain !== undefined && shell !== undefined && plain !== shell) {
      conflicts.push(`${key}='${shown(key, plain)}' and ${shellNameOf(key)}='${shown(key, shell)}' disagree`);
      continue;
    }
    const value = plain ?? shell;
    if (value === undefined) continue;
    const variable = plain !== undefined ? key : shellNameOf(key);
    applied.set(key, variable);
    if (values.has(key) && values.get(key) !== value) {
      notes.push(`${key}=${shown(key, value)} from the environment${variable === key ? '' : ` (${variable})`} replaces '${shown(key, values.get(key)!)}' in cluster.properties`);
    }
    values.set(key, value);
  }
  if (conflicts.length > 0) throw new ClusterConfigError(`environment: ${conflicts.join('; ')}; set only one of the two spellings`);
  return applied;
}

/** GeoServer 2.10.4/2.11.1/2.12 renamed the topic; only nodes with the same topic name talk. */
function migrateTopic(values: Map<string, string>, notes: string[]): void {
  if (values.get('topicName')?.trim().toLowerCase() !== 'virtualtopic.>') return;
  values.set('topicName', 'VirtualTopic.geoserver');
  notes.push("topicName 'VirtualTopic.>' is now 'VirtualTopic.geoserver', as GeoServer 2.10.4 and later name it: every node needs the same topicName");
}

function problemsOf(values: ReadonlyMap<string, string>, origin: (key: string) => string): string[] {
  const problems: string[] = [];
  for (const [key, value] of values) {
    const expected = KEYS.get(key)?.check(value);
    if (expected !== undefined) problems.push(`${key}='${shown(key, value)}'${origin(key)} is not valid: expected ${expected}`);
  }
  if (values.get('discovery')?.trim().toLowerCase() === 'dns' && !values.get('discovery.dns.name')?.trim()) {
    problems.push('discovery=dns needs discovery.dns.name (the DNS name whose records list the peers)');
  }
  return problems;
}

/** Notes on keys that are stored but have no effect, or look like a mistake. */
function remarksOn(values: ReadonlyMap<string, string>): string[] {
  const remarks: string[] = [];
  for (const key of values.keys()) {
    const def = KEYS.get(key);
    if (!def) remarks.push(`unknown key '${key}' in cluster.properties is ignored${suggestion(key)}`);
    else if (def.ignored) remarks.push(`${key} is ignored: ${def.ignored}`);
  }
  const settings = toSettings(values);
  if (settings.discovery === 'static' && settings.peers.length === 0) remarks.push('discovery=static with no discovery.peers: this node will find no peer');
  if (settings.secret !== '' && settings.secret.length < 16) remarks.push('secret is shorter than 16 characters');
  return remarks;
}

function suggestion(key: string): string {
  const known = [...KEYS.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
  return known ? ` (did you mean '${known}'?)` : '';
}

/** A file we cannot write (a read-only mount) is fine, unless a new instanceName would be lost. */
function saveOnLoad(file: string, values: ReadonlyMap<string, string>, generatedName: boolean, notes: string[]): void {
  try {
    save(file, values);
  } catch (err) {
    if (generatedName) throw err;
    notes.push(`${messageOf(err)}: the values above apply to this run only`);
  }
}

function toSettings(values: ReadonlyMap<string, string>): ClusterSettings {
  const get = (key: string): string => (values.get(key) ?? '').trim();
  const on = (key: string): boolean => ['true', 'enabled'].includes(get(key).toLowerCase());
  return Object.freeze({
    instanceName: get('instanceName'),
    group: get('group'),
    topicName: get('topicName'),
    brokerURL: get('brokerURL'),
    durable: on('durable'),
    connection: on('connection'),
    connectionRetry: Number(get('connection.retry')),
    connectionMaxWait: Number(get('connection.maxwait')),
    toggleMaster: on('toggleMaster'),
    toggleSlave: on('toggleSlave'),
    readOnly: on('readOnly'),
    embeddedBroker: on('embeddedBroker'),
    discovery: get('discovery').toLowerCase() as ClusterSettings['discovery'],
    peers: Object.freeze(splitList(get('discovery.peers')).map((url) => url.replace(/\/+$/, ''))),
    multicastGroup: get('discovery.multicast.group'),
    multicastPort: Number(get('discovery.multicast.port')),
    multicastInterface: get('discovery.multicast.interface'),
    dnsName: get('discovery.dns.name'),
    secret: values.get('secret') ?? '', // verbatim: spaces may be part of it
    previousSecret: values.get('secret.previous') ?? '',
    tlsCA: get('tls.ca'),
    brokerTls: Object.freeze({ ca: get('broker.tls.ca'), cert: get('broker.tls.cert'), key: get('broker.tls.key') }),
    advertisedURL: get('advertisedURL').replace(/\/+$/, ''),
    retentionDays: Number(get('journal.retentionDays')),
    maxEvents: Number(get('journal.maxEvents')),
    configDir: values.get(CONFIG_DIR_KEY) ?? '',
  });
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function shown(key: string, value: string): string {
  return ClusterProperties.SECRET_KEYS.includes(key) ? '***' : value;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}

/** Java's String.compareTo (UTF-16 code units), as SortedPropertiesWriter's TreeSet orders keys. */
/** Writes a temporary file in the same folder, then renames it over the file. */
function save(file: string, values: ReadonlyMap<string, string>): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // It holds the cluster secret: readable by its owner only, whatever its mode was.
    const mode = 0o600;
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.fchmodSync(fd, mode);
      fs.writeSync(fd, formatProperties(values));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw new ClusterConfigError(`cannot save ${file}: ${messageOf(err)}`, 'io', { cause: err });
  }
}
