import { parentPort } from 'node:worker_threads';
import { encodeParsed, FileReader, readAndParse, unpackFiles } from './parse-file.js';
import { HASH_BYTES } from './object-hash.js';
import { SubtreeEncoder } from './shared-subtrees.js';

/**
 * Worker side of the parallel loader: reads and parses the files it is sent and answers with one
 * JSON string per chunk, and the digest hashes of its objects (encodeParsed). A string crosses threads
 * as a plain copy, which costs far less than the structured clone of thousands of small objects;
 * the loading thread then only runs JSON.parse.
 */
function serve(): void {
  const reader = new FileReader();
  const parts = new SubtreeEncoder();
  parentPort?.on('message', (job: { id: number; files: string }) => {
    const files = unpackFiles(job.files);
    const hashes = new Uint8Array(files.length * HASH_BYTES);
    const results = files.map((f, i) => encodeParsed(f.type, readAndParse(f.path, f.optional === true, reader), hashes, i, parts));
    parentPort!.postMessage({ id: job.id, json: `[${results.join(',')}]`, hashes }, [hashes.buffer]);
  });
}

serve();
