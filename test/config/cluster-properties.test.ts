import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClusterConfigError,
  ClusterProperties,
  type ClusterSettings,
  formatProperties,
  parseProperties,
  shellNameOf,
} from '../../src/config/cluster-properties.js';

// The 15 keys ClusterControllerTest.testGetConfigurationJSON expects (jms-cluster-anatomy.md §1.2).
const ORIGINAL_KEYS = [
  'instanceName', 'group', 'topicName', 'durable', 'brokerURL', 'connection', 'connection.retry', 'connection.maxwait',
  'toggleMaster', 'toggleSlave', 'readOnly', 'embeddedBroker', 'embeddedBrokerProperties', 'xbeanURL', 'CLUSTER_CONFIG_DIR',
];
const NEW_KEYS = [
  'discovery', 'discovery.peers', 'discovery.multicast.group', 'discovery.multicast.port', 'discovery.multicast.interface',
  'discovery.dns.name', 'secret', 'advertisedURL', 'journal.retentionDays', 'journal.maxEvents',
  'secret.previous', 'tls.ca', 'broker.tls.ca', 'broker.tls.cert', 'broker.tls.key',
];
const JAVA_DATE = /^#(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \S+ \d{4}$/;

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geocluster-clusterprops-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data dir whose cluster/cluster.properties holds the given lines (after a fresh default file). */
function dataDirWith(lines: Record<string, string> = {}): { dataDir: string; file: string } {
  const dataDir = tempDir();
  const { props } = ClusterProperties.load({ dataDir, env: {} });
  const values = new Map(props.entries());
  for (const [key, value] of Object.entries(lines)) values.set(key, value);
  fs.writeFileSync(props.file, formatProperties(values));
  return { dataDir, file: props.file };
}

function errorOf(step: () => unknown): ClusterConfigError {
  try {
    step();
  } catch (err) {
    if (err instanceof ClusterConfigError) return err;
    throw err;
  }
  throw new Error('expected a ClusterConfigError');
}

describe('cluster.properties on first start', () => {
  it('creates <dataDir>/cluster/cluster.properties with all keys, sorted, after a date comment', () => {
    const dataDir = tempDir();
    const { props, notes } = ClusterProperties.load({ dataDir, env: {} });
    const file = path.join(dataDir, 'cluster', 'cluster.properties');
    expect(props.file).toBe(file);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(JAVA_DATE);
    const keys = lines.slice(1).map((line) => line.split('=')[0]);
    expect([...keys].sort()).toEqual([...ORIGINAL_KEYS, ...NEW_KEYS].sort());
    expect(keys).toEqual([...keys].sort()); // CLUSTER_CONFIG_DIR first: Java orders by UTF-16 code unit
    expect(keys[0]).toBe('CLUSTER_CONFIG_DIR');
    expect(props.entries().map(([k]) => k)).toEqual(keys);
    expect(notes.some((n) => n.startsWith('wrote defaults to'))).toBe(true);
  });

  it('has the original defaults and ours', () => {
    const dataDir = tempDir();
    const { props } = ClusterProperties.load({ dataDir, env: {} });
    const s = props.settings;
    expect(s.instanceName).toMatch(/^geocluster-[0-9a-f]{8}$/);
    expect(s).toMatchObject({
      group: 'geoserver-cluster', topicName: 'VirtualTopic.geoserver', brokerURL: '', durable: true, connection: true,
      connectionRetry: 3, connectionMaxWait: 10000, toggleMaster: true, toggleSlave: true, readOnly: false, embeddedBroker: true,
      discovery: 'multicast', peers: [], multicastGroup: '239.255.42.99', multicastPort: 45678, multicastInterface: '127.0.0.1',
      dnsName: '', previousSecret: '', tlsCA: '', advertisedURL: '', retentionDays: 7, configDir: path.join(dataDir, 'cluster'),
    } satisfies Partial<ClusterSettings>);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.peers)).toBe(true);
    const stored = new Map(props.entries());
    expect(stored.get('readOnly')).toBe('disabled');
    expect(stored.get('embeddedBrokerProperties')).toBe('embedded-broker.properties');
    expect(stored.get('xbeanURL')).toBe('./broker.xml');
    expect(stored.get('CLUSTER_CONFIG_DIR')).toBe(path.join(dataDir, 'cluster'));
  });

  it('keeps the generated instanceName and leaves an unchanged file alone on the next start', () => {
    const dataDir = tempDir();
    const first = ClusterProperties.load({ dataDir, env: {} }).props;
    const before = fs.readFileSync(first.file, 'utf8');
    const second = ClusterProperties.load({ dataDir, env: {} }).props;
    expect(second.settings.instanceName).toBe(first.settings.instanceName);
    expect(fs.readFileSync(second.file, 'utf8')).toBe(before);
  });

  it('notes the keys that only configured the ActiveMQ embedded broker', () => {
    const { notes } = ClusterProperties.load({ dataDir: tempDir(), env: {} });
    expect(notes).toContain('xbeanURL is ignored: the embedded transport needs no ActiveMQ broker');
    expect(notes.some((n) => n.startsWith('embeddedBrokerProperties is ignored'))).toBe(true);
    expect(notes.some((n) => n.startsWith('embeddedBroker is ignored'))).toBe(true);
  });
});

