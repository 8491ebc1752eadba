import { createContext, type ComponentChildren, type JSX } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { editBlockedReason } from './alerts.js';
import { ApiError, type Api } from './api.js';
import type { ClusterStatus } from './types.js';

/** How often the UI asks its node for the cluster status (and so notices changes made elsewhere). */
export const POLL_MS = 2000;

export interface Live {
  status?: ClusterStatus;
  /** Why the last status request failed, if it did. */
  error?: string;
  /**
   * Changes whenever the node's configuration does (its digest), whoever changed it: lists and
   * editors reload when it does, so changes made on other nodes show without a page reload.
   */
  version: string;
  /** Why this node refuses configuration changes, when it does; every edit control says it. */
  editBlocked?: string;
  /** Asks for the status again now (after a change made here). */
  refresh(): void;
}

const LiveContext = createContext<Live>({ version: '', refresh: () => undefined });

export function useLive(): Live {
  return useContext(LiveContext);
}

/** Polls GET /rest/cluster/status.json while the app is open. */
export function LiveProvider(props: { api: Api; user: string; onLogout: () => void; children: ComponentChildren }): JSX.Element {
  const [state, setState] = useState<{ status?: ClusterStatus; error?: string; forbidden?: string }>({});
  const [tick, setTick] = useState(0);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const body = await props.api.get<{ cluster: ClusterStatus }>('/cluster/status.json');
        if (!stopped) setState({ status: body.cluster });
      } catch (err) {
        // aborted: the session is ending, there is nothing to report
        if ((err as Error).name === 'AbortError') return;
        // refused (403): this user may not administer the node; asking again would not change that
        if (err instanceof ApiError && err.status === 403) return void (!stopped && setState({ forbidden: err.message }));
        if (!stopped) setState((s) => ({ status: s.status, error: (err as Error).message }));
      }
      if (!stopped) timer.current = window.setTimeout(poll, POLL_MS);
    };
    poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer.current);
    };
  }, [props.api, tick]);
  const status = state.status;
  const value: Live = {
    status,
    error: state.error,
    version: status ? `${status.node.digest ?? ''}/${status.node.objects ?? 0}` : '',
    editBlocked: status ? editBlockedReason(status) : undefined,
    refresh: () => setTick((t) => t + 1),
  };
  if (state.forbidden !== undefined) return <NotAdministrator user={props.user} reason={state.forbidden} onLogout={props.onLogout} />;
  // nothing until the first answer: a page shown before it would offer edits a pure slave refuses
  if (!status && !state.error) return <p class="loading">Connecting to the node…</p>;
  return <LiveContext.Provider value={value}>{props.children}</LiveContext.Provider>;
}

/** What a user the node lets log in but not administer sees, instead of pages that would all fail. */
function NotAdministrator(p: { user: string; reason: string; onLogout: () => void }): JSX.Element {
  return (
    <div class="not-admin stack">
      <p class="notice" role="alert" data-banner="not-administrator">
        You are logged in as {p.user}, who may not administer this node (it answered: {p.reason || '403 Forbidden'}). Log in as a user
        with the ADMIN role to use these pages.
      </p>
      <button type="button" onClick={p.onLogout}>
        Log out
      </button>
    </div>
  );
}
