import type { ClusterNode } from '../cluster/cluster-node.js';
import { createDiscovery } from '../cluster/discovery/discovery.js';
import type { ClusterSettings } from '../config/cluster-properties.js';
import type { Logger } from '../logger.js';
import { EmbeddedTransport } from './embedded/embedded-transport.js';
import type { Transport } from './transport.js';

export class TransportConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportConfigError';
  }
}

/** The transport `brokerURL` asks for: empty means the embedded one (no broker to run). */
export function createTransport(node: ClusterNode, settings: ClusterSettings, listenPort: number, log: Logger): Transport {
  const url = settings.brokerURL.trim();
  if (url === '') {
    const self = { instanceName: settings.instanceName, group: settings.group, url: node.url };
    const discovery = createDiscovery(settings, self, listenPort, log.child({ part: 'discovery' }));
    return new EmbeddedTransport({
      journal: node.journal,
      discovery,
      secret: node.replicatorSecret,
      log: log.child({ part: 'embedded' }),
      self: () => ({ instanceName: node.current.instanceName, group: node.current.group, url: node.url }),
      maxWaitMs: settings.connectionMaxWait,
      heartbeat: () => node.heartbeat(),
      snapshot: () => node.snapshot(),
      onHello: (peer, fetchSnapshot) => node.onPeerHello(peer, fetchSnapshot),
      subscribe: () => node.current.toggleSlave && node.current.connection,
    });
  }
  const scheme = url.replace(/^failover:\(?/, '').split(':')[0].toLowerCase();
  if (scheme === 'tcp' || scheme === 'nio' || scheme === 'ssl' || scheme === 'vm') {
    throw new TransportConfigError(`brokerURL '${url}' is an ActiveMQ OpenWire URL; geocluster talks to ActiveMQ over STOMP: enable a STOMP connector on the broker and use stomp://host:61613 (or failover:(stomp://a:61613,stomp://b:61613))`);
  }
  throw new TransportConfigError(`brokerURL '${url}': no transport for scheme '${scheme}' in this version; leave brokerURL empty for the embedded transport`);
}
