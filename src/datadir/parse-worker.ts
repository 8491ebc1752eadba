import { parentPort } from 'node:worker_threads';
import { ChunkEncoder } from './hand-off.js';
import { unpackFiles } from './parse-file.js';

/**
 * Worker side of the parallel loader: reads and parses the files it is sent and answers with one
 * JSON string per chunk, and the digest hashes of its objects (ChunkEncoder). A string crosses
 * threads as a plain copy, which costs far less than the structured clone of thousands of small
 * objects; the loading thread then only runs JSON.parse.
 */
function serve(): void {
  const chunks = new ChunkEncoder();
  parentPort?.on('message', (job: { id: number; files: string }) => {
    const { json, hashes } = chunks.encode(unpackFiles(job.files));
    parentPort!.postMessage({ id: job.id, json, hashes }, [hashes.buffer]);
  });
}

serve();
