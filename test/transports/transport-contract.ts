import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterSecret } from '../../src/cluster/envelope.js';
import { REFUSAL_HEADER, TOKEN_HEADER } from '../../src/transports/embedded/journal-server.js';
import { freePort, type BrokerHandle } from '../helpers/brokers.js';
import { until } from '../helpers/node-process.js';
import { TransportMember } from '../helpers/transport-member.js';

/**
 * The Transport contract (src/transports/transport.ts), run against every transport: the embedded
 * one and the broker one over each adapter, each against its real broker. The members are nodes
 * reduced to what a transport sees of them (test/helpers/transport-member.ts): a real journal, the
 * cluster's group commit and ports, an HTTP server where the transport serves its peers. Every test
 * has its own group, topic and instance names.
 *
 * The BrokerClient contract underneath (test/transports/contract.ts) covers what one adapter
 * connection promises; whole nodes through every transport are covered by test/cluster/*.
 */
export interface TransportRun {
  /** Starts the suite's private broker; absent for the embedded transport. */
  startBroker?: () => Promise<BrokerHandle>;
  /** The brokerURL nodes use for that broker. */
  brokerUrl?: (broker: BrokerHandle) => string;
}

const SECRET = 'transport-contract-secret-0123456789';
const WAIT_MS = 30_000;

