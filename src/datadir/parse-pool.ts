import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InfoType } from '../catalog/kinds.js';
import { FileReader, readAndParse, type ParsedFile } from './parse-file.js';

const CHUNK = 256;

/** A file to read: its path, whether it may be absent, and the type of object it should hold. */
export type FileJob = [path: string, optional: boolean, type: InfoType];

/**
 * Receives parsed files as they come: `first` is the index of results[0] in the input list;
 * `hashes` their digest hashes (HASH_BYTES each) when the parsing threads computed them.
 */
export type ChunkHandler = (first: number, results: ParsedFile[], hashes?: Uint8Array) => void;

/**
 * Reads and parses many files on all cores: worker threads take chunks from a shared queue and
 * the calling thread only decodes their answers (JSON.parse is several times faster than XML
 * parsing) and hands each chunk on at once, so building the catalog overlaps parsing. With one
 * thread, or when the compiled worker is not available, everything is parsed here. Chunks may
 * arrive out of order.
 */
export async function parseEach(files: FileJob[], onChunk: ChunkHandler, threads = defaultThreads()): Promise<void> {
  const script = workerScript();
  const workerCount = script && threads > 1 && files.length > CHUNK * 2 ? threads : 0;
  let next = 0;
  const take = (): { id: number; files: FileJob[] } | undefined => {
    if (next >= files.length) return undefined;
    const id = next;
    next += CHUNK;
    return { id, files: files.slice(id, id + CHUNK) };
  };
  if (workerCount === 0) {
    const reader = new FileReader();
    for (let job = take(); job; job = take()) onChunk(job.id, job.files.map(([file, optional]) => readAndParse(file, optional, reader)));
    return;
  }
  const workers = Array.from({ length: workerCount }, () => new Worker(script!));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            // two chunks in flight per worker: it parses the next while this thread decodes the last
            let inFlight = 0;
            const send = () => {
              const job = take();
              if (job) {
                inFlight++;
                w.postMessage(job);
              } else if (inFlight === 0) {
                resolve();
              }
            };
            w.on('message', (msg: { id: number; json: string; hashes: Uint8Array }) => {
              inFlight--;
              send();
              try {
                onChunk(msg.id, JSON.parse(msg.json) as ParsedFile[], msg.hashes);
              } catch (err) {
                reject(err);
              }
            });
            w.once('error', reject);
            send();
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
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
