import type { RestClient } from './client.js';
import { Progress } from './progress.js';

interface Report {
  resync: { peer: string; full: boolean; bucketsCompared: number; bucketsDiffering: string[]; changed: Array<{ type: string; key: string; name?: string; action: string }>; millis: number };
}

/** `geocluster resync`: repairs the node from a peer and prints what changed. */
export async function resyncCommand(client: RestClient, opts: { peer?: string; full: boolean; json: boolean }, out: (s: string) => void): Promise<void> {
  const q = new URLSearchParams();
  if (opts.peer) q.set('peer', opts.peer);
  if (opts.full) q.set('full', 'true');
  const progress = new Progress(`resync of ${client.url}${opts.peer ? ` from ${opts.peer}` : ''}${opts.full ? ' (full snapshot)' : ''}`);
  let report: Report;
  try {
    report = (await client.json('POST', `/cluster/resync${q.size ? `?${q}` : ''}`)) as Report;
  } finally {
    progress.stop();
  }
  if (opts.json) return out(JSON.stringify(report, null, 2) + '\n');
  const r = report.resync;
  if (r.full) return out(`took a full snapshot from ${r.peer} in ${r.millis} ms\n`);
  out(`compared ${r.bucketsCompared} digest buckets with ${r.peer}: ${r.bucketsDiffering.length} differed; ${r.changed.length} objects changed in ${r.millis} ms\n`);
  for (const c of r.changed) out(`  ${c.action.padEnd(8)} ${c.type} ${c.name ?? ''} (${c.key})\n`);
}
