import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { fail } from '../catalog/errors.js';
import type { ResourceStore } from '../datadir/resources.js';
import { BulkObjectWriter, writtenAlone } from '../datadir/snapshot-install.js';
import type { Logger } from '../logger.js';
import type { HelloHook, SnapshotSource } from '../transports/ports.js';
import type { PeerHeartbeat } from '../transports/transport.js';
import type { ConfigDigest } from './digest.js';
import type { GroupCommit } from './group-commit.js';
import type { Journal } from './journal.js';
import type { InfoType } from '../catalog/types.js';
import { installSnapshot, snapshotLines, type Sealing } from './snapshot.js';

/** Set in the journal in the transaction that installs a snapshot; cleared once the data directory is written. */
const INSTALLING = 'snapshot_installing';
/** How many snapshots this journal has had installed (change-feed.ts). */
export const SNAPSHOT_INSTALLS = 'snapshot_installs';

export interface BootstrapOptions {
  journal: Journal;
  catalog: Catalog;
  resources: ResourceStore;
  digest: ConfigDigest;
  commits: GroupCommit;
  /** The data directory's persister: when it writes nothing (`readOnly=enabled`), neither does an install. */
  dataDir: { readonly enabled: boolean; readonly pendingCount: number; flush(): void };
  /** The cluster folder: snapshots are downloaded there before they are installed. */
  configDir: string;
  /** This node's instanceName, as the snapshots it gives say where they come from. */
  instanceName: () => string;
  log: Logger;
  /** Seals sensitive fields in the snapshots given and opens them in those taken (as envelopes do). */
  sealing: Sealing;
  /** Told when a snapshot was installed (metrics). */
  installed?: (millis: number, objects: number) => void;
  /** Told how a snapshot goes as it goes (a bar on a terminal), and undefined once it is over. */
  progress?: (progress: BootstrapProgress | undefined) => void;
}

/** What status shows while a snapshot is being taken. */
export interface BootstrapProgress {
  peer: string;
  phase: 'download' | 'install' | 'write';
  bytes: number;
  /** Objects installed, then files written. */
  objects: number;
  /** Objects in the snapshot, once it is downloaded. */
  total?: number;
  startedAt: string;
}

/**
 * Snapshots (DESIGN §3.4), both ways: a node that has never taken part in the cluster, or whose
 * cursors fell behind a peer's compaction horizon, takes the whole state of that peer, then
 * follows it; and every node gives its own durable state to its peers, streamed. A snapshot is
 * downloaded to a file, checked whole, then installed in one journal transaction; a kill at any
 * point leaves the old state or an install that the next start finishes.
 */
export class Bootstrap implements HelloHook, SnapshotSource {
  private bootstrapping: Promise<void> | undefined;
  private current: BootstrapProgress | undefined;
  private ticks = 0;

  constructor(private readonly o: BootstrapOptions) {}

  get progress(): BootstrapProgress | undefined {
    return this.current;
  }

  get active(): boolean {
    return this.bootstrapping !== undefined;
  }

  snapshot(): Iterable<string> {
    // only durable state: a change of this turn could still be lost by a crash, and its seq reused
    if (this.o.journal.pending) this.o.commits.flushNow();
    return snapshotLines(this.o.catalog, this.o.resources, this.o.journal, this.o.instanceName(), this.o.sealing);
  }

  /** At start: finishes an install that a crash interrupted after its journal commit, and drops half downloads. */
  resume(): void {
    const { journal, log } = this.o;
    const file = journal.meta(INSTALLING);
    if (file && fs.existsSync(file)) {
      log.warn({ file }, 'a snapshot install was interrupted: installing it again');
      this.install(file, journal.meta('bootstrapped') ?? 'peer');
    }
    // a download, or a download not yet installed when the node stopped: the next hello fetches anew
    fs.rmSync(this.file('incoming'), { force: true });
    fs.rmSync(this.file('ready'), { force: true });
  }

  async onHello(peer: PeerHeartbeat, fetchSnapshot: (file: string) => Promise<void>): Promise<void> {
    if (this.bootstrapping) return this.bootstrapping;
    const reason = this.reason(peer);
    if (!reason) return;
    this.bootstrapping = this.takeSnapshot(peer, reason, fetchSnapshot).finally(() => this.over());
    return this.bootstrapping;
  }

  /** Takes a peer's snapshot now, whatever the journal holds (a full resync asked for by an operator). */
  takeFrom(peer: PeerHeartbeat, reason: string, fetchSnapshot: (file: string) => Promise<void>): Promise<void> {
    if (this.bootstrapping) fail('conflict', 'this node is already taking a snapshot');
    this.bootstrapping = this.takeSnapshot(peer, reason, fetchSnapshot).finally(() => this.over());
    return this.bootstrapping;
  }

  private over(): void {
    this.bootstrapping = undefined;
    this.current = undefined;
    this.o.progress?.(undefined);
  }

