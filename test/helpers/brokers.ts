import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrokerProcess, freePort, logHas, probe, type LaunchSpec } from './broker-process.js';

export { freePort } from './broker-process.js';

/**
 * Private broker processes for tests: each started from the installed binary (Debian packages, see
 * /work/shared/reference/broker-lab.md), on free loopback ports, with its data under a fresh temp
 * folder, so a test can kill -9 it, restart it on the same ports and data, and stop it by PID.
 * A missing broker fails with the apt-get line that installs it (CI installs them: .ci/run).
 */

export type BrokerKind = 'activemq' | 'rabbitmq' | 'nats' | 'mosquitto';

/** A broker's own certificate and key (PEM files), for its TLS listener. */
export interface BrokerTlsFiles {
  cert: string;
  key: string;
}

export interface BrokerAuth {
  username: string;
  password: string;
}

export interface BrokerHandle {
  readonly kind: BrokerKind;
  /** The broker's PID while it runs (RabbitMQ: beam.smp), else undefined. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** What a client of this broker connects to (ActiveMQ: the STOMP URL). */
  readonly url: string;
  /** The broker's private folder (config, data, logs), removed by stop(). */
  readonly dataDir: string;
  /** The user clients must log in as, when the broker requires one. */
  readonly auth?: BrokerAuth;
  /** Signals the broker (default SIGKILL) and waits until it has exited; data and ports are kept. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports and data (stops it gracefully first if it runs). */
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM, SIGKILL after 30 s), then removes dataDir. */
  stop(): Promise<void>;
  logTail(lines?: number): string;
}

const ACTIVEMQ_JAR = '/usr/share/activemq/bin/activemq.jar';
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const MQTT_CLIENT_JAR = '/usr/share/java/mqtt-client.jar';

/** Which broker binaries are missing, each with the command that installs it; empty when all are there. */
export function brokersAvailable(kinds: readonly BrokerKind[] = ['activemq', 'rabbitmq', 'nats', 'mosquitto']): string[] {
  return kinds.map(missing).filter((m): m is string => m !== undefined);
}

function missing(kind: BrokerKind): string | undefined {
  const need: Record<BrokerKind, [string[], string, string]> = {
    activemq: [[ACTIVEMQ_JAR, 'java'], 'ActiveMQ', 'activemq'],
    rabbitmq: [[RABBITMQ_SERVER, 'epmd'], 'RabbitMQ', 'rabbitmq-server'],
    nats: [['nats-server'], 'NATS', 'nats-server'],
    mosquitto: [['mosquitto'], 'Mosquitto', 'mosquitto'],
  };
  const [files, label, pkg] = need[kind];
  const absent = files.filter((f) => (f.startsWith('/') ? !fs.existsSync(f) : !which(f)));
  if (absent.length === 0) return undefined;
  return `${label} is not installed (${absent.join(', ')} not found): apt-get install -y ${pkg}`;
}

function requireBroker(kind: BrokerKind): void {
  const m = missing(kind);
  if (m) throw new Error(m);
}

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin'])) {
    const p = path.join(dir, cmd);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

function instanceDir(kind: BrokerKind): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `geocluster-${kind}-`));
}

function password(): string {
  return randomBytes(9).toString('base64url');
}

/** The common handle: one BrokerProcess, one private folder. */
class ManagedBroker implements BrokerHandle {
  constructor(
    readonly kind: BrokerKind,
    readonly url: string,
    readonly dataDir: string,
    protected readonly proc: BrokerProcess,
    readonly auth?: BrokerAuth,
    private readonly cleanup: () => Promise<void> | void = () => undefined,
  ) {}

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.proc.running;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.proc.kill(signal);
  }

  async restart(): Promise<void> {
    await this.proc.kill('SIGTERM');
    await this.proc.start();
  }

  async stop(): Promise<void> {
    await this.proc.kill('SIGTERM');
    await this.cleanup();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  logTail(lines?: number): string {
    return this.proc.logTail(lines);
  }
}

