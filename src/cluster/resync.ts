import { removeCascade } from '../catalog/cascade.js';
import type { Catalog, ChangeContext } from '../catalog/catalog.js';
import { fail } from '../catalog/errors.js';
import type { Info, InfoType } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import type { RepairSource } from '../transports/ports.js';
import type { PeerHeartbeat } from '../transports/transport.js';
import type { Bootstrap } from './bootstrap.js';
import { objectHash, type ConfigDigest, type TreeNode } from './digest.js';
import type { GroupCommit } from './group-commit.js';
import type { Journal, ObjectVersion } from './journal.js';
import { ORDER } from './snapshot.js';
import type { NodeStatus } from './status.js';

export interface ResyncOptions {
  catalog: Catalog;
  journal: Journal;
  digest: ConfigDigest;
  commits: GroupCommit;
  status: NodeStatus;
  bootstrap: Bootstrap;
  /** GET from a peer's cluster endpoints, proving the cluster secret (the transport's client). */
  peerGet: (url: string) => Promise<string>;
  /** Streams a peer's cluster endpoint into a file (for a full snapshot). */
  peerDownload: (url: string, file: string) => Promise<void>;
  log: Logger;
  /** Told of each resync (metrics). */
  done?: (millis: number, repaired: number) => void;
}

export interface ResyncChange {
  type: string;
  key: string;
  name?: string;
  action: 'added' | 'updated' | 'removed';
}

/** What POST /rest/cluster/resync answers. */
export interface ResyncReport {
  peer: string;
  full: boolean;
  bucketsCompared: number;
  bucketsDiffering: string[];
  changed: ResyncChange[];
  objects: number;
  digest: string;
  millis: number;
}

interface Remote {
  type: InfoType;
  key: string;
  object: Info;
  version?: ObjectVersion;
}

/**
 * Repairs a node that diverged (same cursors, another digest) from a chosen peer, or the one
 * furthest ahead: the two digest trees are compared, only the buckets that differ are fetched, and
 * exactly the objects that differ are added, replaced or removed, as replica changes (never
 * published: the peer already has them). Serves the same tree and buckets to peers.
 */
export class Resync implements RepairSource {
  private running = false;

  constructor(private readonly o: ResyncOptions) {}

  digestTree(under?: string[]): Record<string, TreeNode> {
    return this.o.digest.tree(under);
  }

  *objects(buckets: string[]): Generator<string> {
    for (const r of this.inBuckets(new Set(buckets))) yield JSON.stringify({ ...r, version: this.o.journal.version(r.key) }) + '\n';
  }

  async run(opts: { peer?: string; full?: boolean }): Promise<ResyncReport> {
    if (this.running) fail('conflict', 'a resync is already running on this node');
    this.running = true;
    const started = performance.now();
    try {
      const peer = this.choose(opts.peer);
      const report = opts.full ? await this.full(peer) : await this.differences(peer);
      report.millis = Math.round(performance.now() - started);
      this.o.done?.(report.millis, report.changed.length);
      this.o.log.info({ peer: report.peer, full: report.full, changed: report.changed.length, buckets: report.bucketsDiffering.length, ms: report.millis }, 'resync done');
      return report;
    } finally {
      this.running = false;
    }
  }

  /** The named peer, or the one whose cursors are furthest ahead. */
  private choose(name: string | undefined): PeerHeartbeat & { url: string } {
    const peers = this.o.status.status().peers.filter((p): p is typeof p & { url: string } => typeof p.url === 'string');
    if (name) return peers.find((p) => p.instanceName === name) ?? fail('not_found', `no peer named '${name}' is heard from (peers: ${peers.map((p) => p.instanceName).join(', ') || 'none'})`);
    const total = (p: PeerHeartbeat) => Object.values(p.cursors ?? {}).reduce((a, b) => a + b, 0);
    const best = [...peers].sort((a, b) => total(b) - total(a) || (b.objects ?? 0) - (a.objects ?? 0))[0];
    return best ?? fail('not_found', 'no peer is heard from: there is nothing to resync from');
  }

  private async full(peer: PeerHeartbeat & { url: string }): Promise<ResyncReport> {
    await this.o.bootstrap.takeFrom(peer, 'full resync requested', (file) => this.o.peerDownload(`${peer.url}/cluster/snapshot`, file));
    return { peer: peer.instanceName, full: true, bucketsCompared: 0, bucketsDiffering: [], changed: [], objects: this.o.digest.count, digest: this.o.digest.value, millis: 0 };
  }