describe('CLUSTER_CONFIG_DIR', () => {
  it('puts the file in $CLUSTER_CONFIG_DIR and records the folder', () => {
    const dataDir = tempDir();
    const configDir = path.join(tempDir(), 'node-a', 'conf');
    const { props } = ClusterProperties.load({ dataDir, env: { CLUSTER_CONFIG_DIR: configDir } });
    expect(props.file).toBe(path.join(configDir, 'cluster.properties'));
    expect(fs.existsSync(props.file)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'cluster'))).toBe(false);
    expect(props.settings.configDir).toBe(configDir);
    expect(new Map(props.entries()).get('CLUSTER_CONFIG_DIR')).toBe(configDir);
  });

  it('rewrites a stale CLUSTER_CONFIG_DIR (a file copied from another node) with a note', () => {
    const { dataDir, file } = dataDirWith({ CLUSTER_CONFIG_DIR: '/somewhere/else' });
    const { props, notes } = ClusterProperties.load({ dataDir, env: {} });
    expect(props.settings.configDir).toBe(path.dirname(file));
    expect(fs.readFileSync(file, 'utf8')).toContain(`CLUSTER_CONFIG_DIR=${path.dirname(file).replace(/:/g, '\\:')}`);
    expect(notes.some((n) => n.includes('/somewhere/else'))).toBe(true);
  });
});

