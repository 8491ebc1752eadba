import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pino } from 'pino';
import { ClusterSecret, type Envelope } from '../../src/cluster/envelope.js';
import { GroupCommit } from '../../src/cluster/group-commit.js';
import { Journal } from '../../src/cluster/journal.js';
import { journalPort } from '../../src/cluster/journal-port.js';
import { ClusterProperties } from '../../src/config/cluster-properties.js';
import { createTransport } from '../../src/transports/factory.js';
import type { TransportPorts } from '../../src/transports/ports.js';
import type { PeerHeartbeat, Transport, TransportSink } from '../../src/transports/transport.js';
import { tempDir } from './node-process.js';

export const log = pino({ level: process.env.CONTRACT_LOG_LEVEL ?? 'silent' });

export interface MemberOptions {
  instanceName: string;
  /** cluster.properties keys (group, topicName, brokerURL, secret, discovery.peers, ...). */
  env: Record<string, string>;
  /** Port of its HTTP server, where the transport serves peers (chosen beforehand for static peer lists). */
  port: number;
}

/** One delivery through the sink, as the transport handed it over. */
export interface Delivery {
  message: string;
  via: string;
  origin: string;
  seq: number;
}

/**
 * A node reduced to what a transport sees of it, in this process: a real journal, the cluster's
 * own group commit and journal port, real cluster.properties, an HTTP server where the transport
 * serves its peers, and a sink that records every delivery and applies an event when it is the
 * next of its origin (a replicator without a catalog: enough for cursors to move).
 */
export class TransportMember {
  readonly props: ClusterProperties;
  readonly journal: Journal;
  readonly commits: GroupCommit;
  readonly url: string;
  readonly deliveries: Delivery[] = [];
  readonly beats = new Map<string, PeerHeartbeat>();
  readonly hellos: Array<{ peer: PeerHeartbeat; snapshot: string }> = [];
  private current: Transport | undefined;
  private readonly dir: string;
  private readonly server: http.Server;
  /** Made once: its nonce cache must outlive each transport. */
  private readonly tokens: ClusterSecret;

  private constructor(readonly o: MemberOptions) {
    this.dir = tempDir('geocluster-transport-');
    this.props = ClusterProperties.load({ dataDir: this.dir, env: { instanceName: o.instanceName, 'connection.maxwait': '1000', ...o.env } }).props;
    this.journal = new Journal(path.join(this.props.settings.configDir, 'journal.sqlite'));
    this.tokens = new ClusterSecret(this.props.settings.secret);
    this.commits = new GroupCommit({ journal: this.journal, dataDir: { flush: () => undefined }, committed: () => this.current?.notify() });
    this.url = `http://127.0.0.1:${o.port}/geoserver`;
    this.server = http.createServer((req, res) => {
      if (this.current?.serve(req, res)) return;
      req.resume();
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not a path of the transport');
    });
  }

  static async start(o: MemberOptions): Promise<TransportMember> {
    const m = new TransportMember(o);
    await new Promise<void>((resolve, reject) => {
      m.server.once('error', reject);
      m.server.listen(o.port, '127.0.0.1', () => resolve());
    });
    return m;
  }

  get instanceName(): string {
    return this.o.instanceName;
  }

  get transport(): Transport {
    if (!this.current) throw new Error(`${this.instanceName} has no transport`);
    return this.current;
  }

  /** The node as its transport sees it. */
  ports(): TransportPorts {
    const { instanceName } = this;
    const settings = () => this.props.settings;
    return {
      journal: journalPort(this.journal, () => this.commits.commit()),
      tokens: this.tokens,
      heartbeat: { heartbeat: () => ({ instanceName, group: settings().group, url: this.url, cursors: this.journal.cursors(), at: Date.now() }) },
      snapshot: { snapshot: () => [this.snapshotText()] },
      hello: {
        onHello: async (peer, fetchSnapshot) => {
          const file = path.join(os.tmpdir(), `snapshot-${this.instanceName}-${process.pid}-${randomUUID()}.ndjson`);
          await fetchSnapshot(file);
          this.hellos.push({ peer, snapshot: fs.readFileSync(file, 'utf8') });
          fs.rmSync(file, { force: true });
        },
      },
      settings,
      address: { url: this.url, port: this.o.port },
    };
  }

  /** What this member gives a new peer: enough to tell whose it is. */
  snapshotText(): string {
    return JSON.stringify({ from: this.instanceName, cursors: this.journal.cursors() });
  }

  sink(): TransportSink {
    return {
      deliver: (message, via) => {
        const env = JSON.parse(message) as Envelope;
        this.deliveries.push({ message, via, origin: env.origin, seq: env.seq });
        if (env.seq === this.journal.cursor(env.origin) + 1) this.journal.append(env, true);
        return this.commits.commit();
      },
      heartbeat: (peer) => this.beats.set(peer.instanceName, peer),
    };
  }

  /** Makes the transport the settings ask for (or the one `create` makes), without starting it. */
  makeTransport(create: (ports: TransportPorts) => Transport = (ports) => createTransport(ports, log.child({ node: this.instanceName }))): Transport {
    this.current = create(this.ports());
    return this.current;
  }

  async startTransport(): Promise<void> {
    await this.makeTransport().start(this.sink());
  }

  async closeTransport(): Promise<void> {
    const t = this.current;
    this.current = undefined;
    await t?.close();
  }

  /** Journals `n` own events and commits them as the node does (group commit, then notify). */
  async publish(n: number): Promise<void> {
    this.journalOnly(n);
    await this.commits.commit();
  }

  /** Journals and commits `n` own events without telling the transport: nothing is published or streamed. */
  journalOnly(n: number): void {
    for (let i = 0; i < n; i++) this.journal.append(this.change(), true);
    this.journal.commit();
  }

  /** The last seq of `origin` this member has applied. */
  applied(origin: string): number {
    return this.journal.cursor(origin);
  }

  /** Seqs of `origin` delivered other than by repair, in delivery order. */
  liveSeqs(origin: string): number[] {
    return this.deliveries.filter((d) => d.origin === origin && !d.via.endsWith('(repair)')).map((d) => d.seq);
  }

  async stop(): Promise<void> {
    await this.closeTransport();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.journal.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A local change as the replicator journals it; only its identity matters to a transport. */
  private change(): Envelope {
    const seq = this.journal.cursor(this.instanceName) + 1;
    return { v: 1, group: this.props.settings.group, origin: this.instanceName, seq, hlc: [Date.now(), 0], deps: {}, op: 'put', type: 'global', id: `change-${seq}` } as Envelope;
  }
}
