import { afterAll, describe, expect, it } from 'vitest';
import { inParallel, nodeStatus, startCluster, stopAll, type ClusterMember } from '../helpers/cluster.js';
import { startActiveMQ, startActiveMQPair, type ActiveMQPair } from '../helpers/brokers.js';
import { until } from '../helpers/node-process.js';
import { brokerEnv, brokerScenarios, inSync, linkedThroughBroker, namesFor, ok, uniqueId, workspaces } from './broker-scenarios.js';

// ActiveMQ 5.17 over STOMP (Virtual Topic `topicName`, queues Consumer.<instanceName>.<topicName>).
brokerScenarios('ActiveMQ (STOMP)', () => startActiveMQ(), (b) => b.url);

/*
 * Broker HA as GeoServer deployments run it (jms-cluster-anatomy §2.2, broker lab §2): an ActiveMQ
 * shared-store master/slave pair behind failover:(stomp://a,stomp://b)?randomize=false. The master
 * is killed -9 during a burst of REST writes; the standby takes the store lock and opens its ports;
 * every node moves to it; every acknowledged change reaches every node.
 */
describe('the cluster through an ActiveMQ failover pair', () => {
  let pair: ActiveMQPair | undefined;
  let nodes: ClusterMember[] = [];
  afterAll(async () => {
    await stopAll(nodes);
    await pair?.stop();
  });

  it('5. SIGKILL of the active broker during a burst: the standby takes over, nothing acknowledged is lost, digests equal', async () => {
    pair = await startActiveMQPair();
    const id = `f${uniqueId()}`;
    nodes = await startCluster(3, { names: namesFor(id), env: brokerEnv(pair.failoverUrl, id) });
    const [a, b, c] = nodes;
    await linkedThroughBroker(nodes, 'stomp');
    const before = await inSync(nodes);
    for (const s of before) expect(s.transport.detail?.url, s.instanceName).toBe(pair.a.stompUrl);

    const TOTAL = 300;
    const acked: string[] = [];
    const tasks = Array.from({ length: TOTAL }, (_, i) => async () => {
      await ok(a, 'POST', '/workspaces', { workspace: { name: `f${i}` } });
      acked.push(`f${i}`);
    });
    const killer = (async () => {
      await until('100 writes before the kill', () => acked.length >= 100, 30_000);
      await pair.a.kill('SIGKILL');
    })();
    await Promise.all([inParallel(tasks, 4), killer]);
    expect(acked.length).toBe(TOTAL);

    await until('the standby to take over', () => pair!.b.listening().then((l) => l || undefined), 30_000);
    // the nodes may be in step before they reach the standby: they follow each other over HTTP meanwhile
    await until('every node connected to the standby', async () => ((await Promise.all(nodes.map(nodeStatus))).every((s) => s.transport.connected && s.transport.detail?.url === pair!.b.stompUrl) ? true : undefined), 45_000);
    const after = await inSync(nodes, 45_000);
    for (const s of after) {
      expect(s.transport.connected, s.instanceName).toBe(true);
      expect(s.transport.detail?.url, s.instanceName).toBe(pair.b.stompUrl);
      expect(s.digest).toBe(after[0].digest);
    }
    const made = after[0].cursors[a.instanceName] - (before[0].cursors[a.instanceName] ?? 0);
    for (const i of [1, 2]) {
      const delta = (k: string) => after[i].counters[k] - before[i].counters[k];
      expect({ applied: delta('applied'), stale: delta('stale'), rejected: delta('rejected') }, nodes[i].instanceName).toEqual({ applied: made, stale: 0, rejected: 0 });
    }
    for (const n of [b, c]) {
      const names = await workspaces(n);
      expect(acked.filter((w) => !names.includes(w)), n.instanceName).toEqual([]);
      expect(names).toEqual(await workspaces(a));
    }
  });
});
