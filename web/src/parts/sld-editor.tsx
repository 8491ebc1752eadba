import type { JSX } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { xmlProblem } from './xml-check.js';

/** The line an error message names (`line 3`, `error on line 3 at column 5`), if any. */
export function lineOf(message: string | undefined): number | undefined {
  const m = message && /\bline (\d+)/i.exec(message);
  return m ? Number(m[1]) : undefined;
}

/**
 * An SLD text editor with line numbers. Errors show where they are: the browser checks the XML as
 * it is typed, the node validates on save, and the line either names is marked in the margin.
 */
export function SldEditor(p: { label: string; value: string; onInput: (v: string) => void; serverError?: string }): JSX.Element {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const [checked, setChecked] = useState<string>();
  useEffect(() => {
    const t = window.setTimeout(() => setChecked(withPrefix(xmlProblem(p.value))), 300);
    return () => window.clearTimeout(t);
  }, [p.value]);
  const error = p.serverError ?? checked;
  const badLine = lineOf(error);
  const lines = useMemo(() => p.value.split('\n').length, [p.value]);
  const goTo = (line: number) => {
    const el = area.current;
    if (!el) return;
    const start = p.value.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    el.focus();
    el.setSelectionRange(start, start + (p.value.split('\n')[line - 1]?.length ?? 0));
  };
  return (
    <div class="field sld">
      <label for={id}>{p.label}</label>
      <div class={`code${error ? ' invalid' : ''}`}>
        <div class="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <span key={i} class={i + 1 === badLine ? 'bad' : undefined}>
              {i + 1}
            </span>
          ))}
        </div>
        <textarea
          id={id}
          ref={area}
          spellcheck={false}
          wrap="off"
          value={p.value}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => p.onInput((e.target as HTMLTextAreaElement).value)}
          onScroll={(e) => gutter.current && (gutter.current.scrollTop = (e.target as HTMLTextAreaElement).scrollTop)}
        />
      </div>
      {error && (
        <div class="error sld-error" role="alert" id={`${id}-error`}>
          <span>{p.serverError ? 'The node refused this style: ' : ''}{error}</span>
          {badLine && (
            <button type="button" onClick={() => goTo(badLine)}>
              Go to line {badLine}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function withPrefix(problem: string | undefined): string | undefined {
  return problem && `Not well-formed XML: ${problem}`;
}
