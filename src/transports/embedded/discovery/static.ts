import type { Discovery, DiscoveryStatus, PeerAnnouncement } from './discovery.js';

export interface StaticDiscoveryOptions {
  /** Peer base URLs, e.g. http://node2:8080/geoserver (discovery.peers). */
  peers: readonly string[];
  self: PeerAnnouncement;
}

/**
 * A peer base URL in one spelling, so that a list, DNS and a node's own URL compare equal:
 * lower-case scheme and host, default port dropped, no trailing slash.
 * Throws when it is not an http(s) URL.
 */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`'${raw}' is not a URL; expected a peer base URL such as http://node2:8080/geoserver`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`'${raw}' is not an http(s) URL; expected a peer base URL such as http://node2:8080/geoserver`);
  }
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

/** Peers from configuration (discovery.peers). Their instance names are unknown until contacted. */
export class StaticDiscovery implements Discovery {
  private readonly list: readonly PeerAnnouncement[];

  constructor(opts: StaticDiscoveryOptions) {
    const self = normaliseBaseUrl(opts.self.url);
    const urls = new Set<string>();
    for (const raw of opts.peers) {
      let url: string;
      try {
        url = normaliseBaseUrl(raw);
      } catch (err) {
        throw new Error(`discovery.peers: ${(err as Error).message}`);
      }
      if (url !== self) urls.add(url);
    }
    this.list = Object.freeze([...urls].map((url) => Object.freeze({ instanceName: '', group: opts.self.group, url })));
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {}

  peers(): PeerAnnouncement[] {
    return this.list.map((p) => ({ ...p }));
  }

  /** The list never changes, so no peer ever appears after start. */
  onPeer(_listener: (peer: PeerAnnouncement) => void): () => void {
    return () => {};
  }

  status(): DiscoveryStatus {
    return { kind: 'static', working: true, details: { peers: this.list.map((p) => p.url) } };
  }
}
