import { parentPort } from 'node:worker_threads';
import { readAndParse } from './parse-file.js';

/** Worker side of the parallel loader: reads and parses the files it is sent, in order. */
parentPort?.on('message', (job: { id: number; files: Array<[string, boolean]> }) => {
  const results = job.files.map(([file, optional]) => readAndParse(file, optional));
  parentPort!.postMessage({ id: job.id, results });
});
