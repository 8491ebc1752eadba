import type { JSX } from 'preact';
import { ApiError } from '../api.js';
import { useApi } from '../app-context.js';
import { useLive } from '../live.js';

/** What POST /rest/cluster/resync answers: the objects this node added, replaced or removed. */
export interface ResyncReport {
  peer: string;
  full?: boolean;
  bucketsCompared?: number;
  bucketsDiffering?: string[];
  changed?: Array<{ type: string; key: string; name?: string; action: string }>;
  objects?: number;
  millis?: number;
}

export type ResyncOutcome = { peer: string; report?: ResyncReport; error?: string; running?: boolean };

/** Repairs this node from one peer: only the objects that differ are fetched and applied. */
export function ResyncButton(p: { peer: string; busy: boolean; onOutcome: (o: ResyncOutcome) => void }): JSX.Element {
  const api = useApi();
  const { refresh } = useLive();
  const run = async () => {
    p.onOutcome({ peer: p.peer, running: true });
    try {
      const body = await api.rest<{ resync: ResyncReport }>('POST', `/cluster/resync?peer=${encodeURIComponent(p.peer)}`);
      p.onOutcome({ peer: p.peer, report: body.resync });
      refresh();
    } catch (err) {
      const missing = err instanceof ApiError && err.status === 404 && /resync/.test(err.message);
      p.onOutcome({ peer: p.peer, error: missing ? 'This node cannot resync from a peer (no /rest/cluster/resync).' : (err as Error).message });
    }
  };
  return (
    <button type="button" disabled={p.busy} onClick={run} aria-label={`Resync from ${p.peer}`}>
      Resync
    </button>
  );
}

/** The last resync's report: what changed, or why it failed. */
export function ResyncResult(p: { outcome?: ResyncOutcome }): JSX.Element | null {
  const o = p.outcome;
  if (!o) return null;
  if (o.running) return <p class="loading" role="status">Resyncing from {o.peer}…</p>;
  if (o.error) return <p class="error" role="alert">Resync from {o.peer} failed: {o.error}</p>;
  const r = o.report!;
  const changed = r.changed ?? [];
  return (
    <section class="resync-report" aria-label="Resync report" aria-live="polite">
      <p>
        Resync from {r.peer}
        {r.full ? ' (full snapshot)' : ''}: {changed.length === 0 ? 'nothing differed' : `${changed.length} object${changed.length === 1 ? '' : 's'} repaired`}
        {r.bucketsCompared !== undefined && `, ${r.bucketsCompared} slices compared`}
        {r.objects !== undefined && `, ${r.objects} objects now`}
        {r.millis !== undefined && ` (${r.millis} ms)`}.
      </p>
      {changed.length > 0 && (
        <ul>
          {changed.map((c) => (
            <li key={`${c.type}/${c.key}`}>
              {c.action} {c.type} {c.name ?? c.key}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
