import { promises as dns } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { createDiscovery } from '../../src/transports/embedded/discovery/create-discovery.js';
import type { DiscoverySettings, PeerAnnouncement } from '../../src/transports/embedded/discovery/discovery.js';
import { DnsDiscovery } from '../../src/transports/embedded/discovery/dns.js';
import { BEACON_WINDOW_MS, decodeBeacon, encodeBeacon, MAX_BEACON_BYTES, MulticastDiscovery } from '../../src/transports/embedded/discovery/multicast.js';
import { ClusterSecret } from '../../src/cluster/envelope.js';
import { normaliseBaseUrl, StaticDiscovery } from '../../src/transports/embedded/discovery/static.js';

/*
 * Nothing here opens a multicast socket: live multicast runs only inside a private network
 * namespace (multicast-netns.test.ts). DNS tests resolve `localhost` (from /etc/hosts) or use an
 * injected resolver, so no query leaves the machine.
 */

const auth = new ClusterSecret('multicast-unit-secret-0123456789');
const self: PeerAnnouncement = { instanceName: 'node-a', group: 'geoserver-cluster', url: 'http://127.0.0.1:8080/geoserver' };

function recordingLog() {
  const lines: { level: 'warn' | 'info'; obj: object; msg: string }[] = [];
  return {
    lines,
    warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }),
    info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
  };
}

describe('StaticDiscovery', () => {
  it('normalises peer URLs: trailing slash, case of scheme and host, default port, duplicates', () => {
    const d = new StaticDiscovery({
      self,
      peers: ['http://node-b:8080/geoserver/', ' HTTP://Node-C:8080/geoserver ', 'http://node-b:8080/geoserver', 'https://node-d:443/geoserver//', 'http://node-e:80/gs'],
    });
    expect(d.peers().map((p) => p.url)).toEqual(['http://node-b:8080/geoserver', 'http://node-c:8080/geoserver', 'https://node-d/geoserver', 'http://node-e/gs']);
  });

  it("excludes the node's own URL, however it is spelled", () => {
    const d = new StaticDiscovery({ self, peers: ['http://127.0.0.1:8080/geoserver/', 'http://127.0.0.1:8081/geoserver'] });
    expect(d.peers()).toEqual([{ instanceName: '', group: 'geoserver-cluster', url: 'http://127.0.0.1:8081/geoserver' }]);
  });

  it('gives peers an unknown instance name and the group of this node', async () => {
    const d = new StaticDiscovery({ self, peers: ['http://node-b:8080/geoserver'] });
    await d.start();
    expect(d.peers()).toEqual([{ instanceName: '', group: self.group, url: 'http://node-b:8080/geoserver' }]);
    expect(d.status()).toEqual({ kind: 'static', working: true, details: { peers: ['http://node-b:8080/geoserver'] } });
    await d.close();
  });

  it('refuses a peer that is not an http(s) URL, naming the setting', () => {
    expect(() => new StaticDiscovery({ self, peers: ['node-b:8080'] })).toThrow(/discovery\.peers: 'node-b:8080' is not an http\(s\) URL/);
    expect(() => new StaticDiscovery({ self, peers: ['not a url'] })).toThrow(/discovery\.peers: 'not a url' is not a URL/);
  });

  it('hands out copies, so callers cannot change its list', () => {
    const d = new StaticDiscovery({ self, peers: ['http://node-b:8080/geoserver'] });
    d.peers()[0].url = 'http://evil';
    expect(d.peers()[0].url).toBe('http://node-b:8080/geoserver');
  });
});

describe('normaliseBaseUrl', () => {
  it('drops query and fragment and keeps the path', () => {
    expect(normaliseBaseUrl('http://h:1/a/b/?x=1#y')).toBe('http://h:1/a/b');
    expect(normaliseBaseUrl('http://[::1]:8080/geoserver/')).toBe('http://[::1]:8080/geoserver');
  });
});

