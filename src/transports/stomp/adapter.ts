import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { COMMON_PARAMETERS, loadLibrary, type AdapterParameter, type BrokerAdapter, type BrokerClientOptions } from '../broker/broker-client.js';
import { StompClient, type StompEndpoint, type StompLibrary, type TcpWrapperLibrary } from './stomp-client.js';

const LABEL = 'ActiveMQ (STOMP)';

const PARAMETERS: readonly AdapterParameter[] = [
  ...COMMON_PARAMETERS,
  { name: 'ca', type: 'string', required: false, sensitive: false, description: 'stomp+ssl: PEM file of CA certificates to trust besides the system ones (URL query: stomp+ssl://host:61612?ca=/etc/ssl/broker-ca.pem)' },
];

/**
 * ActiveMQ over STOMP (TCP, or TLS with stomp+ssl) through @stomp/stompjs + @stomp/tcp-wrapper,
 * with the GeoServer JMS cluster module's Virtual Topic names: see StompClient and the contract in
 * ../broker/broker-client.ts. The broker needs a STOMP connector (Debian's ActiveMQ has only
 * OpenWire enabled): <transportConnector name="stomp" uri="stomp://0.0.0.0:61613"/>.
 */
export const stompAdapter: BrokerAdapter = {
  schemes: ['stomp', 'stomp+ssl'],
  label: LABEL,
  parameters: PARAMETERS,
  async create(options) {
    const endpoint = endpointOf(options);
    const [stomp, tcp] = await Promise.all([
      loadLibrary<StompLibrary>('@stomp/stompjs', LABEL),
      loadLibrary<TcpWrapperLibrary>('@stomp/tcp-wrapper', LABEL),
    ]);
    return new StompClient({ stomp, tcp }, options, endpoint);
  },
};

/** Host, port and TLS settings from the broker URL; names ActiveMQ could not route are refused here. */
function endpointOf(o: BrokerClientOptions): StompEndpoint {
  // ActiveMQ's default virtual topic maps VirtualTopic.> to the queues Consumer.*.VirtualTopic.>,
  // where '*' is exactly one name element: a '.' in instanceName would put it out of reach.
  if (/[.*>,\s/]/.test(o.instanceName)) {
    throw new Error(`instanceName '${o.instanceName}' cannot name an ActiveMQ consumer queue (Consumer.<instanceName>.<topicName>): it must not contain '.', '*', '>', ',', '/' or spaces`);
  }
  if (!/^VirtualTopic\.[^.*>]/.test(o.topicName)) {
    o.log.warn({ topicName: o.topicName }, "topicName does not start with 'VirtualTopic.': ActiveMQ's default virtual topics will not copy its messages into the Consumer.<instanceName>.<topicName> queues unless the broker maps that name");
  }
  const scheme = o.url.protocol.replace(/:$/, '').toLowerCase();
  const secure = scheme === 'stomp+ssl';
  const host = o.url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new Error(`broker URL ${scheme}://… has no host`);
  const port = o.url.port ? Number(o.url.port) : secure ? 61612 : 61613;
  if (!secure) return { host, port };
  const caFile = o.url.searchParams.get('ca') || undefined;
  // broker.tls.ca applies when the URL names no CA of its own
  let ca: string[] | undefined = !caFile && o.tls?.ca ? [...tls.rootCertificates, o.tls.ca] : undefined;
  if (caFile) {
    try {
      ca = [...tls.rootCertificates, fs.readFileSync(caFile, 'utf8')];
    } catch (err) {
      throw new Error(`stomp+ssl: cannot read the CA file ca=${caFile}: ${(err as Error).message}`, { cause: err });
    }
  }
  return { host, port, tls: { ca, cert: o.tls?.cert, key: o.tls?.key } };
}
