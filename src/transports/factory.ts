import type { ClusterNode } from '../cluster/cluster-node.js';
import { createDiscovery } from '../cluster/discovery/discovery.js';
import type { ClusterSettings } from '../config/cluster-properties.js';
import type { Logger } from '../logger.js';
import { EmbeddedTransport } from './embedded/embedded-transport.js';
import type { Transport } from './transport.js';
import { ADAPTERS, adapterFor } from './adapters.js';
import { BrokerTransport } from './broker/broker-transport.js';
import { mask, parseBrokerUrl, schemeOf } from './broker/failover.js';

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
  const scheme = schemeOf(url);
  if (scheme === 'tcp' || scheme === 'nio' || scheme === 'ssl' || scheme === 'vm' || scheme === 'auto') {
    throw new TransportConfigError(`brokerURL '${mask(url)}' is an ActiveMQ OpenWire URL; geocluster talks to ActiveMQ over STOMP: enable a STOMP connector on the broker (<transportConnector name="stomp" uri="stomp://0.0.0.0:61613"/>) and use stomp://host:61613, or failover:(stomp://a:61613,stomp://b:61613)`);
  }
  const adapter = adapterFor(scheme);
  if (!adapter) {
    const known = ADAPTERS.flatMap((a) => a.schemes).join(', ');
    throw new TransportConfigError(`brokerURL '${mask(url)}': no transport for scheme '${scheme}' (known: ${known}); leave brokerURL empty for the embedded transport`);
  }
  let urls;
  try {
    urls = parseBrokerUrl(url, { maxReconnectDelay: settings.connectionMaxWait });
  } catch (err) {
    throw new TransportConfigError((err as Error).message);
  }
  for (const u of urls.urls) {
    const s = u.protocol.replace(/:$/, '').toLowerCase();
    if (!adapter.schemes.includes(s)) throw new TransportConfigError(`brokerURL: all brokers of a failover list must use the same transport; '${mask(u.href)}' is not ${adapter.label}`);
  }
  return new BrokerTransport({
    adapter,
    urls,
    journal: node.journal,
    secret: node.replicatorSecret,
    log: log.child({ part: adapter.schemes[0] }),
    self: () => ({ instanceName: node.current.instanceName, group: node.current.group, url: node.url, topicName: node.current.topicName, durable: node.current.durable }),
    heartbeat: () => node.heartbeat(),
    snapshot: () => node.snapshot(),
    commit: () => node.commit(),
    onHello: (peer, fetchSnapshot) => node.onPeerHello(peer, fetchSnapshot),
    subscribe: () => node.current.toggleSlave && node.current.connection,
  });
}
