import * as dgram from 'node:dgram';
import { isIPv4 } from 'node:net';
import * as os from 'node:os';
import type { Discovery, DiscoveryLog, DiscoveryStatus, PeerAnnouncement } from './discovery.js';
import { normaliseBaseUrl } from './static.js';

export interface MulticastDiscoveryOptions {
  /** IPv4 multicast group, e.g. 239.255.42.99. */
  group: string;
  port: number;
  /**
   * IPv4 address of the interface membership and sends are pinned to (default in config:
   * 127.0.0.1). Pinning is what keeps beacons off the default route (broker-lab.md §4b).
   */
  interface: string;
  /** Multicast TTL; default 0 (stays on the host) on a loopback interface, else 1 (one subnet). */
  ttl?: number;
  self: PeerAnnouncement;
  /** Beacon period (default 1 s). */
  intervalMs?: number;
  /** A peer not heard from for this long is gone (default 5 s). */
  expiryMs?: number;
  /** While multicast cannot work, how often setup is tried again (default 10 s). */
  retryMs?: number;
  log?: DiscoveryLog;
  /** Signs this node's announcements and checks others' with the cluster secret. */
  auth: AnnouncementAuth;
}

/** HMAC of announcements with the cluster secret (the previous one accepted during a rotation). */
export interface AnnouncementAuth {
  announcementMac(text: string): string;
  checkAnnouncement(text: string, mac: string): boolean;
}

/** An announcement older than this (or this far ahead) is refused: a recorded one cannot be replayed later. */
export const BEACON_WINDOW_MS = 30_000;

/** Largest beacon accepted or sent. */
export const MAX_BEACON_BYTES = 1024;

export type BeaconVerdict =
  | { accepted: true; peer: PeerAnnouncement }
  | { accepted: false; reason: 'tooLarge' | 'invalid' | 'foreignGroup' | 'unauthenticated' }
  | { accepted: false; reason: 'own'; url: string };

/** The announced fields and the time, then their HMAC: `{"v":2,...,"at":ms,"mac":"..."}`. */
export function encodeBeacon(self: PeerAnnouncement, auth: AnnouncementAuth, now = Date.now()): Buffer {
  const text = JSON.stringify({ v: 2, instanceName: self.instanceName, group: self.group, url: self.url, at: now });
  return Buffer.from(`${text.slice(0, -1)},"mac":${JSON.stringify(auth.announcementMac(text))}}`);
}

/** The signed text of a beacon: everything before `,"mac":`; false when the beacon is not signed by a holder of the secret. */
function authentic(raw: string, msg: Record<string, unknown>, auth: AnnouncementAuth, now: number): boolean {
  const cut = raw.lastIndexOf(',"mac":');
  if (cut < 0 || typeof msg.mac !== 'string' || typeof msg.at !== 'number') return false;
  // the mac must close the beacon: nothing may follow it (a field appended after it would override a signed one)
  if (raw.slice(cut) !== `,"mac":${JSON.stringify(msg.mac)}}`) return false;
  if (Math.abs(now - msg.at) > BEACON_WINDOW_MS) return false;
  return auth.checkAnnouncement(`${raw.slice(0, cut)}}`, msg.mac);
}

/** What a datagram means to `self`; anything malformed is `invalid`, never an exception. */
export function decodeBeacon(buf: Buffer, self: PeerAnnouncement, auth: AnnouncementAuth, now = Date.now()): BeaconVerdict {
  if (buf.length > MAX_BEACON_BYTES) return { accepted: false, reason: 'tooLarge' };
  let msg: unknown;
  const raw = buf.toString('utf8');
  try {
    msg = JSON.parse(raw);
  } catch {
    return { accepted: false, reason: 'invalid' };
  }
  if (typeof msg !== 'object' || msg === null) return { accepted: false, reason: 'invalid' };
  const { v, instanceName, group, url } = msg as Record<string, unknown>;
  if (v !== 2 || typeof instanceName !== 'string' || instanceName === '' || typeof group !== 'string' || typeof url !== 'string') {
    return { accepted: false, reason: 'invalid' };
  }
  if (!authentic(raw, msg as Record<string, unknown>, auth, now)) return { accepted: false, reason: 'unauthenticated' };
  let base: string;
  try {
    base = normaliseBaseUrl(url);
  } catch {
    return { accepted: false, reason: 'invalid' };
  }
  if (group !== self.group) return { accepted: false, reason: 'foreignGroup' };
  if (instanceName === self.instanceName) return { accepted: false, reason: 'own', url: base };
  return { accepted: true, peer: { instanceName, group, url: base } };
}