// ---------------------------------------------------------------- ActiveMQ

export interface ActiveMQOptions {
  /** KahaDB folder shared with another broker (shared-file master/slave); default: inside dataDir. */
  sharedStoreDir?: string;
  /** How often a standby retries the store lock (ms); the lab measured ~2.5 s takeover at 1000. */
  lockAcquireSleepInterval?: number;
  /** simpleAuthenticationPlugin with one user (handle.auth); anonymous clients are refused. */
  auth?: boolean;
  /** Also a stomp+ssl connector with a fresh self-signed certificate for 127.0.0.1 (handle.caFile). */
  tls?: boolean;
  /** Also an MQTT connector (needs libmqtt-client-java: the Debian build lacks mqtt-client.jar). */
  mqtt?: boolean;
  deadlineMs?: number;
}

export interface ActiveMQHandle extends BrokerHandle {
  readonly stompUrl: string;
  readonly openwireUrl: string;
  readonly stompSslUrl?: string;
  /** PEM of the self-signed certificate behind stompSslUrl. */
  readonly caFile?: string;
  readonly mqttUrl?: string;
  /** True when it listens (holds the store lock); a standby of a pair does not until it takes over. */
  listening(): Promise<boolean>;
}

const STOMP_CONNECT = 'CONNECT\naccept-version:1.2\nhost:localhost\n\n\0';
const stompAnswered = (d: Buffer) => /^\n*(CONNECTED|ERROR)/.test(d.toString('latin1'));

/**
 * An ActiveMQ 5.17 (Debian) broker run as the lab's recipe §1.3 A: java -jar activemq.jar start
 * xbean:file:<dir>/conf/activemq.xml, -Xmx256m, a log4j 1.2 config in conf/ (the Debian build
 * ignores log4j2.properties), useJmx=false, OpenWire + STOMP connectors on free loopback ports.
 * Ready once STOMP answers a CONNECT, or — with a shared store — once it logs that it is a standby.
 * Starts in about 1 s.
 */
export async function startActiveMQ(opts: ActiveMQOptions = {}): Promise<ActiveMQHandle> {
  requireBroker('activemq');
  const dir = instanceDir('activemq');
  for (const d of ['conf', 'data', 'tmp', 'lib']) fs.mkdirSync(path.join(dir, d));
  const ports = { openwire: await freePort(), stomp: await freePort(), ssl: opts.tls ? await freePort() : 0, mqtt: opts.mqtt ? await freePort() : 0 };
  const auth = opts.auth ? { username: 'geocluster', password: password() } : undefined;
  let caFile: string | undefined;
  let keyStore: { file: string; password: string } | undefined;
  if (opts.tls) ({ caFile, keyStore } = selfSignedKeyStore(dir));
  if (opts.mqtt) {
    if (!fs.existsSync(MQTT_CLIENT_JAR)) throw new Error(`ActiveMQ's MQTT connector needs ${MQTT_CLIENT_JAR}: apt-get install -y libmqtt-client-java`);
    fs.symlinkSync(MQTT_CLIENT_JAR, path.join(dir, 'lib', 'mqtt-client.jar')); // activemq.jar scans ${activemq.base}/lib
  }
  const name = `amq-${path.basename(dir).slice(-6)}`;
  fs.writeFileSync(path.join(dir, 'conf', 'activemq.xml'), activemqXml({ name, ports, auth, keyStore, sharedStoreDir: opts.sharedStoreDir, lockAcquireSleepInterval: opts.lockAcquireSleepInterval ?? 1000 }));
  fs.writeFileSync(path.join(dir, 'conf', 'log4j.properties'), LOG4J);
  const consoleLog = path.join(dir, 'console.log');
  const spec: LaunchSpec = {
    name: 'ActiveMQ',
    command: 'java',
    args: [
      '-Xms64m', '-Xmx256m', '-Djava.awt.headless=true', `-Djava.io.tmpdir=${dir}/tmp`,
      '--add-reads=java.xml=java.logging',
      ...['java.base/java.security', 'java.base/java.net', 'java.base/java.lang', 'java.base/java.util', 'java.naming/javax.naming.spi', 'java.rmi/sun.rmi.transport.tcp', 'java.base/java.util.concurrent', 'java.base/java.util.concurrent.atomic'].flatMap((m) => ['--add-opens', `${m}=ALL-UNNAMED`]),
      `-Dactivemq.classpath=${dir}/conf`, '-Dactivemq.home=/usr/share/activemq', `-Dactivemq.base=${dir}`,
      `-Dactivemq.conf=${dir}/conf`, `-Dactivemq.data=${dir}/data`,
      '-jar', ACTIVEMQ_JAR, 'start', `xbean:file:${dir}/conf/activemq.xml`,
    ],
    cwd: dir,
    consoleLog,
    logs: [path.join(dir, 'data', 'activemq.log')],
    ready: async (since) => (await probe(ports.stomp, STOMP_CONNECT, stompAnswered)) || (opts.sharedStoreDir !== undefined && logHas(consoleLog, since, 'now in slave mode')),
    deadlineMs: opts.deadlineMs ?? 60_000,
  };
  const proc = new BrokerProcess(spec);
  await proc.start();
  const handle = new ManagedBroker('activemq', `stomp://127.0.0.1:${ports.stomp}`, dir, proc, auth);
  return Object.assign(handle, {
    stompUrl: `stomp://127.0.0.1:${ports.stomp}`,
    openwireUrl: `tcp://127.0.0.1:${ports.openwire}`,
    stompSslUrl: opts.tls ? `stomp+ssl://127.0.0.1:${ports.ssl}` : undefined,
    caFile,
    mqttUrl: opts.mqtt ? `mqtt://127.0.0.1:${ports.mqtt}` : undefined,
    listening: () => (proc.running ? probe(ports.stomp, STOMP_CONNECT, stompAnswered) : Promise.resolve(false)),
  });
}

