import type { ComponentChildren, JSX } from 'preact';
import { useLive } from '../live.js';

/**
 * The edit controls of a form. On a node that refuses changes (a pure slave) every control in it
 * is disabled, and the reason is shown above them.
 */
export function EditGuard(p: { children: ComponentChildren; onSubmit?: () => void; label?: string }): JSX.Element {
  const blocked = useLive().editBlocked;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!blocked) p.onSubmit?.();
  };
  return (
    <form onSubmit={submit} aria-label={p.label}>
      {blocked && <BlockedNote reason={blocked} />}
      <fieldset disabled={Boolean(blocked)}>{p.children}</fieldset>
    </form>
  );
}

export function BlockedNote(p: { reason: string }): JSX.Element {
  return (
    <p class="blocked-note" data-testid="edit-blocked">
      <strong>Editing is disabled.</strong> {p.reason}
    </p>
  );
}
