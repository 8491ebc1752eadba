import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileOp } from './files.js';

/**
 * Data directory writes on a thread of their own. Creating a file or a folder is the most
 * expensive system call here (0.3–0.6 ms each in this kind of sandbox, three per workspace
 * created): on the event loop they stopped it from taking requests while the file system worked.
 * Groups are written in the order given; `drain()` waits for all of them, for the callers that
 * must then write synchronously themselves (recovery, snapshot install, shutdown).
 */
export class FileWriter {
  private sent = 0;
  private readonly waiting: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private failure: Error | undefined;

  /** `done`: groups the worker has finished, in memory shared with it. */
  private constructor(
    private readonly worker: Worker,
    private readonly done: Int32Array,
  ) {
    worker.on('message', (error: string | null) => {
      const next = this.waiting.shift();
      if (this.waiting.length === 0) worker.unref();
      if (error === null) next?.resolve();
      else next?.reject(new Error(`could not write the data directory: ${error}`));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => this.fail(new Error('the data directory writer stopped')));
    worker.unref();
  }

  /** A writer, or none when running from sources without a compiled worker (the caller writes itself). */
  static start(script = workerScript()): FileWriter | undefined {
    if (!script) return undefined;
    const done = new Int32Array(new SharedArrayBuffer(4));
    return new FileWriter(new Worker(script, { workerData: { done } }), done);
  }

  /** Usable until its worker has failed or been closed. */
  get usable(): boolean {
    return this.failure === undefined;
  }

  /** Writes one group after every group given before; settles once it is on disk. */
  write(ops: FileOp[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.sent++;
    // a group in flight keeps the process alive, an idle writer does not
    this.worker.ref();
    this.worker.postMessage(ops);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Blocks until every group given so far is written (or the worker is gone). */
  drain(): void {
    for (let finished = Atomics.load(this.done, 0); finished < this.sent && !this.failure; finished = Atomics.load(this.done, 0)) {
      if (Atomics.wait(this.done, 0, finished, 1000) === 'timed-out' && this.worker.threadId === -1) break;
    }
  }

  async close(): Promise<void> {
    this.drain();
    this.failure ??= new Error('the data directory writer is closed');
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }
}

/** The compiled worker, beside this file once built; none when running from TypeScript sources. */
function workerScript(): string | undefined {
  const script = fileURLToPath(import.meta.url).replace(/file-writer\.(ts|js)$/, 'file-write-worker.js');
  return script.endsWith('.js') && fs.existsSync(script) ? script : undefined;
}