export interface ActiveMQPair {
  /** Started first: the master (holds the store lock). */
  a: ActiveMQHandle;
  /** The standby: waits for the lock, opens its ports only when it takes over. */
  b: ActiveMQHandle;
  /** failover:(stomp://a,stomp://b)?randomize=false */
  failoverUrl: string;
  sharedStoreDir: string;
  stop(): Promise<void>;
}

/** Two ActiveMQ brokers sharing one KahaDB (shared-file master/slave, lab §2), each with its own ports. */
export async function startActiveMQPair(opts: Omit<ActiveMQOptions, 'sharedStoreDir'> = {}): Promise<ActiveMQPair> {
  const sharedStoreDir = instanceDir('activemq');
  const started: ActiveMQHandle[] = [];
  try {
    started.push(await startActiveMQ({ ...opts, sharedStoreDir }));
    started.push(await startActiveMQ({ ...opts, sharedStoreDir }));
  } catch (err) {
    for (const h of started) await h.stop();
    fs.rmSync(sharedStoreDir, { recursive: true, force: true });
    throw err;
  }
  const [a, b] = started;
  return {
    a,
    b,
    sharedStoreDir,
    failoverUrl: `failover:(${a.stompUrl},${b.stompUrl})?randomize=false&initialReconnectDelay=100&maxReconnectDelay=1000`,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      fs.rmSync(sharedStoreDir, { recursive: true, force: true });
    },
  };
}

