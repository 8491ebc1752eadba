import { parentPort } from 'node:worker_threads';
import { FileReader, readAndParse } from './parse-file.js';

/**
 * Worker side of the parallel loader: reads and parses the files it is sent and answers with one
 * JSON string per chunk. A string crosses threads as a plain copy, which costs far less than the
 * structured clone of thousands of small objects; the loading thread then only runs JSON.parse.
 */
function serve(): void {
  const reader = new FileReader();
  parentPort?.on('message', (job: { id: number; files: Array<[string, boolean]> }) => {
    const results = job.files.map(([file, optional]) => readAndParse(file, optional, reader));
    parentPort!.postMessage({ id: job.id, json: JSON.stringify(results) });
  });
}

serve();
