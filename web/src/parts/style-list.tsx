import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { NameChoices } from './workspace-choices.js';

/** An editable list of style names (a layer's other styles), each removable, with a field to add one. */
export function StyleList(p: { label: string; names: string[]; onChange: (names: string[]) => void; workspace?: string }): JSX.Element {
  const [typed, setTyped] = useState('');
  const id = useId();
  const add = () => {
    const name = typed.trim();
    if (name && !p.names.includes(name)) p.onChange([...p.names, name]);
    setTyped('');
  };
  return (
    <div class="field" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} class="label">
        {p.label}
      </span>
      {p.names.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="chips">
          {p.names.map((n) => (
            <li key={n}>
              {n}
              <button type="button" aria-label={`Remove ${n}`} onClick={() => p.onChange(p.names.filter((x) => x !== n))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="inline">
        <label for={id} class="visually-hidden">
          Style to add
        </label>
        <input
          id={id}
          value={typed}
          list={`${id}-choices`}
          placeholder="style name"
          onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <NameChoices id={`${id}-choices`} type="styles" typed={typed} />
        <button type="button" onClick={add} disabled={!typed.trim()}>
          Add style
        </button>
      </div>
    </div>
  );
}
