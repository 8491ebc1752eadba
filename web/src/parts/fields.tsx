import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

/** Labelled form controls: every input has a visible label and, when given, a hint read with it. */
interface FieldProps {
  label: string;
  hint?: string;
}

export function TextField(p: FieldProps & { value: string; onInput: (v: string) => void; type?: 'text' | 'password'; required?: boolean; placeholder?: string; list?: string; autoComplete?: string; name?: string }): JSX.Element {
  const id = useId();
  const onInput = (e: Event) => p.onInput((e.target as HTMLInputElement).value);
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      {p.type === 'password' ? (
        <input id={id} name={p.name} type="password" value={p.value} required={p.required} placeholder={p.placeholder} autoComplete={p.autoComplete ?? 'off'} aria-describedby={p.hint ? `${id}-hint` : undefined} onInput={onInput} />
      ) : (
        <input id={id} name={p.name} type="text" value={p.value} required={p.required} placeholder={p.placeholder} list={p.list} autoComplete={p.autoComplete ?? 'off'} aria-describedby={p.hint ? `${id}-hint` : undefined} onInput={onInput} />
      )}
      {p.hint && <small id={`${id}-hint`}>{p.hint}</small>}
    </div>
  );
}

export function AreaField(p: FieldProps & { value: string; onInput: (v: string) => void; rows?: number }): JSX.Element {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <textarea id={id} rows={p.rows ?? 3} value={p.value} aria-describedby={p.hint ? `${id}-hint` : undefined} onInput={(e) => p.onInput((e.target as HTMLTextAreaElement).value)} />
      {p.hint && <small id={`${id}-hint`}>{p.hint}</small>}
    </div>
  );
}

export function CheckField(p: FieldProps & { checked: boolean; onChange: (v: boolean) => void }): JSX.Element {
  const id = useId();
  return (
    <div class="field check">
      <input id={id} type="checkbox" checked={p.checked} aria-describedby={p.hint ? `${id}-hint` : undefined} onChange={(e) => p.onChange((e.target as HTMLInputElement).checked)} />
      <label for={id}>{p.label}</label>
      {p.hint && <small id={`${id}-hint`}>{p.hint}</small>}
    </div>
  );
}

export function SelectField(p: FieldProps & { value: string; onChange: (v: string) => void; options: Array<string | [string, string]> }): JSX.Element {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <select id={id} value={p.value} aria-describedby={p.hint ? `${id}-hint` : undefined} onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}>
        {p.options.map((o) => {
          const [value, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
      {p.hint && <small id={`${id}-hint`}>{p.hint}</small>}
    </div>
  );
}

/** A refusal or failure, announced to screen readers as it appears. */
export function ErrorText(p: { error?: string; id?: string }): JSX.Element | null {
  if (!p.error) return null;
  return (
    <p class="error" role="alert" id={p.id}>
      {p.error}
    </p>
  );
}

export function Saved(p: { message?: string }): JSX.Element | null {
  return p.message ? (
    <p class="saved" role="status">
      {p.message}
    </p>
  ) : null;
}

export function Panel(p: { title: string; children: ComponentChildren; actions?: ComponentChildren }): JSX.Element {
  return (
    <section class="panel" aria-label={p.title}>
      <header class="panel-head">
        <h2>{p.title}</h2>
        {p.actions && <div class="actions">{p.actions}</div>}
      </header>
      {p.children}
    </section>
  );
}

/**
 * The buttons under a form: Create and Cancel for a new object (`onCancel`), Save and Undo
 * changes for an existing one, both off until something changed (`dirty`, `onUndo`).
 */
export function FormActions(p: { onCancel: () => void } | { dirty: boolean; onUndo: () => void }): JSX.Element {
  const editing = 'onUndo' in p;
  return (
    <div class="actions">
      <button type="submit" class="primary" disabled={editing && !p.dirty}>
        {editing ? 'Save' : 'Create'}
      </button>
      <button type="button" disabled={editing && !p.dirty} onClick={editing ? p.onUndo : p.onCancel}>
        {editing ? 'Undo changes' : 'Cancel'}
      </button>
    </div>
  );
}
