import type { Logger } from '../logger.js';
import { createDiscovery } from './embedded/discovery/create-discovery.js';
import { EmbeddedTransport } from './embedded/embedded-transport.js';
import type { TransportPorts } from './ports.js';
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

/**
 * The transport the node's settings ask for: an empty `brokerURL` means the embedded one (no
 * broker to run), otherwise the URL's scheme picks the broker adapter. A bad URL is refused here,
 * before anything connects.
 */
export function createTransport(ports: TransportPorts, log: Logger): Transport {
  const settings = ports.settings();
  const url = settings.brokerURL.trim();
  if (url === '') {
    const self = { instanceName: settings.instanceName, group: settings.group, url: ports.address.url };
    const discovery = createDiscovery(settings, self, ports.address.port, log.child({ part: 'discovery' }), ports.tokens);
    return new EmbeddedTransport({ ports, discovery, log: log.child({ part: 'embedded' }) });
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
  return new BrokerTransport({ adapter, urls, ports, log: log.child({ part: adapter.schemes[0] }) });
}