  /** Tells the progress listener where the snapshot has got to. */
  private tell(change: Partial<BootstrapProgress>): void {
    if (!this.current) return;
    Object.assign(this.current, change);
    this.o.progress?.({ ...this.current });
  }

  /** Why this node should take the peer's snapshot, if it should. */
  private reason(peer: PeerHeartbeat): string | undefined {
    const { journal, digest } = this.o;
    const self = this.o.instanceName();
    for (const [origin, horizon] of Object.entries(peer.horizons ?? {})) {
      if (origin !== self && journal.cursor(origin) < horizon) return `behind the peer's compaction horizon for ${origin} (${journal.cursor(origin)} < ${horizon})`;
    }
    if (journal.eventCount() > 0 || journal.meta('bootstrapped')) return undefined;
    const peerHasHistory = Object.keys(peer.cursors ?? {}).length > 0;
    if (peer.digest === digest.value || !(peerHasHistory || (peer.objects ?? 0) > digest.count)) return undefined;
    return 'new node';
  }

  private async takeSnapshot(peer: PeerHeartbeat, reason: string, fetchSnapshot: (file: string) => Promise<void>): Promise<void> {
    const { log } = this.o;
    const incoming = this.file('incoming');
    const ready = this.file('ready');
    this.current = { peer: peer.instanceName, phase: 'download', bytes: 0, objects: 0, startedAt: new Date().toISOString() };
    log.info({ peer: peer.instanceName, reason }, 'taking a snapshot from a peer');
    const started = performance.now();
    const ticker = setInterval(() => this.downloadProgress(incoming), 1000);
    try {
      await fetchSnapshot(incoming);
    } finally {
      clearInterval(ticker);
    }
    fs.renameSync(incoming, ready);
    this.install(ready, peer.instanceName);
    const millis = Math.round(performance.now() - started);
    this.o.installed?.(millis, this.o.digest.count);
    log.info({ peer: peer.instanceName, objects: this.o.digest.count, ms: millis }, 'snapshot applied');
  }

  private downloadProgress(file: string): void {
    if (!this.current) return;
    try {
      this.tell({ bytes: fs.statSync(file).size });
    } catch {
      return;
    }
    if (++this.ticks % 5 === 0) this.o.log.info({ peer: this.current.peer, bytes: this.current.bytes }, 'downloading a snapshot');
  }

  /**
   * The install is marked unfinished, durably, before the first file of the snapshot is written;
   * then one journal transaction installs the objects while another thread writes the files of
   * those new to this node, and what the persister queued (removals, style files) is written once
   * it commits. The mark is cleared and the file goes only once all are written: a kill before
   * that leaves an install that the next start finishes.
   */
  private install(file: string, from: string): void {
    const { journal, catalog, resources, log } = this.o;
    journal.setMeta(INSTALLING, file);
    this.o.commits.flushNow();
    this.tell({ phase: 'install', objects: 0 });
    const writer = this.o.dataDir.enabled ? new BulkObjectWriter(resources.absolute(''), catalog) : undefined;
    // the writer's thread hashes the objects it renders: the digest counts them all once it is done
    this.o.digest.pause();
    try {
      const header = installSnapshot(file, catalog, resources, journal, {
        progress: (objects, total) => {
          this.tell({ objects, total });
          log.info({ objects, total, files: writer?.files }, 'installing a snapshot');
        },
        sealing: this.o.sealing,
        bulk: writer ? writtenAlone : undefined,
        added: (type, key, line) => writer && this.writeAdded(writer, type, key, line),
      });
      journal.setMeta('bootstrapped', header.from || from);
      // the state was replaced without events: followers of the journal (the bridge) start over
      journal.setMeta(SNAPSHOT_INSTALLS, String(Number(journal.meta(SNAPSHOT_INSTALLS) ?? 0) + 1));
      this.o.commits.flushNow();
      this.tell({ phase: 'write', objects: writer?.files ?? 0 });
    } finally {
      // waits for the thread and ends it, whatever happened; then the digest counts what is there
      try {
        writer?.finish();
      } finally {
        this.o.digest.reset(catalog, writer?.hashes);
      }
    }
    journal.setMeta(INSTALLING, '');
    this.o.commits.flushNow();
    fs.rmSync(file, { force: true });
  }

  /**
   * The steps the persister queued for objects this node had (removals, moved folders) reach the
   * disk before a file of the snapshot that may lie where they act, as they would one after the
   * other. The install is marked unfinished already, so the data directory may run ahead of the
   * journal; and the install holds the event loop, so the steps flushed are its own.
   */
  private writeAdded(writer: BulkObjectWriter, type: InfoType, key: string, line: string | undefined): void {
    if (this.o.dataDir.pendingCount > 0) {
      writer.drain();
      this.o.dataDir.flush();
    }
    writer.write(type, key, line);
  }

  private file(what: 'incoming' | 'ready'): string {
    return path.join(this.o.configDir, `snapshot.${what}.ndjson`);
  }
}
