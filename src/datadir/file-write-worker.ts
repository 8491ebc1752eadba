import { parentPort, workerData } from 'node:worker_threads';
import { applyFileOp, DirCache, type FileOp } from './files.js';

/**
 * Carries out the data directory writes of each group for FileWriter (file-writer.ts), in the
 * order they come, so that the event loop keeps taking requests while the file system works.
 * Counts finished groups in shared memory, so that the writer can wait for them synchronously.
 */
const { done } = workerData as { done: Int32Array };
const dirs = new DirCache();

parentPort?.on('message', (ops: FileOp[]) => {
  let error: string | undefined;
  try {
    for (const op of ops) applyFileOp(op, dirs);
  } catch (err) {
    error = (err as Error).message;
  }
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
  parentPort?.postMessage(error ?? null);
});
