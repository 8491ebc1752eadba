import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { writeBatch } from './batch-write.js';

/**
 * Writes batches of files for BulkObjectWriter (snapshot-install.ts): each folder made once, each
 * file written in place. Tells the writer through shared memory (batches in flight, errors), so
 * that the writer can wait for it without giving up its turn of the event loop.
 */
const { state, errors } = workerData as { state: Int32Array; errors: MessagePort };
const dirs = new Set<string>();

parentPort?.on('message', (batch: Array<[string, string]>) => {
  try {
    writeBatch(batch, dirs);
  } catch (err) {
    Atomics.add(state, 1, 1);
    errors.postMessage((err as Error).message);
  } finally {
    Atomics.sub(state, 0, 1);
    Atomics.notify(state, 0);
  }
});
