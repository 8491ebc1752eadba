import type { RestClient } from './client.js';
import { Progress, SnapshotBar, type SnapshotProgress } from './progress.js';

interface Report {
  resync: { peer: string; full: boolean; bucketsCompared: number; bucketsDiffering: string[]; changed: Array<{ type: string; key: string; name?: string; action: string }>; millis: number };
}

/** `geocluster resync`: repairs the node from a peer and prints what changed. */
export async function resyncCommand(client: RestClient, opts: { peer?: string; full: boolean; json: boolean }, out: (s: string) => void): Promise<void> {
  const q = new URLSearchParams();
  if (opts.peer) q.set('peer', opts.peer);
  if (opts.full) q.set('full', 'true');
  const progress = new Progress(`resync of ${client.url}${opts.peer ? ` from ${opts.peer}` : ''}${opts.full ? ' (full snapshot)' : ''}`);
  const watch = opts.full ? watchSnapshot(client, progress) : undefined;
  let report: Report;
  try {
    report = (await client.json('POST', `/cluster/resync${q.size ? `?${q}` : ''}`)) as Report;
  } finally {
    await watch?.stop();
    progress.stop();
  }
  if (opts.json) return out(JSON.stringify(report, null, 2) + '\n');
  const r = report.resync;
  if (r.full) return out(`took a full snapshot from ${r.peer} in ${r.millis} ms\n`);
  out(`compared ${r.bucketsCompared} digest buckets with ${r.peer}: ${r.bucketsDiffering.length} differed; ${r.changed.length} objects changed in ${r.millis} ms\n`);
  for (const c of r.changed) out(`  ${c.action.padEnd(8)} ${c.type} ${c.name ?? ''} (${c.key})\n`);
}

/**
 * While a full resync runs: the node's snapshot progress from its status, drawn as a bar (the
 * spinner pauses). One status request at a time; a node busy installing answers late, not never.
 */
function watchSnapshot(client: RestClient, spinner: Progress): { stop(): Promise<void> } {
  const bar = new SnapshotBar();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const status = (await client.json('GET', '/cluster/status.json').catch(() => undefined)) as { cluster?: { node?: { snapshot?: SnapshotProgress } } } | undefined;
      const snapshot = status?.cluster?.node?.snapshot;
      if (!running || !snapshot) continue;
      spinner.pause();
      bar.show(snapshot);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      bar.done();
    },
  };
}
