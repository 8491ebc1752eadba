import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClusterSettings } from '../../src/config/cluster-properties.js';
import { createTransport, TransportConfigError } from '../../src/transports/factory.js';
import type { TransportPorts } from '../../src/transports/ports.js';

const log = pino({ level: 'silent' });

/** The factory refuses a bad brokerURL before it touches the node: only the settings are given. */
function create(brokerURL: string) {
  const settings = { brokerURL, instanceName: 'n1', group: 'g', topicName: 'VirtualTopic.geoserver', durable: true, connectionMaxWait: 5000 } as ClusterSettings;
  const ports = { settings: () => settings, address: { url: 'http://127.0.0.1:9/geoserver', port: 9 } } as TransportPorts;
  return () => createTransport(ports, log);
}

describe('transport factory: brokerURL errors', () => {
  // GeoServer's JMS cluster module talks OpenWire (tcp://host:61616); geocluster talks STOMP to ActiveMQ.
  it.each(['tcp://localhost:61616', 'nio://localhost:61616', 'ssl://broker:61617', 'failover:(tcp://a:61616,tcp://b:61616)?randomize=false', 'failover://(tcp://localhost:61616)'])(
    'an OpenWire URL (%s) gets an error naming the STOMP URL to use',
    (url) => {
      expect(create(url)).toThrow(TransportConfigError);
      expect(create(url)).toThrow(/OpenWire.*STOMP.*stomp:\/\/host:61613/s);
    },
  );

  it('the error does not show a password from the URL', () => {
    expect(create('tcp://admin:s3cret@localhost:61616')).toThrow(/admin:\*\*\*@/);
    expect(create('tcp://admin:s3cret@localhost:61616')).not.toThrow(/s3cret/);
  });

  it('an unknown scheme lists the known ones', () => {
    expect(create('kafka://localhost:9092')).toThrow(/no transport for scheme 'kafka'.*stomp, stomp\+ssl/);
  });

  it('a failover list mixing transports is refused', () => {
    expect(create('failover:(stomp://a:61613,amqp://b:5672)')).toThrow(/same transport/);
  });
});
