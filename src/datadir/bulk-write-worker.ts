import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { writeBatch, type BulkFile } from './batch-write.js';
import { HASH_BYTES } from './object-hash.js';

/**
 * Writes batches of files for BulkObjectWriter (snapshot-install.ts): each folder made once, each
 * file written in place, the objects of snapshot lines rendered and hashed here. Counts batches in
 * flight in shared memory, so that the writer can wait for it without giving up its turn of the
 * event loop; sends the hashes and errors on `replies`, which the writer reads once all is written.
 */
const { state, replies } = workerData as { state: Int32Array; replies: MessagePort };
const dirs = new Set<string>();

parentPort?.on('message', ({ first, files }: { first: number; files: BulkFile[] }) => {
  const hashes = new Uint8Array(files.length * HASH_BYTES);
  try {
    writeBatch(files, dirs, hashes);
    // a batch the writer rendered itself has its hashes there already
    if (files.some((f) => f.length === 4)) replies.postMessage({ first, hashes }, [hashes.buffer]);
  } catch (err) {
    Atomics.add(state, 1, 1);
    replies.postMessage({ error: (err as Error).message });
  } finally {
    Atomics.sub(state, 0, 1);
    Atomics.notify(state, 0);
  }
});