  /** Walks the two digest trees down where they differ: type and workspace, then leaves, then objects. */
  private async differences(peer: PeerHeartbeat & { url: string }): Promise<ResyncReport> {
    const top = JSON.parse(await this.o.peerGet(`${peer.url}/cluster/digests`)) as Record<string, TreeNode>;
    const nodes = compare(top, this.o.digest.tree());
    let theirs: Record<string, TreeNode> = {};
    for (const part of inParts(nodes.differing)) {
      Object.assign(theirs, JSON.parse(await this.o.peerGet(`${peer.url}/cluster/digests?under=${encodeURIComponent(part.join(','))}`)) as Record<string, TreeNode>);
    }
    const leaves = compare(theirs, nodes.differing.length === 0 ? {} : this.o.digest.tree(nodes.differing));
    theirs = {};
    const changed = leaves.differing.length === 0 ? [] : await this.repair(peer, leaves.differing);
    const { digest } = this.o;
    return { peer: peer.instanceName, full: false, bucketsCompared: nodes.compared + leaves.compared, bucketsDiffering: leaves.differing, changed, objects: digest.count, digest: digest.value, millis: 0 };
  }

  /** Fetches the differing buckets and makes this node's objects in them the peer's. */
  private async repair(peer: PeerHeartbeat & { url: string }, buckets: string[]): Promise<ResyncChange[]> {
    const remote = new Map<string, Remote>();
    for (const part of inParts(buckets)) {
      const text = await this.o.peerGet(`${peer.url}/cluster/objects?buckets=${encodeURIComponent(part.join(','))}`);
      for (const line of text.split('\n')) if (line) {
        const r = JSON.parse(line) as Remote;
        remote.set(`${r.type}\u0000${r.key}`, r);
      }
    }
    const local = new Map<string, Remote>();
    for (const r of this.inBuckets(new Set(buckets))) local.set(`${r.type}\u0000${r.key}`, r);
    const { catalog, journal } = this.o;
    const ctx: ChangeContext = { source: 'replica', meta: { resync: peer.instanceName } };
    const changed: ResyncChange[] = [];
    const rank = (t: string) => ORDER.indexOf(t as InfoType);
    for (const [id, r] of [...local].sort((a, b) => rank(b[1].type) - rank(a[1].type))) {
      if (remote.has(id) || !catalog.get(r.type, r.key)) continue;
      removeCascade(catalog, r.type, r.key, ctx);
      changed.push({ type: r.type, key: r.key, name: nameOf(r.object), action: 'removed' });
    }
    let pending = [...remote.values()].filter((r) => {
      const l = local.get(`${r.type}\u0000${r.key}`);
      return !l || !objectHash(r.type, r.key, r.object).equals(objectHash(l.type, l.key, l.object));
    }).sort((a, b) => rank(a.type) - rank(b.type));
    for (let round = 0; pending.length > 0 && round < 32; round++) {
      const failed = pending.filter((r) => !this.put(r, ctx, local.has(`${r.type}\u0000${r.key}`), changed));
      if (failed.length === pending.length) {
        for (const r of failed) this.o.log.warn({ type: r.type, key: r.key }, 'resync could not put an object');
        break;
      }
      pending = failed;
    }
    for (const r of remote.values()) if (r.version) journal.setVersion(r.key, r.version);
    await this.o.commits.commit();
    return changed;
  }

  private put(r: Remote, ctx: ChangeContext, existed: boolean, changed: ResyncChange[]): boolean {
    try {
      this.o.catalog.put(r.type, r.object, ctx, r.key);
      changed.push({ type: r.type, key: r.key, name: nameOf(r.object), action: existed ? 'updated' : 'added' });
      return true;
    } catch {
      return false;
    }
  }

  private *inBuckets(buckets: Set<string>): Generator<Remote> {
    const types = new Set([...buckets].map((b) => b.slice(0, b.indexOf('/'))));
    const { catalog, digest } = this.o;
    for (const type of ORDER) {
      if (!types.has(type)) continue;
      for (const info of catalog.list(type)) {
        const key = catalog.keyOfObject(type, info);
        const leaf = digest.leafOf(type, key);
        if (leaf !== undefined && buckets.has(leaf)) yield { type, key, object: info };
      }
    }
  }
}

/** The ids of two levels of digest trees, and those whose digests differ. */
function compare(theirs: Record<string, TreeNode>, mine: Record<string, TreeNode>): { compared: number; differing: string[] } {
  const ids = new Set([...Object.keys(theirs), ...Object.keys(mine)]);
  return { compared: ids.size, differing: [...ids].filter((id) => theirs[id]?.digest !== mine[id]?.digest).sort() };
}

/** Ids in groups short enough for a URL's query. */
function inParts(ids: string[], size = 100): string[][] {
  const parts: string[][] = [];
  for (let i = 0; i < ids.length; i += size) parts.push(ids.slice(i, i + size));
  return parts;
}

function nameOf(info: Info): string | undefined {
  // a namespace is named by its prefix
  const name = info.name ?? info.prefix;
  return typeof name === 'string' ? name : undefined;
}