function activemqXml(o: {
  name: string;
  ports: { openwire: number; stomp: number; ssl: number; mqtt: number };
  auth?: BrokerAuth;
  keyStore?: { file: string; password: string };
  sharedStoreDir?: string;
  lockAcquireSleepInterval: number;
}): string {
  const store = o.sharedStoreDir
    ? `<kahaDB directory="${o.sharedStoreDir}" lockKeepAlivePeriod="2000"><locker><shared-file-locker lockAcquireSleepInterval="${o.lockAcquireSleepInterval}"/></locker></kahaDB>`
    : '<kahaDB directory="${activemq.data}/kahadb"/>';
  // the broker schema wants its child elements in alphabetical order
  return `<beans xmlns="http://www.springframework.org/schema/beans" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <bean class="org.springframework.beans.factory.config.PropertyPlaceholderConfigurer"/>
  <broker xmlns="http://activemq.apache.org/schema/core" useJmx="false" brokerName="${o.name}" dataDirectory="\${activemq.data}" schedulePeriodForDestinationPurge="0">
    <destinationInterceptors><virtualDestinationInterceptor><virtualDestinations>
      <virtualTopic name="VirtualTopic.>" prefix="Consumer.*." selectorAware="false" concurrentSend="true"/>
    </virtualDestinations></virtualDestinationInterceptor></destinationInterceptors>
    <persistenceAdapter>${store}</persistenceAdapter>
${o.auth ? `    <plugins><simpleAuthenticationPlugin anonymousAccessAllowed="false"><users><authenticationUser username="${o.auth.username}" password="${o.auth.password}" groups="users,admins"/></users></simpleAuthenticationPlugin></plugins>\n` : ''}${o.keyStore ? `    <sslContext><sslContext keyStore="file:${o.keyStore.file}" keyStorePassword="${o.keyStore.password}" keyStoreType="PKCS12"/></sslContext>\n` : ''}    <systemUsage><systemUsage>
      <memoryUsage><memoryUsage limit="64 mb"/></memoryUsage>
      <storeUsage><storeUsage limit="2 gb"/></storeUsage>
      <tempUsage><tempUsage limit="1 gb"/></tempUsage>
    </systemUsage></systemUsage>
    <transportConnectors>
      <transportConnector name="openwire" uri="tcp://127.0.0.1:${o.ports.openwire}"/>
      <transportConnector name="stomp" uri="stomp://127.0.0.1:${o.ports.stomp}?transport.tcpNoDelay=true"/>
${o.ports.ssl ? `      <transportConnector name="stomp+ssl" uri="stomp+ssl://127.0.0.1:${o.ports.ssl}"/>\n` : ''}${o.ports.mqtt ? `      <transportConnector name="mqtt" uri="mqtt://127.0.0.1:${o.ports.mqtt}"/>\n` : ''}    </transportConnectors>
  </broker>
</beans>
`;
}

/** A PKCS12 key store with a self-signed certificate for 127.0.0.1/localhost, and that certificate as PEM. */
function selfSignedKeyStore(dir: string): { caFile: string; keyStore: { file: string; password: string } } {
  const file = path.join(dir, 'conf', 'broker.p12');
  const pw = password();
  const caFile = path.join(dir, 'conf', 'broker.pem');
  execFileSync('keytool', ['-genkeypair', '-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '2', '-dname', 'CN=127.0.0.1', '-ext', 'SAN=ip:127.0.0.1,dns:localhost', '-keystore', file, '-storetype', 'PKCS12', '-storepass', pw, '-keypass', pw], { stdio: 'pipe' });
  execFileSync('keytool', ['-exportcert', '-rfc', '-alias', 'broker', '-keystore', file, '-storetype', 'PKCS12', '-storepass', pw, '-file', caFile], { stdio: 'pipe' });
  return { caFile, keyStore: { file, password: pw } };
}

const LOG4J = `log4j.rootLogger=INFO, stdout, logfile
log4j.logger.org.apache.activemq.spring=WARN
log4j.logger.org.springframework=WARN
log4j.logger.org.apache.xbean=WARN
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=%d{ISO8601} %-5p %m%n
log4j.appender.logfile=org.apache.log4j.FileAppender
log4j.appender.logfile.file=\${activemq.data}/activemq.log
log4j.appender.logfile.layout=org.apache.log4j.PatternLayout
log4j.appender.logfile.layout.ConversionPattern=%d{ISO8601} %-5p %m | %c | %t%n
`;

// ---------------------------------------------------------------- RabbitMQ

/**
 * A private RabbitMQ 3.10 node (lab §3.1): /usr/lib/rabbitmq/bin/rabbitmq-server run as the current
 * user (not the /usr/sbin wrapper, which su's to `rabbitmq`), node name rabbit-<id>@localhost,
 * private config, mnesia, logs, cookie (HOME) and pid file, AMQP and distribution on free loopback
 * ports, and its own epmd started first on a private port bound to 127.0.0.1 (ERL_EPMD_PORT), so
 * both can be killed by PID. No plugins. User guest/guest, loopback only.
 * Ready once the AMQP port answers the protocol header: about 5 s (4.5 s fresh, 3.7 s restart in the lab).
 */
export async function startRabbitMQ(opts: { deadlineMs?: number } = {}): Promise<BrokerHandle> {
  requireBroker('rabbitmq');
  // A port is free when chosen, but another process may take it in the seconds before the Erlang
  // node binds it: RabbitMQ then exits with dist_port_already_used. New ports, at most twice more.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRabbitMQOnce(opts);
    } catch (err) {
      if (attempt >= 3 || !(err as Error).message.includes('dist_port_already_used')) throw err;
    }
  }
}