describe('DnsDiscovery', () => {
  it('maps every address of the name to a peer URL (IPv6 in brackets), without itself or duplicates', async () => {
    const d = new DnsDiscovery({
      name: 'geoserver.cluster.local',
      port: 8080,
      self: { ...self, url: 'http://10.0.0.5:8080/geoserver' },
      resolve: async () => ['10.0.0.5', '10.0.0.6', 'fd00::7', '10.0.0.6'],
    });
    await d.start();
    expect(d.peers()).toEqual([
      { instanceName: '', group: self.group, url: 'http://10.0.0.6:8080/geoserver' },
      { instanceName: '', group: self.group, url: 'http://[fd00::7]:8080/geoserver' },
    ]);
    expect(d.status()).toMatchObject({ kind: 'dns', working: true, details: { name: 'geoserver.cluster.local', addresses: ['10.0.0.5', '10.0.0.6', 'fd00::7'], lookups: 1 } });
    await d.close();
  });

  it('tells listeners about peers that appear, and forgets peers that are gone', async () => {
    let answer = ['10.0.0.6'];
    const d = new DnsDiscovery({ name: 'n', port: 8080, self, intervalMs: 3_600_000, resolve: async () => answer });
    const seen: string[] = [];
    d.onPeer((p) => seen.push(p.url));
    await d.start();
    answer = ['10.0.0.6', '10.0.0.7'];
    await d.refresh();
    answer = ['10.0.0.7'];
    await d.refresh();
    expect(seen).toEqual(['http://10.0.0.6:8080/geoserver', 'http://10.0.0.7:8080/geoserver']);
    expect(d.peers().map((p) => p.url)).toEqual(['http://10.0.0.7:8080/geoserver']);
    await d.close();
  });

  it('uses the given scheme and path', async () => {
    const d = new DnsDiscovery({ name: 'n', port: 8443, scheme: 'https', path: '/gs/', self, resolve: async () => ['10.0.0.6'] });
    await d.start();
    expect(d.peers().map((p) => p.url)).toEqual(['https://10.0.0.6:8443/gs']);
    await d.close();
  });

  it('resolves localhost with the system resolver; on loopback 127.0.0.1, ::1 and localhost are this node', async () => {
    const addresses = (await dns.lookup('localhost', { all: true })).map((a) => a.address);
    const other = new DnsDiscovery({ name: 'localhost', port: 18080, self: { ...self, url: 'http://127.0.0.1:18081/geoserver' } });
    await other.start();
    const urls = other.peers().map((p) => p.url);
    expect(urls.length).toBe(addresses.length);
    expect(urls).toContain('http://127.0.0.1:18080/geoserver');
    if (addresses.includes('::1')) expect(urls).toContain('http://[::1]:18080/geoserver');
    await other.close();

    const itself = new DnsDiscovery({ name: 'localhost', port: 18080, self: { ...self, url: 'http://localhost:18080/geoserver' } });
    await itself.start();
    expect(itself.peers()).toEqual([]);
    expect(itself.status().working).toBe(true);
    await itself.close();
  });

  it('reports a failed lookup in status, warns once, keeps the peers it had, and says when it resolves again', async () => {
    let fail = false;
    const log = recordingLog();
    const d = new DnsDiscovery({
      name: 'gone.example',
      port: 8080,
      self,
      log,
      resolve: async (name) => {
        if (!fail) return ['10.0.0.6'];
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      },
    });
    await d.start();
    fail = true;
    await expect(d.refresh()).resolves.toBeUndefined();
    await d.refresh();
    const status = d.status();
    expect(status.working).toBe(false);
    expect(status.problem).toBe("DNS lookup of 'gone.example' failed (ENOTFOUND); keeping the 1 peer(s) found before");
    expect(d.peers().map((p) => p.url)).toEqual(['http://10.0.0.6:8080/geoserver']);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(log.lines[0].msg).toMatch(/discovery=static with discovery\.peers/);
    fail = false;
    await d.refresh();
    expect(d.status().working).toBe(true);
    expect(d.status().problem).toBeUndefined();
    expect(log.lines.map((l) => l.level)).toEqual(['warn', 'info']);
    await d.close();
  });

  it('never throws from start when the very first lookup fails', async () => {
    const d = new DnsDiscovery({ name: 'x', port: 8080, self, resolve: () => Promise.reject(new Error('resolver down')) });
    await expect(d.start()).resolves.toBeUndefined();
    expect(d.status()).toMatchObject({ working: false, problem: "DNS lookup of 'x' failed (resolver down); keeping the 0 peer(s) found before" });
    await d.close();
  });

  it('keeps going when a listener throws', async () => {
    const log = recordingLog();
    const d = new DnsDiscovery({ name: 'n', port: 8080, self, log, resolve: async () => ['10.0.0.6'] });
    d.onPeer(() => {
      throw new Error('listener bug');
    });
    await d.start();
    expect(d.peers()).toHaveLength(1);
    expect(log.lines[0].msg).toMatch(/listener threw/);
    await d.close();
  });
});

