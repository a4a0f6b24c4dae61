import { useId } from 'react';

/** The whole definition as JSON text; parsed when saved or when going back to the form. */
export function JsonEditor({ text, onText, error }: { text: string; onText: (text: string) => void; error: string | null }) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  return (
    <div className="field json-editor">
      <label htmlFor={id}>Recipe definition (JSON)</label>
      <p id={hintId} className="hint">
        Everything the form edits, and more: slots under <code>connections</code>, the <code>trigger</code>, the <code>steps</code>. Connections themselves are bound on the
        Connections tab, never here.
      </p>
      <textarea
        id={id}
        className="code-area"
        rows={24}
        value={text}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        onChange={(e) => onText(e.target.value)}
      />
      {error ? (
        <p id={errorId} role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The text parsed as a definition, or the reason it is not one. */
export function parseDefinitionText<T>(text: string, guard: (value: unknown) => value is T): { ok: true; value: T } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `This is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!guard(parsed)) return { ok: false, error: 'The JSON is not a recipe: it needs "name", "connections", a "trigger" with its "trigger", and "steps".' };
  return { ok: true, value: parsed };
}
