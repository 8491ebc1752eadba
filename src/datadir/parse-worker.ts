import { parentPort } from 'node:worker_threads';
import { ChunkEncoder } from './hand-off.js';
import { unpackFiles } from './parse-file.js';

/**
 * Worker side of the parallel loader: reads and parses the files it is sent and answers with the
 * JSON of each, one after the other in one buffer, and the digest hashes of its objects
 * (ChunkEncoder). The buffers are moved, not copied, and the loading thread only runs JSON.parse
 * on each file's text: far cheaper than the structured clone of thousands of small objects.
 */
function serve(): void {
  const chunks = new ChunkEncoder();
  parentPort?.on('message', (job: { id: number; files: string }) => {
    const answer = chunks.encode(unpackFiles(job.files));
    parentPort!.postMessage({ id: job.id, ...answer }, [answer.bytes.buffer, answer.ends.buffer, answer.hashes.buffer]);
  });
}

serve();
