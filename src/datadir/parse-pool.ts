import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readAndParse, type ParsedFile } from './parse-file.js';

const CHUNK = 256;

/**
 * Reads and parses many files on all cores: worker threads take chunks from a shared queue and
 * the calling thread only decodes their answers (JSON.parse is several times faster than XML
 * parsing), so with two cores both stay busy. With one thread, or when the compiled worker is
 * not available, everything is parsed here. Results come back in the order of the input.
 */
export async function parseAll(files: Array<[string, boolean]>, threads = defaultThreads()): Promise<ParsedFile[]> {
  const results: ParsedFile[] = new Array(files.length);
  const script = workerScript();
  const workerCount = script && threads > 1 && files.length > CHUNK * 2 ? threads : 0;
  let next = 0;
  const take = (): { id: number; files: Array<[string, boolean]> } | undefined => {
    if (next >= files.length) return undefined;
    const id = next;
    next += CHUNK;
    return { id, files: files.slice(id, id + CHUNK) };
  };
  const workers = Array.from({ length: workerCount }, () => new Worker(script!));
  try {
    const runWorker = (w: Worker) =>
      new Promise<void>((resolve, reject) => {
        const send = () => {
          const job = take();
          if (job) w.postMessage(job);
          else resolve();
        };
        w.on('message', (msg: { id: number; json: string }) => {
          send();
          const chunk = JSON.parse(msg.json) as ParsedFile[];
          for (let i = 0; i < chunk.length; i++) results[msg.id + i] = chunk[i];
        });
        w.once('error', reject);
        send();
      });
    const runHere = () => {
      for (let job = take(); job; job = take()) {
        for (let i = 0; i < job.files.length; i++) results[job.id + i] = readAndParse(job.files[i][0], job.files[i][1]);
      }
    };
    if (workers.length === 0) runHere();
    else await Promise.all(workers.map(runWorker));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
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
