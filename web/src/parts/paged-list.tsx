import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { useApi } from '../app-context.js';
import { useLive } from '../live.js';
import { Link } from '../router.js';
import type { SearchHit, SearchPage } from '../types.js';
import { ErrorText } from './fields.js';

export const PAGE_SIZE = 50;

export interface Column {
  head: string;
  cell: (hit: SearchHit) => ComponentChildren;
}

/**
 * One page of a catalog list, searched and paged by the node (GET /rest/ui/search), so that a
 * list of 100,000 layers costs the browser 50 rows. It reloads when the node's configuration
 * changes, whoever changed it.
 */
export function PagedList(p: { type: string; label: string; columns: Column[]; linkOf: (hit: SearchHit) => string; selected?: string; reload?: number }): JSX.Element {
  const api = useApi();
  const { version } = useLive();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<SearchPage>();
  const [error, setError] = useState<string>();
  const searchId = useId();

  useEffect(() => {
    const t = window.setTimeout(() => {
      setQuery(q.trim());
      setOffset(0);
    }, 250);
    return () => window.clearTimeout(t);
  }, [q]);

  useEffect(() => {
    let current = true;
    const params = new URLSearchParams({ type: p.type, q: query, offset: String(offset), limit: String(PAGE_SIZE) });
    api
      .get<SearchPage>(`/ui/search.json?${params}`)
      .then((r) => current && (setPage(r), setError(undefined)))
      .catch((err: Error) => current && setError(`Could not load the ${p.label.toLowerCase()}: ${err.message}`));
    return () => {
      current = false;
    };
  }, [api, p.type, query, offset, version, p.reload]);

  return (
    <div class="paged-list">
      <div class="search">
        <label for={searchId}>Search {p.label.toLowerCase()}</label>
        <input id={searchId} type="search" value={q} placeholder="name contains…" onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </div>
      <ErrorText error={error} />
      {page && <Rows {...p} page={page} />}
      {page && page.total > 0 && <Pager page={page} onOffset={setOffset} label={p.label} />}
    </div>
  );
}

function Rows(p: { label: string; columns: Column[]; linkOf: (hit: SearchHit) => string; selected?: string; page: SearchPage }): JSX.Element {
  if (p.page.items.length === 0) return <p class="empty">No {p.label.toLowerCase()} found.</p>;
  return (
    <div class="table-wrap">
      <table class="list" aria-label={p.label}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {p.columns.map((c) => (
              <th scope="col" key={c.head}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.page.items.map((hit) => (
            <tr key={hit.path} class={hit.path === p.selected ? 'selected' : undefined}>
              <th scope="row">
                <Link to={p.linkOf(hit)} aria-current={hit.path === p.selected ? 'true' : undefined}>
                  {hit.name}
                </Link>
              </th>
              {p.columns.map((c) => (
                <td key={c.head}>{c.cell(hit)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Pager(p: { page: SearchPage; onOffset: (n: number) => void; label: string }): JSX.Element {
  const { total, offset, limit, items } = p.page;
  const from = total === 0 ? 0 : offset + 1;
  return (
    <nav class="pager" aria-label={`${p.label} pages`}>
      <button type="button" disabled={offset === 0} onClick={() => p.onOffset(Math.max(0, offset - limit))}>
        ← Previous
      </button>
      <span aria-live="polite">
        {from.toLocaleString('en')}–{(offset + items.length).toLocaleString('en')} of {total.toLocaleString('en')}
      </span>
      <button type="button" disabled={offset + limit >= total} onClick={() => p.onOffset(offset + limit)}>
        Next →
      </button>
    </nav>
  );
}