describe('multicast beacons (decoding only: live sockets run in multicast-netns.test.ts)', () => {
  const other = { instanceName: 'node-b', group: 'geoserver-cluster', url: 'http://127.0.0.1:8081/geoserver/' };
  const datagram = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  /** A beacon made by a holder of `key` with the fields given (any shape, to try malformed ones). */
  const signed = (fields: Record<string, unknown>, key = auth, at = Date.now()) => {
    const text = JSON.stringify({ v: 2, ...fields, at });
    return Buffer.from(`${text.slice(0, -1)},"mac":${JSON.stringify(key.announcementMac(text))}}`);
  };

  it('round-trips a signed beacon and normalises its URL', () => {
    const buf = encodeBeacon({ instanceName: 'node-b', group: 'geoserver-cluster', url: 'http://127.0.0.1:8081/geoserver' }, auth);
    expect(JSON.parse(buf.toString())).toMatchObject({ v: 2, instanceName: 'node-b', group: 'geoserver-cluster', url: 'http://127.0.0.1:8081/geoserver', mac: expect.any(String) });
    expect(decodeBeacon(buf, self, auth)).toEqual({ accepted: true, peer: { instanceName: 'node-b', group: 'geoserver-cluster', url: 'http://127.0.0.1:8081/geoserver' } });
    expect(decodeBeacon(signed(other), self, auth)).toMatchObject({ accepted: true, peer: { url: 'http://127.0.0.1:8081/geoserver' } });
  });

  it('ignores its own beacons and those of another group', () => {
    expect(decodeBeacon(encodeBeacon(self, auth), self, auth)).toMatchObject({ accepted: false, reason: 'own' });
    expect(decodeBeacon(signed({ ...other, group: 'another-cluster' }), self, auth)).toEqual({ accepted: false, reason: 'foreignGroup' });
  });

  it('ignores a beacon not signed with the cluster secret, altered, unsigned, or too old to be fresh', () => {
    const intruder = new ClusterSecret('not-the-cluster-secret-0123456789');
    expect(decodeBeacon(signed(other, intruder), self, auth)).toEqual({ accepted: false, reason: 'unauthenticated' });
    const altered = Buffer.from(signed(other).toString().replace('8081', '9999'));
    const appended = Buffer.from(signed(other).toString().replace(/}$/, ',"url":"http://127.0.0.1:9999/evil"}'));
    expect(decodeBeacon(appended, self, auth), 'a field appended after the mac').toEqual({ accepted: false, reason: 'unauthenticated' });
    expect(decodeBeacon(altered, self, auth)).toEqual({ accepted: false, reason: 'unauthenticated' });
    expect(decodeBeacon(datagram({ v: 2, ...other, at: Date.now() }), self, auth)).toEqual({ accepted: false, reason: 'unauthenticated' });
    expect(decodeBeacon(signed(other, auth, Date.now() - BEACON_WINDOW_MS - 1000), self, auth)).toEqual({ accepted: false, reason: 'unauthenticated' });
  });

  it('accepts beacons signed with the previous secret during a rotation', () => {
    const rotated = new ClusterSecret('the-new-cluster-secret-0123456789', ['multicast-unit-secret-0123456789']);
    expect(decodeBeacon(signed(other, auth), self, rotated)).toMatchObject({ accepted: true });
    expect(decodeBeacon(signed(other, rotated), self, auth)).toEqual({ accepted: false, reason: 'unauthenticated' });
  });

  it.each([
    ['an empty datagram', Buffer.alloc(0)],
    ['text that is not JSON', datagram('hello')],
    ['truncated JSON', datagram('{"v":2,"instanceName":"x"')],
    ['binary bytes', Buffer.from([0xff, 0xfe, 0x00, 0x7b])],
    ['JSON null', datagram('null')],
    ['a JSON array', datagram([other])],
    ['a JSON string', datagram('"beacon"')],
    ['the unsigned protocol version 1', datagram({ ...other, v: 1 })],
    ['no version', signed({ ...other, v: undefined })],
    ['an empty instance name', signed({ ...other, instanceName: '' })],
    ['a numeric instance name', signed({ ...other, instanceName: 42 })],
    ['no group', signed({ ...other, group: undefined })],
    ['no url', signed({ ...other, url: undefined })],
    ['a url that is not http', signed({ ...other, url: 'file:///etc/passwd' })],
    ['a url that is not a URL', signed({ ...other, url: 'node-b' })],
  ])('treats %s as invalid', (_what, buf) => {
    expect(decodeBeacon(buf, self, auth)).toEqual({ accepted: false, reason: 'invalid' });
  });

  it(`drops anything over ${MAX_BEACON_BYTES} bytes before parsing it`, () => {
    const big = signed({ ...other, pad: 'x'.repeat(MAX_BEACON_BYTES) });
    expect(decodeBeacon(big, self, auth)).toEqual({ accepted: false, reason: 'tooLarge' });
    expect(decodeBeacon(Buffer.alloc(MAX_BEACON_BYTES + 1, 0x20), self, auth)).toEqual({ accepted: false, reason: 'tooLarge' });
  });
});

