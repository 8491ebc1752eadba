import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mqttAdapter } from '../../src/transports/mqtt/adapter.js';
import { clientIdOf } from '../../src/transports/mqtt/mqtt-client.js';
import { startMosquitto } from '../helpers/brokers.js';
import { transportContract } from './contract.js';

// A private Mosquitto 2.0 with one required user (handle.auth), so the bad-credentials case runs.
transportContract(
  'MQTT (Mosquitto)',
  async () => {
    const broker = await startMosquitto({ auth: true });
    // The adapter PUBACKs a message only once it is acknowledged, and Mosquitto stops sending to a
    // client with max_inflight_messages (default 20) unacknowledged; the contract's ordering case
    // holds 500. Raise it (0 = no limit) and restart on the same port and data.
    fs.appendFileSync(path.join(broker.dataDir, 'mosquitto.conf'), 'max_inflight_messages 0\n');
    await broker.restart();
    return broker;
  },
  mqttAdapter,
  (b) => b.url,
  // Mosquitto persists by snapshot (autosave_interval, here 1 s) and at a clean shutdown, not per
  // message: a SIGKILL loses messages it had already PUBACKed (lab §3.2). The protocol repairs them
  // from peers' journals; the broker's own durability is tested with a clean stop.
  { crashSignal: 'SIGTERM' },
);

describe('MQTT adapter: client ids', () => {
  it('an instance name MQTT 3.1.1 guarantees is the client id as it is', () => {
    expect(clientIdOf('geoserver-node-1', 23)).toBe('geoserver-node-1');
    expect(clientIdOf('a'.repeat(40), 0)).toBe('a'.repeat(40));
  });

  it('a longer or odd name gets a readable prefix and a hash of the whole name, within the limit', () => {
    const long = 'geoserver-production-node-west-1';
    const id = clientIdOf(long, 23);
    expect(id.length).toBeLessThanOrEqual(23);
    expect(id).toMatch(/^geoserver-prod-[0-9a-f]{8}$/);
    expect(clientIdOf(long, 23)).toBe(id);
    expect(clientIdOf('geoserver-production-node-west-2', 23)).not.toBe(id);
    expect(clientIdOf('node 1/a', 23)).toMatch(/^node_1_a-[0-9a-f]{8}$/);
  });
});
