import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApi } from '../app-context.js';
import { useLive } from '../live.js';
import { Link } from '../router.js';
import { BlockedNote } from './edit-guard.js';

/**
 * A catalog page: the list, and beside it (below it on a phone) the editor of the object picked
 * from it, or of a new one.
 */
export function CatalogLayout(p: { page: string; newLabel: string; list: ComponentChildren; editor?: ComponentChildren }): JSX.Element {
  const blocked = useLive().editBlocked;
  return (
    <div class={p.editor ? 'catalog with-editor' : 'catalog'}>
      <div class="catalog-list">
        <div class="list-actions">
          {blocked ? (
            <span class="button disabled" aria-disabled="true" title={blocked}>
              {p.newLabel}
            </span>
          ) : (
            <Link to={`${p.page}?new=1`} class="button primary">
              {p.newLabel}
            </Link>
          )}
        </div>
        {blocked && !p.editor && <BlockedNote reason={blocked} />}
        {p.list}
      </div>
      {p.editor && <div class="catalog-editor">{p.editor}</div>}
    </div>
  );
}

/**
 * One object read from the REST API, read again whenever the node's configuration changes (so
 * an edit made on another node shows up here), until the form has unsaved changes.
 */
export function useRestObject<T>(path: string, root: string, dirty: boolean): { value?: T; error?: string; missing: boolean; reload: () => void } {
  const api = useApi();
  const { version } = useLive();
  const [state, setState] = useState<{ value?: T; error?: string; missing: boolean }>({ missing: false });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (dirty || !path) return;
    let current = true;
    api
      .get<Record<string, T>>(`${path}.json`)
      .then((body) => current && setState({ value: body[root], missing: false }))
      .catch((err: { status?: number; message: string }) => current && setState({ missing: err.status === 404, error: err.status === 404 ? `${path} no longer exists (deleted, perhaps on another node).` : err.message }));
    return () => {
      current = false;
    };
  }, [api, path, root, version, tick, dirty]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

export interface Editor<T, F> {
  value?: T;
  error?: string;
  form?: F;
  set: (patch: Partial<F>) => void;
  /** True while the form has unsaved edits: the object is then not read again. */
  dirty: boolean;
  /** Drops the edits (and so shows the object as it is now). */
  reset: () => void;
}

/** An object's form: its values as read until edited. */
export function useEditor<T, F>(path: string, root: string, toForm: (value: T) => F): Editor<T, F> {
  const [edited, setEdited] = useState<F>();
  const obj = useRestObject<T>(path, root, edited !== undefined);
  const initial = useMemo(() => (obj.value === undefined ? undefined : toForm(obj.value)), [obj.value]);
  return {
    value: obj.value,
    error: obj.error,
    form: edited ?? initial,
    set: (patch) => setEdited({ ...(edited ?? initial!), ...patch }),
    dirty: edited !== undefined,
    reset: () => setEdited(undefined),
  };
}
