import * as path from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { ClusterProperties } from '../config/cluster-properties.js';
import type { DataDirPersister } from '../datadir/persister.js';
import type { ResourceStore } from '../datadir/resources.js';
import type { Logger } from '../logger.js';
import type { NodeAddress, PeerTokens, TransportPorts } from '../transports/ports.js';
import type { PeerHeartbeat, TransportSink } from '../transports/transport.js';
import { Bootstrap, type BootstrapProgress } from './bootstrap.js';
import { Compaction } from './compaction.js';
import { DeadLetters } from './dead-letters.js';
import { ConfigDigest } from './digest.js';
import { ClusterEndpoints } from './endpoints.js';
import { ClusterSecret } from './envelope.js';
import { GroupCommit } from './group-commit.js';
import { ClusterMetrics } from './metrics.js';
import { Journal } from './journal.js';
import { journalPort, PUBLISHED_LSN } from './journal-port.js';
import { Reconfiguration } from './reconfiguration.js';
import { recoverDataDir } from './recovery.js';
import { NonceCache } from './request-token.js';
import { Replicator } from './replicator.js';
import { Resync } from './resync.js';
import { NodeStatus } from './status.js';
import { TombstoneExpiry } from './tombstones.js';
import type { TransportLifecycle } from './transport-lifecycle.js';

export interface ClusterNodeOptions {
  props: ClusterProperties;
  catalog: Catalog;
  /** Writes the data directory; made in manual flush mode: the group commit flushes it after the journal. */
  persister: DataDirPersister;
  resources: ResourceStore;
  /** Made before the catalog, whose guard asks it whether the cluster refuses this node. */
  transport: TransportLifecycle;
  /** The transports' HTTP client for peers' cluster endpoints (resync reads the digest tree and objects). */
  peerClient: PeerClient;
  log: Logger;
  /** Told how a snapshot being taken goes (a bar on the terminal), and undefined when it is over. */
  snapshotProgress?: (progress: BootstrapProgress | undefined) => void;
  /** The configuration digest, when it has followed the catalog since before the load (ConfigDigest.follow). */
  digest?: ConfigDigest;
}

type Self = { instanceName: string; group: string };
export interface PeerClient {
  get(url: string, self: Self, tokens: PeerTokens): Promise<string>;
  download(url: string, self: Self, tokens: PeerTokens, file: string): Promise<void>;
}

/**
 * The cluster side of a node, put together from its parts: the journal and the replicator (the
 * protocol), the group commit, recovery and bootstrap, tombstone expiry, live reconfiguration,
 * status and the cluster's HTTP endpoints, and the transport, which sees the node only through
 * the ports made here.
 */
export class ClusterNode {
  readonly journal: Journal;
  readonly replicator: Replicator;
  readonly digest: ConfigDigest;
  readonly deadLetters: DeadLetters;
  readonly commits: GroupCommit;
  readonly status: NodeStatus;
  readonly endpoints: ClusterEndpoints;
  readonly bootstrap: Bootstrap;
  readonly compaction: Compaction;
  readonly metrics = new ClusterMetrics();
  readonly resync: Resync;
  private readonly tombstones: TombstoneExpiry;
  private readonly reconfiguration: Reconfiguration;
  private secret: ClusterSecret;
  /** Nonces of the request tokens accepted: kept across a rekey, so a token is never accepted twice. */
  private readonly nonces = new NonceCache();
  private address: NodeAddress | undefined;

  constructor(private readonly o: ClusterNodeOptions) {
    const { props, catalog, resources, transport, log } = o;
    const settings = () => props.settings;
    const { configDir, instanceName, group } = props.settings;
    this.secret = this.currentSecret();
    this.journal = new Journal(path.join(configDir, 'journal.sqlite'));
    this.deadLetters = new DeadLetters(path.join(configDir, 'dead-letters'));
    this.digest = o.digest ?? new ConfigDigest();
    const { journal, digest, deadLetters } = this;
    this.replicator = new Replicator({
      instanceName, group, catalog, resources, journal, deadLetters,
      log: log.child({ part: 'replicator' }),
      secret: this.secret,
      requestRepair: (origin, after) => transport.requestRepair(origin, after),
    });
    this.commits = new GroupCommit({ journal, dataDir: o.persister, committed: () => this.committed() });
    this.bootstrap = new Bootstrap({ journal, catalog, resources, digest, commits: this.commits, dataDir: o.persister, configDir, instanceName: () => settings().instanceName, sealing: { seal: (o) => this.replicator.seal(o), unseal: (o) => this.replicator.unseal(o) }, log, installed: (ms) => this.metrics.snapshotInstalled(ms), progress: o.snapshotProgress });
    this.compaction = new Compaction({
      journal,
      limits: () => ({ maxEvents: settings().maxEvents, retentionDays: settings().retentionDays }),
      // with nothing unpublished the transport holds every own event (the embedded one always)
      outboxLsn: () => (transport.unpublished() === 0 ? Number.MAX_SAFE_INTEGER : Number(journal.meta(PUBLISHED_LSN) ?? 0)),
      commit: () => this.commit(),
      log: log.child({ part: 'compaction' }),
    });
    this.tombstones = new TombstoneExpiry({ journal, retentionDays: () => settings().retentionDays, commit: () => this.commit(), log });
    this.status = new NodeStatus({ settings, url: () => this.address?.url, journal, digest, deadLetters, replicator: this.replicator, transport, compaction: this.compaction, bootstrap: this.bootstrap });
    const self = () => ({ instanceName: settings().instanceName, group: settings().group });
    this.resync = new Resync({
      catalog, journal, digest, commits: this.commits, status: this.status, bootstrap: this.bootstrap,
      peerGet: (url) => o.peerClient.get(url, self(), this.secret),
      peerDownload: (url, file) => o.peerClient.download(url, self(), this.secret, file),
      log: log.child({ part: 'resync' }),
      done: (ms, repaired) => this.metrics.resynced(ms, repaired),
    });
    this.endpoints = new ClusterEndpoints(transport, () => this.bootstrap.active);
    this.reconfiguration = new Reconfiguration({ props, transport, rekey: () => this.rekey(), log });
  }

