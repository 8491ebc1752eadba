import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useLive } from '../live.js';

/**
 * Delete with a second, explicit confirmation; optionally offers GeoServer's ?recurse=true
 * (delete what the object contains or what uses it, too).
 */
export function DeleteButton(p: { what: string; recurseLabel?: string; onDelete: (recurse: boolean) => Promise<void> }): JSX.Element {
  const blocked = useLive().editBlocked;
  const [asking, setAsking] = useState(false);
  const [recurse, setRecurse] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="danger" disabled={Boolean(blocked)} title={blocked} onClick={() => setAsking(true)}>
        Delete…
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      await p.onDelete(recurse);
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <div class="confirm" role="group" aria-label={`Delete ${p.what}`}>
      <span>Delete {p.what}?</span>
      {p.recurseLabel && (
        <label>
          <input type="checkbox" checked={recurse} onChange={(e) => setRecurse((e.target as HTMLInputElement).checked)} /> {p.recurseLabel}
        </label>
      )}
      <button type="button" class="danger" disabled={busy || Boolean(blocked)} onClick={confirm}>
        Yes, delete
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
