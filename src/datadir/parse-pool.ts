import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FileReader, packFiles, readAndParse, type ParsedFile } from './parse-file.js';
import type { ScannedFile } from './scan.js';
import { SubtreeTable } from './shared-subtrees.js';
import { answerTexts, type ChunkAnswer } from './hand-off.js';
import { isXObject } from '../xml/tree.js';

/** Stands for a file once its job is sent. */
const SENT: ScannedFile = { path: '', type: 'workspace' };

/** Files a worker is sent at a time. */
export const CHUNK = 256;

/**
 * Receives parsed files as they come: `first` is the index of results[0] in the input list;
 * `hashes` their digest hashes (HASH_BYTES each) when the parsing threads computed them.
 */
export type ChunkHandler = (first: number, results: ParsedFile[], hashes?: Uint8Array) => void;

/** Files to parse, as a scan finds them: the list grows until end(). */
export class FileFeed {
  readonly files: ScannedFile[] = [];
  complete = false;
  private waiting: Array<() => void> = [];

  add(files: ScannedFile[]): void {
    for (const f of files) this.files.push(f);
    this.wake();
  }

  end(): void {
    this.complete = true;
    this.wake();
  }

  /** Settles when files are added or the list ends. */
  more(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
  }
}

/**
 * Reads and parses many files on all cores: worker threads take chunks from a shared queue and
 * the calling thread only decodes their answers (JSON.parse is several times faster than XML
 * parsing) and hands each chunk on at once, so building the catalog overlaps parsing. The queue
 * may still be growing (a scan under way). With one thread, a few files, or when the compiled
 * worker is not available, everything is parsed here once the list is complete. Chunks may arrive
 * out of order.
 */
export async function parseEach(feed: FileFeed, onChunk: ChunkHandler, threads = defaultThreads()): Promise<void> {
  const script = workerScript();
  const files = feed.files;
  const workerCount = script && threads > 1 && (files.length > CHUNK * 2 || !feed.complete) ? threads : 0;
  let next = 0;
  const take = (): { id: number; files: ScannedFile[] } | undefined => {
    if (next >= files.length || (files.length - next < CHUNK && !feed.complete)) return undefined;
    const id = next;
    next += CHUNK;
    const job = { id, files: files.slice(id, id + CHUNK) };
    files.fill(SENT, id, id + CHUNK); // what the workers were sent need not stay in memory
    return job;
  };
  if (workerCount === 0) {
    while (!feed.complete) await feed.more();
    const reader = new FileReader();
    for (let job = take(); job; job = take()) onChunk(job.id, job.files.map((f) => readAndParse(f.path, f.optional === true, reader)));
    return;
  }
  const workers = Array.from({ length: workerCount }, () => new Worker(script!));
  try {
    await Promise.all(workers.map((w) => serveFrom(w, feed, take, onChunk)));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Keeps one worker busy until the list is complete and parsed. */
function serveFrom(w: Worker, feed: FileFeed, take: () => { id: number; files: ScannedFile[] } | undefined, onChunk: ChunkHandler): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // two chunks in flight per worker: it parses the next while this thread decodes the last
    let inFlight = 0;
    const send = () => {
      const job = take();
      if (job) {
        inFlight++;
        w.postMessage({ id: job.id, files: packFiles(job.files) });
      } else if (!feed.complete) {
        void feed.more().then(send);
      } else if (inFlight === 0) {
        resolve();
      }
    };
    // this worker's shared parts: its answers come in the order it sent them
    const parts = new SubtreeTable();
    w.on('message', (msg: ChunkAnswer & { id: number }) => {
      inFlight--;
      send();
      try {
        const results: ParsedFile[] = [];
        for (const text of answerTexts(msg)) {
          const r = JSON.parse(text) as ParsedFile;
          if (r.ok && isXObject(r.value)) parts.resolve(r.value);
          results.push(r);
        }
        onChunk(msg.id, results, msg.hashes);
      } catch (err) {
        reject(err);
      }
    });
    w.once('error', reject);
    send();
    send();
  });
}

function defaultThreads(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}

/** The compiled worker; when running from TypeScript sources, the built copy under dist/. */
function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const candidates = [here.replace(/parse-pool\.(ts|js)$/, 'parse-worker.js')];
  const srcMarker = `${'/src/datadir/'}`;
  if (here.endsWith('.ts') && here.includes(srcMarker)) {
    const i = here.lastIndexOf(srcMarker);
    candidates.push(`${here.slice(0, i)}/dist/src/datadir/parse-worker.js`);
  }
  return candidates.find((c) => c.endsWith('.js') && fs.existsSync(c));
}
