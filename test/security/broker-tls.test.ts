import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokersAvailable, startMosquitto, startNats, type BrokerHandle } from '../helpers/brokers.js';
import { call, startNode, tempDir, until, type NodeProcess } from '../helpers/node-process.js';
import { makeCA, makeCert, type TestCA, type TestCert } from '../helpers/tls-certs.js';

/*
 * Broker TLS (issue 9, point 3): private brokers whose TLS listener has a certificate from a CA
 * the test makes; nodes trust it through broker.tls.ca and replicate over NATS tls:// and
 * MQTT mqtts://. A node that does not trust that CA cannot connect, and says why.
 */

const missing = brokersAvailable(['nats', 'mosquitto']);
if (missing.length > 0) console.warn(`broker TLS tests skipped: ${missing.join('; ')}`);

let ca: TestCA;
let brokerCert: TestCert;
const brokers: BrokerHandle[] = [];
const nodes: NodeProcess[] = [];

beforeAll(() => {
  const dir = tempDir('geocluster-broker-tls-');
  ca = makeCA(dir, 'broker-ca');
  brokerCert = makeCert(dir, ca, 'broker');
});

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  await Promise.all(brokers.map((b) => b.stop()));
});

const cases: Array<[string, () => Promise<BrokerHandle>]> = [
  ['NATS tls://', () => startNats({ tls: brokerCert })],
  ['Mosquitto mqtts://', () => startMosquitto({ tls: brokerCert })],
];

describe.skipIf(missing.length > 0).each(cases)('broker TLS: %s', (label, start) => {
  it('two nodes trusting the test CA replicate; a node that does not trust it cannot connect and says why', async () => {
    const broker = await start();
    brokers.push(broker);
    expect(broker.url).toMatch(/^(tls|mqtts):/);
    const id = label.startsWith('NATS') ? 'nt' : 'mq';
    const env = { brokerURL: broker.url, 'broker.tls.ca': ca.ca, group: `tls${id}`, topicName: `VirtualTopic.tls${id}`, 'connection.maxwait': '500' };
    const a = await startNode({ env: { ...env, instanceName: `${id}a` } });
    const b = await startNode({ env: { ...env, instanceName: `${id}b` } });
    const untrusting = await startNode({ env: { ...env, 'broker.tls.ca': '', instanceName: `${id}x` } });
    nodes.push(a, b, untrusting);
    await until(`${label}: a connected`, async () => (await call(a, 'GET', '/cluster/status.json')).json().cluster.node.transport.connected, 20_000);
    await until(`${label}: b connected`, async () => (await call(b, 'GET', '/cluster/status.json')).json().cluster.node.transport.connected, 20_000);
    expect((await call(a, 'POST', '/workspaces', { body: `<workspace><name>tls${id}</name></workspace>`, type: 'text/xml' })).status).toBe(201);
    await until(`${label}: b to apply a's change over TLS`, async () => (await call(b, 'GET', `/workspaces/tls${id}.json`)).status === 200, 20_000);
    const t = await until(`${label}: the untrusting node to report why`, async () => {
      const s = (await call(untrusting, 'GET', '/cluster/status.json')).json().cluster.node.transport;
      return s.lastError ? s : undefined;
    }, 20_000);
    expect(t.connected).toBe(false);
    expect(JSON.stringify(t.lastError)).toMatch(/certificate|self.signed|verify/i);
    expect((await call(untrusting, 'GET', `/workspaces/tls${id}.json`)).status).toBe(404);
  }, 90_000);
});
