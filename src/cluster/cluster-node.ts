import type * as http from 'node:http';
import * as path from 'node:path';
import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import { CatalogError } from '../catalog/errors.js';
import type { ClusterProperties, ClusterSettings } from '../config/cluster-properties.js';
import type { DataDirPersister } from '../datadir/persister.js';
import type { ResourceStore } from '../datadir/resources.js';
import type { Logger } from '../logger.js';
import type { PeerHeartbeat, Transport } from '../transports/transport.js';
import { DeadLetters } from './dead-letters.js';
import { ConfigDigest } from './digest.js';
import { ClusterSecret, type Envelope } from './envelope.js';
import { removeCascade } from '../catalog/cascade.js';
import type { InfoType } from '../catalog/types.js';
import { Journal } from './journal.js';
import { Replicator } from './replicator.js';
import { applySnapshot, buildSnapshot } from './snapshot.js';
import { clusterStatus, type ClusterStatus } from './status.js';

export interface ClusterNodeOptions {
  props: ClusterProperties;
  catalog: Catalog;
  persister: DataDirPersister;
  resources: ResourceStore;
  log: Logger;
  /** This node's base URL as peers reach it, e.g. http://127.0.0.1:8080/geoserver */
  url: string;
  /** Builds the transport the settings ask for (embedded or a broker adapter). */
  createTransport: (node: ClusterNode, settings: ClusterSettings) => Transport;
}

/**
 * The cluster side of a node: journal, replicator, transport and the roles of cluster.properties,
 * applied live. Changes are made durable in groups: every change accepted in one turn of the event
 * loop shares one journal commit, after which the data directory is written and the transport
 * told; a REST request is answered only after that.
 */
