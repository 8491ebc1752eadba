import type { ClusterProperties, ClusterSettings } from '../config/cluster-properties.js';
import type { Logger } from '../logger.js';
import type { TransportPorts } from '../transports/ports.js';
import type { TransportLifecycle } from './transport-lifecycle.js';

/** Keys a transport is made from: a change of any of them replaces the transport. */
const TRANSPORT_KEYS: readonly string[] = [
  'instanceName', 'group', 'brokerURL', 'secret', 'discovery', 'discovery.peers', 'discovery.multicast.group',
  'discovery.multicast.port', 'discovery.multicast.interface', 'discovery.dns.name', 'connection',
  'secret.previous', 'tls.ca', 'broker.tls.ca', 'broker.tls.cert', 'broker.tls.key',
];

export interface ReconfigurationOptions {
  props: ClusterProperties;
  transport: TransportLifecycle;
  /** Takes up the secret of the settings now (signing, verifying); returns the ports for the next transport. */
  rekey: () => TransportPorts;
  log: Logger;
}

/**
 * Applies a cluster.properties change live (the original module only saved it). Everything else
 * reads the settings when it needs them (roles, readOnly, retention); what a transport was made
 * from needs a new transport, and toggleSlave opens or closes the subscription.
 */
export class Reconfiguration {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: ReconfigurationOptions) {}

  start(): void {
    this.unsubscribe = this.o.props.onChange((next, prev, keys) => this.apply(next, prev, keys));
  }

  close(): void {
    this.unsubscribe?.();
  }

  private apply(next: ClusterSettings, prev: ClusterSettings, keys: string[]): void {
    if (keys.some((k) => TRANSPORT_KEYS.includes(k))) {
      this.o.log.warn({ keys }, 'cluster settings changed: the transport restarts with them');
      void this.o.transport.restart(this.o.rekey);
    } else if (next.toggleSlave !== prev.toggleSlave) {
      this.o.transport.resync();
    }
  }
}