describe('environment overrides', () => {
  it('applies every key of the same name and writes them back', () => {
    const { dataDir, file } = dataDirWith();
    const env = {
      toggleMaster: 'false',
      toggleSlave: 'false', // the original's `||` skipped this one when toggleMaster was set
      'connection.retry': '5',
      readOnly: 'enabled',
      'discovery.peers': 'http://10.0.0.2:8080/geoserver,http://10.0.0.3:8080/geoserver/',
      secret: 'a-very-long-shared-secret',
      PATH: '/usr/bin', // not ours: ignored
    };
    const { props, notes } = ClusterProperties.load({ dataDir, env });
    expect(props.settings).toMatchObject({ toggleMaster: false, toggleSlave: false, connectionRetry: 5, readOnly: true });
    expect(props.settings.peers).toEqual(['http://10.0.0.2:8080/geoserver', 'http://10.0.0.3:8080/geoserver']);
    const saved = new Map(parseProperties(fs.readFileSync(file, 'utf8')));
    expect(saved.get('toggleMaster')).toBe('false');
    expect(saved.get('toggleSlave')).toBe('false');
    expect(saved.get('connection.retry')).toBe('5');
    expect(saved.get('readOnly')).toBe('enabled');
    expect(saved.has('PATH')).toBe(false);
    expect(notes).toContain("toggleMaster=false from the environment replaces 'true' in cluster.properties");
    expect(notes.join('\n')).not.toContain('a-very-long-shared-secret');
    // Without the environment the saved values stay.
    expect(ClusterProperties.load({ dataDir, env: {} }).props.settings.toggleSlave).toBe(false);
  });

  it('gives a fresh node its instanceName from the environment', () => {
    const { props } = ClusterProperties.load({ dataDir: tempDir(), env: { instanceName: 'node-1' } });
    expect(props.settings.instanceName).toBe('node-1');
  });

  it('names the environment variable when its value is bad, and leaves the file alone', () => {
    const { dataDir, file } = dataDirWith();
    const before = fs.readFileSync(file, 'utf8');
    const err = errorOf(() => ClusterProperties.load({ dataDir, env: { 'connection.maxwait': 'soon' } }));
    expect(err.message).toContain("connection.maxwait='soon' (environment variable connection.maxwait) is not valid");
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('environment overrides in their shell spelling', () => {
  it('takes GEOCLUSTER_<KEY> with dots and dashes as underscores, since a shell cannot export discovery.peers', () => {
    expect(shellNameOf('discovery.peers')).toBe('GEOCLUSTER_DISCOVERY_PEERS');
    expect(shellNameOf('connection.maxwait')).toBe('GEOCLUSTER_CONNECTION_MAXWAIT');
    expect(shellNameOf('toggleMaster')).toBe('GEOCLUSTER_TOGGLEMASTER');
    const { dataDir, file } = dataDirWith();
    const env = { GEOCLUSTER_DISCOVERY_PEERS: 'http://127.0.0.2:8080/geoserver', GEOCLUSTER_TOGGLEMASTER: 'false', GEOCLUSTER_INSTANCENAME: 'node-7' };
    const { props, notes } = ClusterProperties.load({ dataDir, env });
    expect(props.settings).toMatchObject({ toggleMaster: false, instanceName: 'node-7' });
    expect(props.settings.peers).toEqual(['http://127.0.0.2:8080/geoserver']);
    expect(new Map(parseProperties(fs.readFileSync(file, 'utf8'))).get('toggleMaster')).toBe('false');
    expect(notes).toContain("toggleMaster=false from the environment (GEOCLUSTER_TOGGLEMASTER) replaces 'true' in cluster.properties");
  });

  it('accepts both spellings when they agree', () => {
    const { props } = ClusterProperties.load({ dataDir: tempDir(), env: { group: 'g1', GEOCLUSTER_GROUP: 'g1' } });
    expect(props.settings.group).toBe('g1');
  });

  it('refuses to start when the two spellings disagree, naming both, and leaves the file alone', () => {
    const { dataDir, file } = dataDirWith();
    const before = fs.readFileSync(file, 'utf8');
    const err = errorOf(() => ClusterProperties.load({ dataDir, env: { toggleSlave: 'true', GEOCLUSTER_TOGGLESLAVE: 'false' } }));
    expect(err.message).toContain("toggleSlave='true' and GEOCLUSTER_TOGGLESLAVE='false' disagree");
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('names the shell variable when its value is bad, and never shows the secret', () => {
    const { dataDir } = dataDirWith();
    const err = errorOf(() => ClusterProperties.load({ dataDir, env: { GEOCLUSTER_CONNECTION_MAXWAIT: 'soon' } }));
    expect(err.message).toContain('(environment variable GEOCLUSTER_CONNECTION_MAXWAIT) is not valid');
    const secretClash = errorOf(() => ClusterProperties.load({ dataDir, env: { secret: 'first-long-secret-value', GEOCLUSTER_SECRET: 'second-long-secret-value' } }));
    expect(secretClash.message).not.toMatch(/first-long-secret-value|second-long-secret-value/);
  });
});

describe('topicName migration', () => {
  it("rewrites the pre-2.10.4 'VirtualTopic.>' to 'VirtualTopic.geoserver'", () => {
    const { dataDir, file } = dataDirWith({ topicName: 'VirtualTopic.>' });
    const { props, notes } = ClusterProperties.load({ dataDir, env: {} });
    expect(props.settings.topicName).toBe('VirtualTopic.geoserver');
    expect(new Map(parseProperties(fs.readFileSync(file, 'utf8'))).get('topicName')).toBe('VirtualTopic.geoserver');
    expect(notes.some((n) => n.includes("'VirtualTopic.>'"))).toBe(true);
  });
});

describe('validation', () => {
  const BAD: Array<[string, string, string]> = [
    ['toggleMaster', 'maybe', 'true or false'],
    ['durable', 'yes', 'true or false'],
    ['connection.retry', '-1', 'an integer from 0'],
    ['connection', 'on', 'enabled or disabled'],
    ['readOnly', 'true', 'enabled or disabled'],
    ['discovery', 'carrier-pigeon', 'one of multicast, static, dns'],
    ['discovery.peers', 'http://a:8080/geoserver,ftp://b/geoserver', "'ftp://b/geoserver' is not one"],
    ['discovery.multicast.group', '10.0.0.1', 'IPv4 multicast address'],
    ['discovery.multicast.port', '70000', 'an integer from 1 to 65535'],
    ['discovery.multicast.interface', 'eth0', 'IPv4 address'],
    ['advertisedURL', 'node-a:8080', 'http:// or https://'],
    ['journal.retentionDays', '0', 'an integer from 1'],
    ['instanceName', '../../etc', "letters, digits, '.', '_' or '-'"],
    ['instanceName', 'x'.repeat(65), '1 to 64'],
    ['group', '', 'a non-empty value'],
  ];

  it.each(BAD)('refuses %s=%s in the file, naming key, value and what is expected', (key, value, expected) => {
    const { dataDir, file } = dataDirWith({ [key]: value });
    const before = fs.readFileSync(file, 'utf8');
    const err = errorOf(() => ClusterProperties.load({ dataDir, env: {} }));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain(file);
    expect(err.message).toContain(`${key}='${value}'`);
    expect(err.message).toContain(expected);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('reports every bad value at once', () => {
    const { dataDir } = dataDirWith({ toggleMaster: 'maybe', connection: 'on' });
    const err = errorOf(() => ClusterProperties.load({ dataDir, env: {} }));
    expect(err.message).toContain("toggleMaster='maybe'");
    expect(err.message).toContain("connection='on'");
  });

  it('accepts Java-style spellings of the flags and surrounding blanks', () => {
    const { dataDir } = dataDirWith({ toggleMaster: 'FALSE', readOnly: 'Enabled ', 'connection.retry': ' 4' });
    expect(ClusterProperties.load({ dataDir, env: {} }).props.settings).toMatchObject({ toggleMaster: false, readOnly: true, connectionRetry: 4 });
  });

  it('needs discovery.dns.name for discovery=dns', () => {
    const { dataDir } = dataDirWith({ discovery: 'dns' });
    expect(errorOf(() => ClusterProperties.load({ dataDir, env: {} })).message).toContain('discovery=dns needs discovery.dns.name');
    const ok = dataDirWith({ discovery: 'dns', 'discovery.dns.name': '_geocluster._tcp.example.org' });
    expect(ClusterProperties.load({ dataDir: ok.dataDir, env: {} }).props.settings.dnsName).toBe('_geocluster._tcp.example.org');
  });

  it('keeps unknown keys, with a note', () => {
    const { dataDir, file } = dataDirWith({ 'activemq.custom': 'x', togglemaster: 'false' });
    const { props, notes } = ClusterProperties.load({ dataDir, env: {} });
    expect(notes).toContain("unknown key 'activemq.custom' in cluster.properties is ignored");
    expect(notes).toContain("unknown key 'togglemaster' in cluster.properties is ignored (did you mean 'toggleMaster'?)");
    expect(new Map(props.entries()).get('activemq.custom')).toBe('x');
    props.update({ group: 'other' });
    expect(new Map(parseProperties(fs.readFileSync(file, 'utf8'))).get('activemq.custom')).toBe('x');
  });

  it('reports a malformed \\u escape with its line', () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'cluster'));
    fs.writeFileSync(path.join(dataDir, 'cluster', 'cluster.properties'), '#x\ngroup=a\\u12\n');
    expect(errorOf(() => ClusterProperties.load({ dataDir, env: {} })).message).toMatch(/line 2: malformed \\uxxxx escape/);
  });
});

describe('update', () => {
  it('saves, then tells listeners the changed keys with the next and previous settings', () => {
    const { props } = ClusterProperties.load({ dataDir: tempDir(), env: {} });
    const calls: Array<[ClusterSettings, ClusterSettings, string[]]> = [];
    const off = props.onChange((next, previous, keys) => calls.push([next, previous, keys]));
    const result = props.update({ toggleMaster: 'false', group: 'geoserver-cluster', readOnly: 'enabled' });
    expect(result.toggleMaster).toBe(false);
    expect(props.settings).toBe(result);
    expect(calls).toHaveLength(1);
    expect(calls[0][2]).toEqual(['readOnly', 'toggleMaster']);
    expect(calls[0][0].readOnly).toBe(true);
    expect(calls[0][1].readOnly).toBe(false);
    expect(new Map(parseProperties(fs.readFileSync(props.file, 'utf8'))).get('toggleMaster')).toBe('false');

    props.update({ toggleMaster: 'false' }); // no change: no write, no call
    expect(calls).toHaveLength(1);
    off();
    props.update({ toggleMaster: 'true' });
    expect(calls).toHaveLength(1);
    expect(fs.readdirSync(path.dirname(props.file))).toEqual(['cluster.properties']); // no temp file left
  });

  it('validates everything first: on any error nothing changes', () => {
    const { props } = ClusterProperties.load({ dataDir: tempDir(), env: {} });
    const before = fs.readFileSync(props.file, 'utf8');
    const settings = props.settings;
    let called = false;
    props.onChange(() => (called = true));
    const cases: Array<[Record<string, string>, string]> = [
      [{ group: 'ok', toggleSlave: 'maybe' }, "toggleSlave='maybe'"],
      [{ instanceName: 'a/b' }, "instanceName='a/b'"],
      [{ CLUSTER_CONFIG_DIR: '/tmp/elsewhere' }, 'CLUSTER_CONFIG_DIR cannot be changed'],
      [{ colour: 'blue' }, "unknown key 'colour'"],
      [{ discovery: 'dns' }, 'discovery=dns needs discovery.dns.name'],
    ];
    for (const [changes, message] of cases) {
      const err = errorOf(() => props.update(changes));
      expect(err.message).toContain(message);
      expect(props.settings).toBe(settings);
      expect(fs.readFileSync(props.file, 'utf8')).toBe(before);
    }
    expect(called).toBe(false);
  });

  it('accepts what GET returned, posted back unchanged', () => {
    const { dataDir } = dataDirWith({ 'some.extra': 'kept' });
    const { props } = ClusterProperties.load({ dataDir, env: {} });
    const all = Object.fromEntries(props.entries());
    expect(() => props.update({ ...all, toggleSlave: 'false' })).not.toThrow();
    expect(props.settings.toggleSlave).toBe(false);
  });

  it('reports a listener error after all listeners ran, keeping the change', () => {
    const { props } = ClusterProperties.load({ dataDir: tempDir(), env: {} });
    let second = false;
    props.onChange(() => {
      throw new Error('listener failed');
    });
    props.onChange(() => (second = true));
    expect(() => props.update({ group: 'g2' })).toThrow('listener failed');
    expect(second).toBe(true);
    expect(props.settings.group).toBe('g2');
  });
});

describe('Java properties format', () => {
  it('escapes as Properties.store does and reads it back', () => {
    const values = new Map([
      ['discovery.peers', 'http://10.0.0.2:8080/geoserver,https://node-b.example.org:8443/geoserver'],
      ['secret', ' lead space, #hash !bang =eq :colon\\back\ttab\nnewline'],
      ['group', 'müller 🌍'],
      ['key with space', 'v'],
    ]);
    const text = formatProperties(values);
    expect(text).toContain('discovery.peers=http\\://10.0.0.2\\:8080/geoserver,https\\://node-b.example.org\\:8443/geoserver\n');
    expect(text).toContain('secret=\\ lead space, \\#hash \\!bang \\=eq \\:colon\\\\back\\ttab\\nnewline\n');
    expect(text).toContain('group=m\\u00FCller \\uD83C\\uDF0D\n');
    expect(text).toContain('key\\ with\\ space=v\n');
    expect(text.split('\n')[0]).toMatch(JAVA_DATE);
    expect(new Map(parseProperties(text))).toEqual(values);
  });

  it('reads comments, the three separators, escapes and continuation lines', () => {
    const text = [
      '# a comment',
      '  ! another = comment',
      '',
      'a=1',
      'b: 2',
      'c 3',
      '  d\t=   4  ',
      'e',
      'f=one, \\',
      '    two, \\',
      '    three',
      'g=ends with backslash\\\\',
      'h=next',
      'key\\ with\\:colon = v\\u0041\\t',
      'i=#not a comment',
    ].join('\r\n');
    expect(parseProperties(text)).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4  '],
      ['e', ''],
      ['f', 'one, two, three'],
      ['g', 'ends with backslash\\'],
      ['h', 'next'],
      ['key with:colon', 'vA\t'],
      ['i', '#not a comment'],
    ]);
  });

  it('round-trips peers through the file', () => {
    const dataDir = tempDir();
    const { props } = ClusterProperties.load({ dataDir, env: {} });
    props.update({ discovery: 'static', 'discovery.peers': 'http://10.0.0.2:8080/geoserver, https://b.example.org/gs' });
    const again = ClusterProperties.load({ dataDir, env: {} });
    expect(again.props.settings.peers).toEqual(['http://10.0.0.2:8080/geoserver', 'https://b.example.org/gs']);
    expect(again.props.settings.discovery).toBe('static');
  });

  it('creates a new file readable by its owner only (it holds the secret)', () => {
    const { props } = ClusterProperties.load({ dataDir: tempDir(), env: {} });
    expect(fs.statSync(props.file).mode & 0o777).toBe(0o600);
  });

  it('generates a secret on first start (32 random bytes, base64url), keeps it, and never in a note', () => {
    const dataDir = tempDir();
    const first = ClusterProperties.load({ dataDir, env: {} });
    expect(first.generatedSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.props.settings.secret).toBe(first.generatedSecret);
    expect(fs.readFileSync(first.props.file, 'utf8')).toContain(`secret=${first.generatedSecret}`);
    expect(first.notes.join('\n')).toMatch(/generated a cluster secret/);
    expect(first.notes.join('\n')).not.toContain(first.generatedSecret);
    const again = ClusterProperties.load({ dataDir, env: {} });
    expect(again.generatedSecret, 'generated once, then kept').toBeUndefined();
    expect(again.props.settings.secret).toBe(first.generatedSecret);
    expect(ClusterProperties.load({ dataDir: tempDir(), env: {} }).generatedSecret).not.toBe(first.generatedSecret);
  });

  it('no setting leaves the cluster without a secret: an empty one is replaced, and cannot be set', () => {
    const dataDir = tempDir();
    const { props, generatedSecret } = ClusterProperties.load({ dataDir, env: { secret: '' } });
    expect(generatedSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => props.update({ secret: '' })).toThrow(/secret='\*\*\*' is not valid/);
    expect(props.settings.secret).toBe(generatedSecret);
    const restarted = ClusterProperties.load({ dataDir, env: { secret: '' } });
    expect(restarted.generatedSecret, 'an empty secret in the environment keeps the stored one').toBeUndefined();
    expect(restarted.props.settings.secret).toBe(generatedSecret);
  });

  it('makes an existing file private once it holds the secret, and masks secret.previous', () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'cluster'));
    fs.writeFileSync(path.join(dataDir, 'cluster', 'cluster.properties'), 'instanceName=n1\n', { mode: 0o644 });
    const { props } = ClusterProperties.load({ dataDir, env: { 'secret.previous': 'the-old-secret-0123456789' } });
    expect(fs.statSync(props.file).mode & 0o777).toBe(0o600);
    expect(props.settings.previousSecret).toBe('the-old-secret-0123456789');
    expect(ClusterProperties.SECRET_KEYS).toEqual(['secret', 'secret.previous']);
  });
});