async function startRabbitMQOnce(opts: { deadlineMs?: number }): Promise<BrokerHandle> {
  const dir = instanceDir('rabbitmq');
  const ports = { amqp: await freePort(), dist: await freePort(), epmd: await freePort() };
  const nodename = `rabbit-${path.basename(dir).slice(-6).toLowerCase()}@localhost`;
  fs.writeFileSync(
    path.join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.1 = 127.0.0.1:${ports.amqp}`,
      'distribution.listener.interface = 127.0.0.1',
      `distribution.listener.port_range.min = ${ports.dist}`,
      `distribution.listener.port_range.max = ${ports.dist}`,
      'loopback_users.guest = true',
      'log.console = true',
      'log.console.level = info',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  fs.writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
  const env = {
    ...process.env,
    HOME: dir, // the Erlang cookie is created here, not in the user's home
    RABBITMQ_NODENAME: nodename,
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbit.pid'),
    RABBITMQ_SERVER_START_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    RABBITMQ_DIST_PORT: String(ports.dist), // checked by the prelaunch before rabbitmq.conf is read
    ERL_EPMD_PORT: String(ports.epmd),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
  const epmd = new BrokerProcess({
    name: 'epmd',
    command: 'epmd',
    args: ['-address', '127.0.0.1', '-port', String(ports.epmd)],
    env,
    cwd: dir,
    consoleLog: path.join(dir, 'epmd.log'),
    ready: () => probe(ports.epmd),
    deadlineMs: 10_000,
  });
  const AMQP_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);
  const rabbit = new BrokerProcess({
    name: 'RabbitMQ',
    command: RABBITMQ_SERVER,
    args: [],
    env,
    cwd: dir,
    consoleLog: path.join(dir, 'console.log'),
    logs: [path.join(dir, 'log', `${nodename}.log`)],
    // a connection.start method frame (type 1) is the answer of a node that serves AMQP
    ready: () => probe(ports.amqp, AMQP_HEADER, (d) => d[0] === 1),
    deadlineMs: opts.deadlineMs ?? 60_000,
    pidFile: path.join(dir, 'rabbit.pid'),
  });
  await epmd.start();
  try {
    await rabbit.start();
  } catch (err) {
    await epmd.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return new ManagedBroker('rabbitmq', `amqp://guest:guest@127.0.0.1:${ports.amqp}`, dir, rabbit, { username: 'guest', password: 'guest' }, () => epmd.kill('SIGTERM'));
}

// ---------------------------------------------------------------- NATS

/**
 * A private nats-server 2.9 with JetStream (lab §3.3): nats-server -a 127.0.0.1 -p <port> -js -sd <dir>.
 * With `auth`, one user (handle.auth) is required. Ready once it sends INFO: about 30 ms.
 */
export async function startNats(opts: { auth?: boolean; deadlineMs?: number; tls?: BrokerTlsFiles } = {}): Promise<BrokerHandle> {
  requireBroker('nats');
  const dir = instanceDir('nats');
  const tls = opts.tls ? ['--tls', '--tlscert', opts.tls.cert, '--tlskey', opts.tls.key] : [];
  const port = await freePort();
  const auth = opts.auth ? { username: 'geocluster', password: password() } : undefined;
  const proc = new BrokerProcess({
    name: 'NATS',
    command: 'nats-server',
    args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', path.join(dir, 'js'), '-n', `nats-${path.basename(dir).slice(-6)}`, ...(auth ? ['--user', auth.username, '--pass', auth.password] : []), ...tls],
    cwd: dir,
    consoleLog: path.join(dir, 'console.log'),
    ready: () => probe(port, undefined, (d) => d.toString('latin1').startsWith('INFO')),
    deadlineMs: opts.deadlineMs ?? 20_000,
  });
  await proc.start();
  return new ManagedBroker('nats', `${opts.tls ? 'tls' : 'nats'}://127.0.0.1:${port}`, dir, proc, auth);
}

// ---------------------------------------------------------------- Mosquitto

/**
 * A private Mosquitto 2.0 (lab §3.2): listener on a free loopback port, persistence in a private
 * folder (chowned to `mosquitto`: started as root it drops to that user), autosave_interval 1.
 * Mosquitto persists by periodic snapshot, not per message: SIGKILL loses what arrived since the last
 * autosave (up to 1 s here); SIGTERM writes everything. With `auth`, one user (handle.auth) is required.
 * Ready once the port accepts: about 30 ms.
 */
export async function startMosquitto(opts: { auth?: boolean; deadlineMs?: number; tls?: BrokerTlsFiles } = {}): Promise<BrokerHandle> {
  requireBroker('mosquitto');
  const dir = instanceDir('mosquitto');
  fs.mkdirSync(path.join(dir, 'data'));
  // copied into the broker's folder: started as root, Mosquitto reads them as its own user
  const tlsFiles = opts.tls && { cert: path.join(dir, 'broker.pem'), key: path.join(dir, 'broker.key') };
  if (opts.tls && tlsFiles) {
    fs.copyFileSync(opts.tls.cert, tlsFiles.cert);
    fs.copyFileSync(opts.tls.key, tlsFiles.key);
  }
  const port = await freePort();
  const auth = opts.auth ? { username: 'geocluster', password: password() } : undefined;
  if (auth) execFileSync('mosquitto_passwd', ['-b', '-c', path.join(dir, 'passwd'), auth.username, auth.password], { stdio: 'pipe' });
  fs.writeFileSync(
    path.join(dir, 'mosquitto.conf'),
    [
      `listener ${port} 127.0.0.1`,
      ...(tlsFiles ? [`certfile ${tlsFiles.cert}`, `keyfile ${tlsFiles.key}`] : []),
      auth ? `allow_anonymous false\npassword_file ${path.join(dir, 'passwd')}` : 'allow_anonymous true',
      'persistence true',
      `persistence_location ${path.join(dir, 'data')}/`,
      'autosave_interval 1',
      'max_queued_messages 100000',
      // Nagle's algorithm on the broker's side held small messages back for a delayed ACK: a p99 of 49-72 ms
      'set_tcp_nodelay true',
      'log_dest stdout',
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'mosquitto']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'mosquitto']).toString().trim());
    for (const p of [dir, path.join(dir, 'data'), path.join(dir, 'mosquitto.conf'), ...(auth ? [path.join(dir, 'passwd')] : []), ...(tlsFiles ? [tlsFiles.cert, tlsFiles.key] : [])]) fs.chownSync(p, uid, gid);
  }
  const proc = new BrokerProcess({
    name: 'Mosquitto',
    command: 'mosquitto',
    args: ['-c', path.join(dir, 'mosquitto.conf')],
    cwd: dir,
    consoleLog: path.join(dir, 'console.log'),
    ready: () => probe(port),
    deadlineMs: opts.deadlineMs ?? 20_000,
  });
  await proc.start();
  return new ManagedBroker('mosquitto', `${opts.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`, dir, proc, auth);
}