  /**
   * Recovers the data directory, joins the protocol to the catalog, then starts the transport.
   * The digest counts the catalog from here on, unless it has followed it since before the load;
   * `ownChanges` makes the changes this node makes to itself at start, journalled and published
   * like any other.
   */
  async start(address: NodeAddress, ownChanges?: () => void): Promise<void> {
    const { catalog, persister, resources, log } = this.o;
    this.address = address;
    this.bootstrap.resume();
    recoverDataDir({ journal: this.journal, catalog, resources, dataDir: persister, unseal: (obj) => this.replicator.unseal(obj), log });
    this.tombstones.start();
    this.compaction.start();
    if (!this.digest.follows(catalog)) {
      this.digest.reset(catalog);
      this.digest.follow(catalog);
    }
    this.replicator.attach();
    ownChanges?.();
    if (this.journal.pending) this.commits.flushNow();
    this.reconfiguration.start();
    await this.o.transport.start(this.ports(), this.sink());
  }

  /** Prometheus text for the cluster's part of /geoserver/metrics. */
  renderMetrics(): string {
    return this.metrics.render(this.status.status(), this.replicator.byOrigin);
  }

  /** Makes everything accepted so far durable, writes the data directory, tells the transport. */
  commit(): Promise<void> {
    return this.commits.commit();
  }

  async close(): Promise<void> {
    this.tombstones.close();
    this.compaction.close();
    this.reconfiguration.close();
    await this.o.transport.close();
    await this.commits.close();
    this.journal.close();
  }

  /** After each group commit: the transport publishes, and the journal is kept within its size. */
  private committed(): void {
    this.o.transport.notify();
    this.compaction.afterCommit();
  }

  /** What the transport delivers: applied (when this node is a slave) and made durable. */
  private sink(): TransportSink {
    return {
      deliver: (message, via) => {
        if (!this.o.props.settings.toggleSlave) return Promise.resolve();
        this.replicator.receive(message, via);
        return this.commits.commit({ batch: true });
      },
      heartbeat: (peer) => {
        this.status.heard(peer);
        this.catchUpPastHorizon(peer);
      },
    };
  }

  /**
   * A peer compacted events this node has not applied yet (it read behind while the peer
   * compacted): its stream would skip them, so this node takes the peer's snapshot.
   */
  private catchUpPastHorizon(peer: PeerHeartbeat): void {
    if (!peer.url || this.bootstrap.active || !this.o.props.settings.toggleSlave) return;
    const self = this.o.props.settings.instanceName;
    const behind = Object.entries(peer.horizons ?? {}).some(([origin, h]) => origin !== self && this.journal.cursor(origin) < h);
    if (!behind) return;
    const who = { instanceName: self, group: this.o.props.settings.group };
    const url = `${peer.url}/cluster/snapshot`;
    this.bootstrap.onHello(peer, (file) => this.o.peerClient.download(url, who, this.secret, file)).catch((err: Error) => {
      this.o.log.warn({ peer: peer.instanceName, err: err.message }, 'snapshot from a peer past its compaction horizon failed');
    });
  }

  /** The node as its transport sees it. */
  private ports(): TransportPorts {
    if (!this.address) throw new Error('the cluster node has not started: its address is not known yet');
    return {
      journal: journalPort(this.journal, () => this.commit()),
      tokens: this.secret,
      heartbeat: this.status,
      snapshot: this.bootstrap,
      repair: this.resync,
      hello: this.bootstrap,
      settings: () => this.o.props.settings,
      address: this.address,
    };
  }

  /** The secret may have changed: sign, verify and prove to peers with the one of the settings now. */
  private rekey(): TransportPorts {
    this.secret = this.currentSecret();
    this.replicator.useSecret(this.secret);
    return this.ports();
  }

  /** cluster.properties always holds a secret (one is generated on first start), and maybe the previous one. */
  private currentSecret(): ClusterSecret {
    const { secret, previousSecret } = this.o.props.settings;
    return new ClusterSecret(secret, previousSecret ? [previousSecret] : [], this.nonces);
  }
}