/** Send errors that mean multicast cannot work on the pinned interface (others are transient). */
const FATAL_SEND_ERRORS = new Set(['ENETUNREACH', 'EPERM', 'EACCES', 'EADDRNOTAVAIL', 'ENODEV', 'EINVAL', 'EHOSTUNREACH']);

const errorCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

interface Heard {
  peer: PeerAnnouncement;
  lastSeen: number;
  address: string;
}

/**
 * Peers announce themselves with a small JSON beacon on a multicast group. Membership and sends
 * are always pinned to one interface, so nothing leaves through the default route. Where the
 * interface cannot carry multicast, this says so once, reports it in status() and tries again
 * later instead of failing the node.
 */
export class MulticastDiscovery implements Discovery {
  private readonly ttl: number;
  private readonly intervalMs: number;
  private readonly expiryMs: number;
  private readonly retryMs: number;
  private readonly self: PeerAnnouncement;
  private readonly heard = new Map<string, Heard>();
  private readonly listeners = new Set<(peer: PeerAnnouncement) => void>();
  private readonly counts = { setupAttempts: 0, beaconsSent: 0, beaconsReceived: 0, own: 0, foreignGroup: 0, invalid: 0, tooLarge: 0, unauthenticated: 0, sendErrors: 0 };
  private socket: dgram.Socket | undefined;
  private beaconTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private running = false;
  private working = false;
  private problem: string | undefined;
  private lastSendError: string | undefined;
  private interfaceName: string | undefined;
  private warnedDuplicate = false;

  constructor(private readonly opts: MulticastDiscoveryOptions) {
    const octet = Number(opts.group.split('.')[0]);
    if (!isIPv4(opts.group) || octet < 224 || octet > 239) throw new Error(`multicast group must be an IPv4 multicast address (224.0.0.0-239.255.255.255), got '${opts.group}'`);
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new Error(`multicast port must be 1-65535, got ${opts.port}`);
    this.ttl = opts.ttl ?? (opts.interface.startsWith('127.') ? 0 : 1);
    if (!Number.isInteger(this.ttl) || this.ttl < 0 || this.ttl > 255) throw new Error(`multicast TTL must be 0-255, got ${this.ttl}`);
    this.intervalMs = opts.intervalMs ?? 1000;
    this.expiryMs = opts.expiryMs ?? 5000;
    this.retryMs = opts.retryMs ?? 10_000;
    this.self = { ...opts.self, url: normaliseBaseUrl(opts.self.url) };
    const beacon = encodeBeacon(this.self, opts.auth);
    if (beacon.length > MAX_BEACON_BYTES) throw new Error(`multicast beacon of '${opts.self.instanceName}' is ${beacon.length} bytes, more than ${MAX_BEACON_BYTES}: shorten instanceName, group or url`);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.setup();
  }

  async close(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.working = false;
    await this.teardown();
    this.heard.clear();
  }

  peers(): PeerAnnouncement[] {
    const cutoff = Date.now() - this.expiryMs;
    const live: PeerAnnouncement[] = [];
    for (const [name, h] of this.heard) {
      if (h.lastSeen < cutoff) this.heard.delete(name);
      else live.push({ ...h.peer });
    }
    return live;
  }

  onPeer(listener: (peer: PeerAnnouncement) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): DiscoveryStatus {
    const peers = this.peers();
    return {
      kind: 'multicast',
      working: this.working,
      ...(this.problem === undefined ? {} : { problem: this.problem }),
      details: {
        group: this.opts.group,
        port: this.opts.port,
        interface: this.opts.interface,
        interfaceName: this.interfaceName,
        ttl: this.ttl,
        intervalMs: this.intervalMs,
        expiryMs: this.expiryMs,
        peers: peers.map((p) => `${p.instanceName}@${p.url}`),
        ...this.counts,
        lastSendError: this.lastSendError,
      },
    };
  }

  /** Opens, binds and pins the socket; on failure reports and schedules another try. */
  private async setup(): Promise<void> {
    this.counts.setupAttempts++;
    const missing = this.interfaceProblem();
    if (missing) return this.fail(missing);
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    this.socket = socket;
    let step = 'bind';
    try {
      await bind(socket, this.opts.port, bindAddress(this.opts.group));
      if (this.socket !== socket) return; // closed meanwhile
      step = 'addMembership';
      socket.addMembership(this.opts.group, this.opts.interface);
      step = 'setMulticastInterface';
      socket.setMulticastInterface(this.opts.interface);
      step = 'setMulticastLoopback';
      socket.setMulticastLoopback(true);
      step = 'setMulticastTTL';
      socket.setMulticastTTL(this.ttl);
    } catch (err) {
      if (this.socket !== socket) return; // closed meanwhile
      return this.fail(`${step} on ${this.opts.interface} failed (${errorCode(err)})`);
    }
    socket.on('error', (err) => {
      if (this.socket === socket) void this.fail(`socket error (${errorCode(err)})`);
    });
    socket.on('message', (buf, rinfo) => this.receive(buf, rinfo.address));
    if (this.problem !== undefined) this.opts.log?.info(this.logFields(), `multicast discovery works again on ${this.opts.interface}`);
    this.working = true;
    this.problem = undefined;
    this.beaconTimer = setInterval(() => this.send(), this.intervalMs);
    this.send();
  }