describe('MulticastDiscovery settings (checked without opening a socket)', () => {
  const opts = { group: '239.255.42.99', port: 45678, interface: '127.0.0.1', self, auth };

  it('refuses a group that is not an IPv4 multicast address, a bad port or TTL, and a beacon over 1 KB', () => {
    expect(() => new MulticastDiscovery({ ...opts, group: '10.0.0.1' })).toThrow(/multicast group must be an IPv4 multicast address/);
    expect(() => new MulticastDiscovery({ ...opts, group: 'ff02::1' })).toThrow(/multicast group/);
    expect(() => new MulticastDiscovery({ ...opts, port: 0 })).toThrow(/multicast port must be 1-65535/);
    expect(() => new MulticastDiscovery({ ...opts, ttl: 256 })).toThrow(/TTL must be 0-255/);
    expect(() => new MulticastDiscovery({ ...opts, self: { ...self, instanceName: 'n'.repeat(MAX_BEACON_BYTES) } })).toThrow(/more than 1024/);
  });

  it('keeps beacons on the host by default on loopback (TTL 0), one hop elsewhere (TTL 1)', () => {
    expect(new MulticastDiscovery(opts).status()).toMatchObject({ kind: 'multicast', working: false, details: { ttl: 0, interface: '127.0.0.1' } });
    expect(new MulticastDiscovery({ ...opts, interface: '192.0.2.1' }).status().details.ttl).toBe(1);
    expect(new MulticastDiscovery({ ...opts, interface: '192.0.2.1', ttl: 0 }).status().details.ttl).toBe(0);
  });
});

describe('createDiscovery', () => {
  const settings: DiscoverySettings = {
    discovery: 'multicast',
    peers: [],
    multicastGroup: '239.255.42.99',
    multicastPort: 45678,
    multicastInterface: '127.0.0.1',
    dnsName: '',
  };
  const log = recordingLog();

  it('builds the discovery the settings name (multicast is not started here)', () => {
    expect(createDiscovery(settings, self, 8080, log, auth)).toBeInstanceOf(MulticastDiscovery);
    const fixed = createDiscovery({ ...settings, discovery: 'static', peers: ['http://node-b:8080/geoserver/'] }, self, 8080, log, auth);
    expect(fixed.peers().map((p) => p.url)).toEqual(['http://node-b:8080/geoserver']);
    expect(createDiscovery({ ...settings, discovery: 'dns', dnsName: 'localhost' }, self, 8080, log, auth).status().kind).toBe('dns');
  });

  it('gives DNS peers the port this node listens on', async () => {
    const d = createDiscovery({ ...settings, discovery: 'dns', dnsName: 'localhost' }, { ...self, url: 'http://127.0.0.1:9999/geoserver' }, 18080, log, auth);
    await d.start();
    expect(d.peers().map((p) => p.url)).toContain('http://127.0.0.1:18080/geoserver');
    await d.close();
  });

  it('refuses discovery=dns without a name, and an unknown kind', () => {
    expect(() => createDiscovery({ ...settings, discovery: 'dns', dnsName: ' ' }, self, 8080, log, auth)).toThrow(/discovery=dns needs discovery\.dnsName/);
    expect(() => createDiscovery({ ...settings, discovery: 'gossip' as 'dns' }, self, 8080, log, auth)).toThrow(/discovery must be multicast, static or dns, got 'gossip'/);
  });
});
