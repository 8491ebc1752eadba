import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Catalog } from '../catalog/catalog.js';
import { isGwcType, isSecurityType } from '../catalog/kinds.js';
import type { Info, InfoType } from '../catalog/types.js';
import { writeXml } from '../xml/write.js';
import { render, writeBatch, type BulkFile } from './batch-write.js';
import { inside } from './files.js';
import { Layout, rootElement } from './layout.js';
import { HandedHashes, HASH_BYTES, type KnownHashes } from './object-hash.js';

/**
 * Kinds whose whole trace in the data directory is the one file Layout.locate names (all the
 * persister writes when one is added). GeoWebCache and security files gather several objects, the
 * default workspace also writes `workspaces/default.xml`: those stay with the persister.
 */
export function writtenAlone(type: InfoType): boolean {
  return !isGwcType(type) && !isSecurityType(type) && type !== 'defaults' && type !== 'workspace';
}

const BATCH_FILES = 256;
/** Batches handed to the threads and not yet written: bounds the memory of a large install. */
const MAX_IN_FLIGHT = 16;
/** With this many batches waiting for the thread, this one renders the next batch itself rather than wait. */
const RENDER_HERE = 4;

type Reply = { first: number; hashes: Uint8Array } | { error: string };

/**
 * Writes the files of the objects a snapshot added, in bulk: each folder is made once and each
 * file written in place (no temporary file and rename), by another thread (one: two writing at
 * once took twice as long in the sandbox). An object given with its snapshot line is rendered and
 * hashed for the configuration digest (`hashes` once finished) by that thread, or by this one when
 * the other is behind (writing alone keeps it busy), others here. finish() waits for the thread without leaving the current turn of the event loop, so
 * nothing else runs meanwhile. Only for an install that the journal marks unfinished until every
 * file is written: a kill half-way leaves files that the next start reads past and writes again.
 */
export class BulkObjectWriter {
  private readonly layout: Layout;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly workers: Array<{ worker: Worker; replies: MessagePort }> = [];
  private batch: BulkFile[] = [];
  /** Folders made, when the files are written on this thread. */
  private readonly dirs = new Set<string>();
  private written = 0;
  private next = 0;
  /** The objects rendered from their snapshot line, by the index of their file; the hashes of those files. */
  private readonly hashed = new Map<Info, number>();
  private readonly hashBytes = new HandedHashes();

  constructor(
    private readonly root: string,
    private readonly catalog: Catalog,
    threads = 1,
  ) {
    this.layout = new Layout(catalog);
    const script = workerScript();
    for (let i = 0; script && i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      this.workers.push({ worker: new Worker(script, { workerData: { state: this.state, replies: port2 }, transferList: [port2] }), replies: port1 });
    }
  }

  /**
   * Queues the object's file as the catalog holds it now; false if it is no longer there. `line`:
   * the snapshot line that holds the object exactly as the catalog does, for the thread to render.
   */
  write(type: InfoType, key: string, line?: string): boolean {
    const info = this.catalog.get(type, key);
    if (!info) return false;
    const file = inside(this.root, ...this.layout.locate(type, info).file);
    if (line === undefined) this.batch.push([file, writeXml(rootElement(type), info)]);
    else {
      this.hashed.set(info, this.written);
      this.batch.push([file, line, type, key]);
    }
    this.written++;
    if (this.batch.length >= BATCH_FILES) this.dispatch();
    return true;
  }

  get files(): number {
    return this.written;
  }

  /** The digest hashes of the objects rendered from their line, once finished. */
  get hashes(): KnownHashes {
    return this.hashBytes.of(this.hashed);
  }

  /** Waits until the files queued so far are written. */
  drain(): void {
    this.dispatch();
    this.waitBelow(1);
  }

  /** Waits until every file is written; throws what a thread could not write. */
  finish(): void {
    this.drain();
    const failed = Atomics.load(this.state, 1);
    let first: string | undefined;
    for (const { worker, replies } of this.workers) {
      for (let m = receiveMessageOnPort(replies); m; m = receiveMessageOnPort(replies)) {
        const reply = m.message as Reply;
        if ('error' in reply) first ??= reply.error;
        else this.hashBytes.add(reply.first, reply.hashes);
      }
      replies.close();
      void worker.terminate();
    }
    if (failed > 0) throw new Error(`${failed} batches of snapshot files could not be written: ${first ?? 'unknown error'}`);
  }

  private dispatch(): void {
    const files = this.batch;
    this.batch = [];
    if (files.length === 0) return;
    const first = this.written - files.length;
    if (this.workers.length === 0) {
      // without a compiled worker (running from sources): on this thread
      const hashes = new Uint8Array(files.length * HASH_BYTES);
      writeBatch(files, this.dirs, hashes);
      return this.hashBytes.add(first, hashes);
    }
    if (Atomics.load(this.state, 0) >= RENDER_HERE) this.renderHere(first, files);
    this.waitBelow(MAX_IN_FLIGHT);
    Atomics.add(this.state, 0, 1);
    this.workers[this.next++ % this.workers.length].worker.postMessage({ first, files });
  }

  /** Renders the objects of a batch given with their line, in place: the thread only writes it. */
  private renderHere(first: number, files: BulkFile[]): void {
    const hashes = new Uint8Array(files.length * HASH_BYTES);
    for (let i = 0; i < files.length; i++) {
      const job = files[i];
      if (job.length === 4) files[i] = [job[0], render(job, hashes, i * HASH_BYTES)];
    }
    this.hashBytes.add(first, hashes);
  }

  /** Blocks until fewer than `n` batches are in flight. */
  private waitBelow(n: number): void {
    for (let inFlight = Atomics.load(this.state, 0); inFlight >= n; inFlight = Atomics.load(this.state, 0)) {
      Atomics.wait(this.state, 0, inFlight, 1000);
    }
  }
}


/** The compiled worker, beside this file once built. */
function workerScript(): string | undefined {
  const script = fileURLToPath(import.meta.url).replace(/snapshot-install\.(ts|js)$/, 'bulk-write-worker.js');
  return script.endsWith('.js') && fs.existsSync(script) ? script : undefined;
}