  /**
   * The pinned address must be an IPv4 address of an interface that is up here, else the OS
   * would pick an interface for us or refuse (os.networkInterfaces lists only interfaces that are up).
   */
  private interfaceProblem(): string | undefined {
    const address = this.opts.interface;
    this.interfaceName = undefined;
    if (!isIPv4(address)) return `multicast interface must be the IPv4 address of a local interface, got '${address}'`;
    const present: string[] = [];
    for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
      for (const a of addrs ?? []) {
        if (a.family !== 'IPv4') continue;
        if (a.address === address) {
          this.interfaceName = name;
          return undefined;
        }
        present.push(`${a.address} (${name})`);
      }
    }
    return `interface address ${address} is not on any interface that is up on this host (IPv4 addresses up: ${present.join(', ') || 'none'})`;
  }

  private send(): void {
    const socket = this.socket;
    if (!socket || !this.working) return;
    socket.send(encodeBeacon(this.self, this.opts.auth), this.opts.port, this.opts.group, (err) => {
      if (!err) {
        this.counts.beaconsSent++;
        return;
      }
      this.counts.sendErrors++;
      this.lastSendError = errorCode(err);
      if (FATAL_SEND_ERRORS.has(this.lastSendError) && this.socket === socket) void this.fail(`send to ${this.opts.group} via ${this.opts.interface} failed (${this.lastSendError})`);
    });
  }

  private receive(buf: Buffer, from: string): void {
    const verdict = decodeBeacon(buf, this.opts.self, this.opts.auth);
    if (!verdict.accepted) {
      this.counts[verdict.reason]++;
      if (verdict.reason === 'own' && verdict.url !== this.self.url) this.duplicateName(from);
      return;
    }
    this.counts.beaconsReceived++;
    const { peer } = verdict;
    const now = Date.now();
    const before = this.heard.get(peer.instanceName);
    this.heard.set(peer.instanceName, { peer, lastSeen: now, address: from });
    const appeared = !before || before.lastSeen < now - this.expiryMs || before.peer.url !== peer.url;
    if (appeared) this.emit(peer);
  }

  /** Another node announces our instanceName with another URL: a configuration mistake to point out. */
  private duplicateName(from: string): void {
    if (this.warnedDuplicate) return;
    this.warnedDuplicate = true;
    this.opts.log?.warn(
      { ...this.logFields(), from },
      `another node (${from}) announces instanceName '${this.opts.self.instanceName}' with a different URL; every node needs its own instanceName in cluster.properties`,
    );
  }

  private emit(peer: PeerAnnouncement): void {
    for (const listener of this.listeners) {
      try {
        listener({ ...peer });
      } catch (err) {
        this.opts.log?.warn({ ...this.logFields(), err }, 'a peer listener threw; discovery goes on');
      }
    }
  }

  /** Multicast cannot work now: one warning per outage, then quiet retries. */
  private async fail(problem: string): Promise<void> {
    if (this.problem === undefined) {
      this.opts.log?.warn(
        this.logFields(),
        `multicast discovery cannot work: ${problem}. Nodes will not find each other by multicast. ` +
          `Set discovery.multicastInterface to the IPv4 address of a multicast-capable interface, ` +
          `or use discovery=static with discovery.peers=<peer URLs>, or discovery=dns with discovery.dnsName. ` +
          `Retrying every ${this.retryMs / 1000} s.`,
      );
    }
    this.working = false;
    this.problem = problem;
    await this.teardown();
    if (this.running && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (this.running) void this.setup();
      }, this.retryMs);
    }
  }

  private async teardown(): Promise<void> {
    clearInterval(this.beaconTimer);
    this.beaconTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve(); // never bound or already closed
      }
    });
  }

  private logFields(): object {
    return { discovery: 'multicast', group: this.opts.group, port: this.opts.port, interface: this.opts.interface, ttl: this.ttl };
  }
}

/** Bound to the group itself, the socket sees only that group's datagrams, not unicast to the port. */
function bindAddress(group: string): string {
  return process.platform === 'win32' ? '0.0.0.0' : group;
}

function bind(socket: dgram.Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    const onClose = () => reject(new Error('closed'));
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.bind({ port, address, exclusive: false }, () => {
      socket.off('error', onError);
      socket.off('close', onClose);
      resolve();
    });
  });
}
