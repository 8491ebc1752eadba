import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../app-context.js';
import { useLive } from '../live.js';
import type { SearchPage } from '../types.js';

/**
 * Suggestions for a name input (a <datalist>): the first names of a catalog list matching what
 * was typed, from the node's search, so it stays small however long the list is.
 */
export function NameChoices(p: { id: string; type: string; typed: string; workspace?: string }): JSX.Element {
  const api = useApi();
  const { version } = useLive();
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    const params = new URLSearchParams({ type: p.type, q: p.typed, limit: '20' });
    if (p.workspace) params.set('workspace', p.workspace);
    const t = window.setTimeout(() => {
      api
        .get<SearchPage>(`/ui/search.json?${params}`)
        .then((r) => current && setNames(r.items.map((i) => i.name)))
        .catch(() => current && setNames([]));
    }, 150);
    return () => {
      current = false;
      window.clearTimeout(t);
    };
  }, [api, p.type, p.typed, p.workspace, version]);
  return (
    <datalist id={p.id}>
      {names.map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}
