import type { Discovery, DiscoveryLog, DiscoverySettings, PeerAnnouncement } from './discovery.js';
import { DnsDiscovery } from './dns.js';
import { MulticastDiscovery, type AnnouncementAuth } from './multicast.js';
import { StaticDiscovery } from './static.js';

/**
 * The discovery the node's settings ask for. DNS peers are assumed to listen on the same port as
 * this node (`listenPort`), as replicas behind a headless service do.
 */
export function createDiscovery(settings: DiscoverySettings, self: PeerAnnouncement, listenPort: number, log: DiscoveryLog, auth: AnnouncementAuth): Discovery {
  switch (settings.discovery) {
    case 'multicast':
      return new MulticastDiscovery({
        group: settings.multicastGroup,
        port: settings.multicastPort,
        interface: settings.multicastInterface,
        self,
        log,
        auth,
      });
    case 'static':
      return new StaticDiscovery({ peers: settings.peers, self });
    case 'dns':
      if (settings.dnsName.trim() === '') throw new Error("discovery=dns needs discovery.dnsName (the name that resolves to the cluster's nodes)");
      return new DnsDiscovery({ name: settings.dnsName.trim(), port: listenPort, self, log });
    default:
      throw new Error(`discovery must be multicast, static or dns, got '${String(settings.discovery)}'`);
  }
}
