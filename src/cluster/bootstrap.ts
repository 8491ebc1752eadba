import type { Catalog } from '../catalog/catalog.js';
import type { Info } from '../catalog/types.js';
import type { XValue } from '../xml/tree.js';
import type { ResourceStore } from '../datadir/resources.js';
import type { Logger } from '../logger.js';
import type { HelloHook, SnapshotSource } from '../transports/ports.js';
import type { PeerHeartbeat } from '../transports/transport.js';
import type { ConfigDigest } from './digest.js';
import type { GroupCommit } from './group-commit.js';
import type { Journal } from './journal.js';
import { applySnapshot, buildSnapshot } from './snapshot.js';

export interface BootstrapOptions {
  journal: Journal;
  catalog: Catalog;
  resources: ResourceStore;
  digest: ConfigDigest;
  commits: GroupCommit;
  /** This node's instanceName, as the snapshots it gives say where they come from. */
  instanceName: () => string;
  /** Sensitive fields (store passwords, password hashes) travel sealed in snapshots as in envelopes. */
  seal: (obj: Info) => XValue;
  unseal: (obj: XValue) => Info;
  log: Logger;
}

/**
 * Snapshots (DESIGN §3.4), both ways: a node that has never taken part in the cluster takes the
 * whole state of the first peer that has some, then follows it; and every node gives its own
 * durable state to new peers.
 */
export class Bootstrap implements HelloHook, SnapshotSource {
  private bootstrapping: Promise<void> | undefined;

  constructor(private readonly o: BootstrapOptions) {}

  snapshot(): string {
    // only durable state: a change of this turn could still be lost by a crash, and its seq reused
    if (this.o.journal.pending) this.o.commits.flushNow();
    return buildSnapshot(this.o.catalog, this.o.resources, this.o.journal, this.o.instanceName(), this.o.seal);
  }

  /** A new node (empty journal) bootstraps from the first peer that has history or more objects. */
  async onHello(peer: PeerHeartbeat, fetchSnapshot: () => Promise<string>): Promise<void> {
    if (this.bootstrapping) return this.bootstrapping;
    const { journal, digest } = this.o;
    if (journal.eventCount() > 0 || journal.meta('bootstrapped')) return;
    const peerHasHistory = Object.keys(peer.cursors ?? {}).length > 0;
    if (peer.digest === digest.value || !(peerHasHistory || (peer.objects ?? 0) > digest.count)) return;
    this.bootstrapping = this.takeSnapshot(peer, fetchSnapshot).finally(() => (this.bootstrapping = undefined));
    return this.bootstrapping;
  }

  private async takeSnapshot(peer: PeerHeartbeat, fetchSnapshot: () => Promise<string>): Promise<void> {
    const { journal, catalog, resources, log } = this.o;
    log.info({ peer: peer.instanceName }, 'new node: taking a snapshot from a peer');
    const text = await fetchSnapshot();
    applySnapshot(text, catalog, resources, journal, this.o.unseal);
    journal.setMeta('bootstrapped', peer.instanceName);
    await this.o.commits.commit();
    log.info({ peer: peer.instanceName, objects: this.o.digest.count }, 'snapshot applied');
  }
}