export class ClusterNode {
  readonly journal: Journal;
  readonly replicator: Replicator;
  readonly digest = new ConfigDigest();
  readonly deadLetters: DeadLetters;
  transport!: Transport;
  private settings: ClusterSettings;
  private secret: ClusterSecret | undefined;
  private scheduled: Promise<void> | undefined;
  private readonly peerBeats = new Map<string, PeerHeartbeat & { seenAt: number }>();
  private checkpoint = 0;
  private bootstrapping: Promise<void> | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: ClusterNodeOptions) {
    this.settings = o.props.settings;
    this.secret = this.settings.secret ? new ClusterSecret(this.settings.secret) : undefined;
    this.journal = new Journal(path.join(this.settings.configDir, 'journal.sqlite'));
    this.deadLetters = new DeadLetters(path.join(this.settings.configDir, 'dead-letters'));
    this.replicator = new Replicator({
      instanceName: this.settings.instanceName,
      group: this.settings.group,
      catalog: o.catalog,
      resources: o.resources,
      journal: this.journal,
      digest: this.digest,
      deadLetters: this.deadLetters,
      log: o.log.child({ part: 'replicator' }),
      secret: this.secret,
      requestRepair: (origin, after) => (this.transport as Transport & { requestRepair?: (o: string, a: number) => void }).requestRepair?.(origin, after),
    });
  }

  get instanceName(): string {
    return this.settings.instanceName;
  }

  get url(): string {
    return this.o.url;
  }

  get current(): ClusterSettings {
    return this.settings;
  }

  get replicatorSecret(): ClusterSecret | undefined {
    return this.secret;
  }

  get props(): ClusterProperties {
    return this.o.props;
  }

  async start(): Promise<void> {
    const { catalog, persister, resources, log } = this.o;
    persister.manualFlush = true;
    persister.enabled = !this.settings.readOnly;
    this.recover();
    this.expireTombstones();
    this.retentionTimer = setInterval(() => this.expireTombstones(), 3_600_000);
    this.retentionTimer.unref();
    this.digest.reset(catalog);
    this.replicator.attach();
    const guard = (ctx: ChangeContext) => {
      if (ctx.source !== 'local') return;
      if (!this.settings.toggleMaster) {
        throw new CatalogError('read_only', `This node (${this.settings.instanceName}) is a pure slave (toggleMaster=false): it does not accept configuration changes. Make the change on a master node.`);
      }
      // a change journaled under another node's name would be taken for that node's own
      const refused = this.transport?.refusal?.();
      if (refused) throw new CatalogError('read_only', `This node does not accept configuration changes: the cluster refused it (${refused}). Give it its own instanceName and restart it.`);
    };
    catalog.localGuard = guard;
    resources.localGuard = guard;
    this.o.props.onChange((next, prev, keys) => this.reconfigure(next, prev, keys));
    if (!this.secret) log.warn({}, 'no cluster secret is set: envelopes are not signed and store passwords travel in clear; set `secret` in cluster.properties');
    await this.startTransport();
  }

  /** Makes everything accepted so far durable, writes the data directory, tells the transport. */
  commit(): Promise<void> {
    this.scheduled ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.scheduled = undefined;
        try {
          this.flushNow();
          resolve();
        } catch (err) {
          reject(err);
        }
      });
    });
    return this.scheduled;
  }

  private flushNow(): void {
    if (this.journal.pending && this.checkpoint > 0) this.journal.setMeta('datadir_lsn', String(this.checkpoint));
    this.journal.commit();
    this.o.persister.flush();
    this.checkpoint = this.journal.lastLsn();
    void this.transport?.publish([]);
  }

  /**
   * After a crash between the journal commit and the data directory write, the journal is ahead:
   * re-apply the events after the last checkpoint (idempotent: whole-object states).
   */
  private recover(): void {
    const from = Number(this.journal.meta('datadir_lsn') ?? 0);
    const rows = this.journal.eventsSince(from, Number.MAX_SAFE_INTEGER);
    if (rows.length === 0) return;
    let replayed = 0;
    for (const row of rows) {
      if (this.reapply(row.text)) replayed++;
    }
    this.o.persister.flush();
    this.o.log.info({ from, events: rows.length, replayed }, 'journal replayed onto the data directory after restart');
  }

  private reapply(text: string): boolean {
    const env = JSON.parse(text) as Envelope;
    const ctx: ChangeContext = { source: 'replica', meta: { recovery: true } };
    const version = this.journal.version(env.type === 'resource' ? `resource:${env.id}` : env.id);
    // only the event that made the object's current version is replayed: never an older state
    if (!version || version.stamp.l !== env.hlc[0] || version.stamp.c !== env.hlc[1] || version.stamp.o !== env.origin) return false;
    try {
      if (env.type === 'resource') {
        if (env.op === 'delete') this.o.resources.delete(env.id, ctx);
        else this.o.resources.put(env.id, Buffer.from(env.files![0].data, 'base64'), ctx);
        return true;
      }
      const type = env.type as InfoType;
      if (version.deleted) {
        if (this.o.catalog.get(type, env.id)) removeCascade(this.o.catalog, type, env.id, ctx);
      } else {
        this.o.catalog.put(type, this.replicator.unseal(env.object!), ctx, env.id);
      }
      return true;
    } catch (err) {
      this.o.log.warn({ id: env.id, err: (err as Error).message }, 'could not replay a journal event');
      return false;
    }
  }

  private expireTombstones(): void {
    const n = this.journal.expireTombstones(Date.now() - this.settings.retentionDays * 86_400_000);
    if (n > 0) {
      this.o.log.info({ tombstones: n, retentionDays: this.settings.retentionDays }, 'expired old tombstones');
      void this.commit();
    }
  }

  /** Applies a cluster.properties change live (the original module only saved it). */
  private reconfigure(next: ClusterSettings, prev: ClusterSettings, keys: string[]): void {
    this.settings = next;
    this.o.persister.enabled = !next.readOnly;
    const restart = ['instanceName', 'group', 'brokerURL', 'secret', 'discovery', 'discovery.peers', 'discovery.multicast.group', 'discovery.multicast.port', 'discovery.multicast.interface', 'discovery.dns.name', 'connection'];
    if (keys.some((k) => restart.includes(k))) {
      this.o.log.warn({ keys }, 'cluster settings changed: the transport restarts with them');
      void this.restartTransport();
    } else if (next.toggleSlave !== prev.toggleSlave) {
      (this.transport as Transport & { resync?: () => void }).resync?.();
    }
  }

  /** Creates the transport the settings ask for and feeds what it delivers to the replicator. */
  private async startTransport(): Promise<void> {
    this.transport = this.o.createTransport(this, this.settings);
    await this.transport.start({
      deliver: (message, via) => {
        if (!this.settings.toggleSlave) return;
        this.replicator.receive(message, via);
        void this.commit();
      },
      heartbeat: (peer) => this.peerBeats.set(peer.instanceName, { ...peer, seenAt: Date.now() }),
    });
  }

  private async restartTransport(): Promise<void> {
    const old = this.transport;
    await old?.close();
    this.secret = this.settings.secret ? new ClusterSecret(this.settings.secret) : undefined;
    this.replicator.useSecret(this.secret);
    await this.startTransport();
  }

  /** This node's heartbeat: what peers show about it. */
  heartbeat(): PeerHeartbeat {
    return {
      instanceName: this.settings.instanceName,
      group: this.settings.group,
      url: this.o.url,
      roles: { master: this.settings.toggleMaster, slave: this.settings.toggleSlave },
      cursors: this.journal.cursors(),
      digest: this.digest.value,
      objects: this.digest.count,
      unpublished: (this.transport as (Transport & { unpublished?: number }) | undefined)?.unpublished ?? 0,
      deadLetters: this.deadLetters.total,
      lastError: this.replicator.lastError,
      at: Date.now(),
    };
  }

  snapshot(): string {
    // only durable state: a change of this turn could still be lost by a crash, and its seq reused
    if (this.journal.pending) this.flushNow();
    return buildSnapshot(this.o.catalog, this.o.resources, this.journal, this.settings.instanceName);
  }

  /**
   * A node that has never taken part in the cluster (empty journal) bootstraps from the first
   * peer that has history or more objects: it takes that peer's whole state, then follows it.
   */
  async onPeerHello(peer: PeerHeartbeat, fetchSnapshot: () => Promise<string>): Promise<void> {
    if (this.bootstrapping) return this.bootstrapping;
    if (this.journal.eventCount() > 0 || this.journal.meta('bootstrapped')) return;
    const peerHasHistory = Object.keys(peer.cursors ?? {}).length > 0;
    if (peer.digest === this.digest.value || !(peerHasHistory || (peer.objects ?? 0) > this.digest.count)) return;
    this.bootstrapping = (async () => {
      this.o.log.info({ peer: peer.instanceName }, 'new node: taking a snapshot from a peer');
      const text = await fetchSnapshot();
      applySnapshot(text, this.o.catalog, this.o.resources, this.journal);
      this.journal.setMeta('bootstrapped', peer.instanceName);
      await this.commit();
      this.o.log.info({ peer: peer.instanceName, objects: this.digest.count }, 'snapshot applied');
    })().finally(() => (this.bootstrapping = undefined));
    return this.bootstrapping;
  }

  status(): ClusterStatus {
    return clusterStatus(this, [...this.peerBeats.values()]);
  }

  /** Serves the journal endpoints and readiness; false when the path is not ours. */
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const url = req.url ?? '';
    if (url === '/geoserver/cluster/ready' || url.startsWith('/geoserver/cluster/ready?')) {
      const t = this.transport?.status();
      const ready = Boolean(t?.connected);
      res.writeHead(ready ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ready, transport: t?.kind, reason: ready ? undefined : (t?.lastError ?? 'transport not connected') }));
      return true;
    }
    const server = (this.transport as Transport & { server?: { handle(req: http.IncomingMessage, res: http.ServerResponse): boolean } }).server;
    return server ? server.handle(req, res) : false;
  }

  async close(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.transport?.close();
    await this.commit();
    if (this.checkpoint > 0) this.journal.setMeta('datadir_lsn', String(this.checkpoint));
    this.journal.close();
  }
}
