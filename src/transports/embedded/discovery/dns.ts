import { promises as dns } from 'node:dns';
import { isIPv6 } from 'node:net';
import type { Discovery, DiscoveryLog, DiscoveryStatus, PeerAnnouncement } from './discovery.js';
import { normaliseBaseUrl } from './static.js';

export interface DnsDiscoveryOptions {
  /** Name that resolves to every node, e.g. a Kubernetes headless service. */
  name: string;
  /** Port the peers' HTTP servers listen on. */
  port: number;
  scheme?: 'http' | 'https';
  /** Base path of a peer (default /geoserver). */
  path?: string;
  self: PeerAnnouncement;
  /** How often the name is resolved again (default 10 s). */
  intervalMs?: number;
  /** Resolves a name to addresses; default: the system resolver, IPv4 and IPv6. */
  resolve?: (name: string) => Promise<string[]>;
  log?: DiscoveryLog;
}

async function systemResolve(name: string): Promise<string[]> {
  const found = await dns.lookup(name, { all: true, family: 0 });
  return found.map((a) => a.address);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Peers are the addresses a DNS name resolves to, looked up again every interval. */
export class DnsDiscovery implements Discovery {
  private readonly scheme: string;
  private readonly path: string;
  private readonly intervalMs: number;
  private readonly resolve: (name: string) => Promise<string[]>;
  private readonly selfUrl: URL;
  private readonly listeners = new Set<(peer: PeerAnnouncement) => void>();
  private known = new Map<string, PeerAnnouncement>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private problem: string | undefined;
  private addresses: string[] = [];
  private lookups = 0;
  private lastLookupAt: string | undefined;

  constructor(private readonly opts: DnsDiscoveryOptions) {
    this.scheme = opts.scheme ?? 'http';
    this.path = opts.path ?? '/geoserver';
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.resolve = opts.resolve ?? systemResolve;
    this.selfUrl = new URL(normaliseBaseUrl(opts.self.url));
  }

  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    await this.refresh();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing;
  }

  peers(): PeerAnnouncement[] {
    return [...this.known.values()].map((p) => ({ ...p }));
  }

  onPeer(listener: (peer: PeerAnnouncement) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): DiscoveryStatus {
    return {
      kind: 'dns',
      working: this.problem === undefined && this.lookups > 0,
      ...(this.problem === undefined ? {} : { problem: this.problem }),
      details: {
        name: this.opts.name,
        port: this.opts.port,
        intervalMs: this.intervalMs,
        lookups: this.lookups,
        lastLookupAt: this.lastLookupAt,
        addresses: [...this.addresses],
        peers: [...this.known.keys()],
      },
    };
  }

  /** One lookup at a time; a lookup already under way serves a second caller. */
  refresh(): Promise<void> {
    this.refreshing ??= this.lookup().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async lookup(): Promise<void> {
    let addresses: string[];
    try {
      addresses = await this.resolve(this.opts.name);
    } catch (err) {
      this.lookupFailed(err);
      return;
    } finally {
      this.lookups++;
      this.lastLookupAt = new Date().toISOString();
    }
    if (this.problem !== undefined) this.opts.log?.info({ discovery: 'dns', name: this.opts.name }, `DNS discovery: '${this.opts.name}' resolves again`);
    this.problem = undefined;
    this.addresses = [...new Set(addresses)];
    this.update(this.addresses.flatMap((a) => this.peerAt(a)));
  }

  /** Keeps the peers found before: a DNS hiccup should not make a cluster forget its members. */
  private lookupFailed(err: unknown): void {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const problem = `DNS lookup of '${this.opts.name}' failed (${code}); keeping the ${this.known.size} peer(s) found before`;
    if (this.problem === undefined) {
      this.opts.log?.warn(
        { discovery: 'dns', name: this.opts.name, code },
        `${problem}. Check discovery.dnsName, or use discovery=static with discovery.peers. Retrying every ${this.intervalMs / 1000} s.`,
      );
    }
    this.problem = problem;
  }

  private peerAt(address: string): PeerAnnouncement[] {
    const host = isIPv6(address) ? `[${address}]` : address;
    let url: string;
    try {
      url = normaliseBaseUrl(`${this.scheme}://${host}:${this.opts.port}${this.path}`);
    } catch {
      return []; // e.g. a link-local IPv6 address with a zone id, which a URL cannot carry
    }
    return this.isSelf(url) ? [] : [{ instanceName: '', group: this.opts.self.group, url }];
  }

  /** Our own URL; on loopback, 127.0.0.1, ::1 and localhost are the same node. */
  private isSelf(url: string): boolean {
    const self = this.selfUrl;
    if (url === self.href.replace(/\/+$/, '')) return true;
    const other = new URL(url);
    return (
      LOOPBACK_HOSTS.has(self.hostname) &&
      LOOPBACK_HOSTS.has(other.hostname) &&
      other.protocol === self.protocol &&
      other.port === self.port &&
      other.pathname === self.pathname
    );
  }

  private update(found: PeerAnnouncement[]): void {
    const next = new Map(found.map((p) => [p.url, p]));
    const appeared = found.filter((p) => !this.known.has(p.url));
    this.known = next;
    for (const peer of appeared) this.emit(peer);
  }

  private emit(peer: PeerAnnouncement): void {
    for (const listener of this.listeners) {
      try {
        listener({ ...peer });
      } catch (err) {
        this.opts.log?.warn({ discovery: 'dns', err }, 'a peer listener threw; discovery goes on');
      }
    }
  }
}