function bounded<T>(what: string, p: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Whether `seqs` (with repeats from redelivery) first meets each seq in increasing order. */
function inOrder(seqs: number[]): boolean {
  const firsts = seqs.filter((s, i) => seqs.indexOf(s) === i);
  return firsts.every((s, i) => i === 0 || s > firsts[i - 1]);
}

export function transportContract(name: string, run: TransportRun = {}): void {
  describe(`${name}: Transport contract`, () => {
    let broker: BrokerHandle | undefined;
    let members: TransportMember[] = [];

    beforeAll(async () => {
      broker = await run.startBroker?.();
    }, 180_000);

    afterAll(async () => {
      await broker?.stop();
    }, 60_000);

    afterEach(async () => {
      await Promise.allSettled(members.map((m) => bounded('member stop', m.stop())));
      members = [];
    });

    const brokerURL = () => (broker && run.brokerUrl ? run.brokerUrl(broker) : '');

    /** `n` members of one fresh group that know each other (static peers for the embedded transport). */
    async function group(n: number, url = brokerURL()): Promise<TransportMember[]> {
      const id = randomBytes(3).toString('hex');
      const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
      const peers = ports.map((p) => `http://127.0.0.1:${p}/geoserver`);
      const env = { brokerURL: url, secret: SECRET, group: `g${id}`, topicName: `VirtualTopic.tc${id}`, discovery: 'static' };
      const made = await Promise.all(
        ports.map((port, i) => TransportMember.start({ instanceName: `${'abcdef'[i]}${id}`, port, env: { ...env, 'discovery.peers': peers.filter((_, j) => j !== i).join(',') } })),
      );
      members.push(...made);
      return made;
    }

    async function connected(...ms: TransportMember[]): Promise<void> {
      for (const m of ms) await until(`${m.instanceName} to connect`, () => m.transport.status().connected, WAIT_MS);
    }

    /** Waits until seqs 1..n of `from` reached `m` through the transport itself, not by repair. */
    async function arrivedLive(m: TransportMember, from: TransportMember, n: number): Promise<void> {
      await until(`${m.instanceName} to be sent events 1..${n} of ${from.instanceName}`, () => new Set(m.liveSeqs(from.instanceName)).size === n, WAIT_MS);
    }

    async function started(n: number): Promise<TransportMember[]> {
      const ms = await group(n);
      for (const m of ms) await m.startTransport();
      await connected(...ms);
      return ms;
    }

    it('start resolves while nothing answers; status says not connected, and why', async () => {
      const url = brokerURL();
      let dead = '';
      if (url) {
        const u = new URL(url);
        u.port = String(await freePort());
        dead = u.href;
      }
      const [a] = await group(1, dead);
      if (!url) a.props.update({ 'discovery.peers': `http://127.0.0.1:${await freePort()}/geoserver` });
      await bounded('start with nothing to talk to', a.startTransport(), 5_000);
      const s = await until('a reason', () => (a.transport.status().lastError ? a.transport.status() : undefined), WAIT_MS);
      expect(s.connected).toBe(false);
      expect(s.kind).toBe(a.transport.kind);
      expect(a.transport.refusal()).toBeUndefined();
    });

    it('notify publishes own committed events from the journal, in order, to every subscribed peer', async () => {
      const [a, b, c] = await started(3);
      for (let i = 0; i < 3; i++) await a.publish(10);
      for (const m of [b, c]) await arrivedLive(m, a, 30);
      for (const m of [b, c]) expect(m.applied(a.instanceName)).toBe(30);
      for (const m of [b, c]) expect(inOrder(m.liveSeqs(a.instanceName)), `${m.instanceName}: ${m.liveSeqs(a.instanceName).join(',')}`).toBe(true);
      await until('nothing unpublished', () => a.transport.unpublished() === 0, WAIT_MS);
    });

    it('events committed before the transport started go out once it is connected (the outbox)', async () => {
      const [a, b] = await group(2);
      await b.startTransport();
      // b subscribes (to the broker; an embedded b cannot reach a's journal until a's transport serves it)
      await until('b to try', () => b.transport.status().connected || b.transport.status().lastError, WAIT_MS);
      a.journalOnly(15);
      const t = a.makeTransport();
      // the embedded transport has nothing to publish: its peers read its journal
      expect([0, 15]).toContain(t.unpublished());
      await t.start(a.sink());
      await arrivedLive(b, a, 15);
      await until('nothing unpublished', () => a.transport.unpublished() === 0, WAIT_MS);
    });

    it('a subscription outlives a disconnect: what was published meanwhile arrives after it', async () => {
      const [a, b] = await started(2);
      await a.publish(1);
      await until('b to follow a', () => b.applied(a.instanceName) === 1, WAIT_MS);
      await b.closeTransport();
      await a.publish(20);
      await b.startTransport();
      await arrivedLive(b, a, 21);
      expect(b.applied(a.instanceName)).toBe(21);
    });

    it('requestRepair fills a gap from a peer\'s journal; the events arrive through the sink', async () => {
      const [a, b] = await started(2);
      await until('b to hear a', () => b.beats.has(a.instanceName), WAIT_MS);
      a.journalOnly(12); // committed, but neither published nor streamed
      await until("a's heartbeat to show the 12 events", () => (b.beats.get(a.instanceName)?.cursors?.[a.instanceName] ?? 0) >= 12, WAIT_MS);
      b.transport.requestRepair(a.instanceName, b.applied(a.instanceName));
      await until('b to apply the repaired events', () => b.applied(a.instanceName) === 12, WAIT_MS);
      expect(b.deliveries.filter((d) => d.origin === a.instanceName).every((d) => d.via.endsWith('(repair)'))).toBe(true);
    });

    it('serve answers peers on the node\'s port: journal pages and snapshot to holders of the secret only', async () => {
      const [a] = await group(1);
      await a.startTransport();
      await a.publish(3);
      const base = `${a.url}/cluster`;
      const q = `instance=someone&group=${a.props.settings.group}`;
      const secret = new ClusterSecret(SECRET);
      const token = (url: string) => ({ [TOKEN_HEADER]: secret.token('GET', new URL(url)) });
      const anonymous = await fetch(`${base}/journal?origin=${a.instanceName}&after=0&${q}`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).toMatch(/token.*secret/);
      const pageUrl = `${base}/journal?origin=${a.instanceName}&after=1&${q}`;
      const page = await fetch(pageUrl, { headers: token(pageUrl) });
      expect(page.status).toBe(200);
      expect((await page.text()).trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2, 3]);
      const snapshot = await fetch(`${base}/snapshot?${q}`, { headers: token(`${base}/snapshot?${q}`) });
      expect(await snapshot.text()).toBe(a.snapshotText());
      const otherUrl = `${base}/journal?origin=${a.instanceName}&after=0&instance=someone&group=elsewhere`;
      const otherGroup = await fetch(otherUrl, { headers: token(otherUrl) });
      expect(otherGroup.status).toBe(409);
      expect(otherGroup.headers.get(REFUSAL_HEADER)).toBe('group');
      expect((await fetch(`${a.url}/rest/workspaces`)).status, 'other paths are not the transport\'s').toBe(404);
    });

    it("peers hear each other's heartbeats, and a peer's hello offers its snapshot", async () => {
      const [a, b] = await started(2);
      await until('each to hear the other', () => a.beats.has(b.instanceName) && b.beats.has(a.instanceName), WAIT_MS);
      expect(b.beats.get(a.instanceName)?.url).toBe(a.url);
      const hello = await until("a's hello at b", () => b.hellos.find((h) => h.peer.instanceName === a.instanceName), WAIT_MS);
      expect(hello.snapshot).toBe(a.snapshotText());
    });

    it('resync: a node that stops being a slave and becomes one again gets what it missed', async () => {
      const [a, b] = await started(2);
      b.props.update({ toggleSlave: 'false' });
      b.transport.resync();
      await a.publish(10);
      b.props.update({ toggleSlave: 'true' });
      b.transport.resync();
      await arrivedLive(b, a, 10);
    });

    it('close ends the connections in bounded time, also mid-publish; what was not sent goes out after the next start', async () => {
      const [a, b] = await started(2);
      await a.publish(200);
      await bounded('close while publishing', a.closeTransport());
      await a.startTransport();
      await arrivedLive(b, a, 200);
      await until('nothing unpublished', () => a.transport.unpublished() === 0, WAIT_MS);
    });
  });
}
