import { useId, useRef } from 'react';
import { DatapillPicker, insertAtCaret } from './datapill-picker.tsx';
import type { Datapill } from './datapills.ts';

/** A text field for a `{{ JSONata }}` expression (a condition, the items of a loop), with the datapill button. */
export function ExpressionField({ label, value, onChange, pills, hint }: { label: string; value: string; onChange: (value: string) => void; pills: readonly Datapill[]; hint?: string }) {
  const id = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="with-datapill">
        <input ref={input} id={id} value={value} spellCheck={false} aria-describedby={hint ? hintId : undefined} onChange={(e) => onChange(e.target.value)} />
        <DatapillPicker fieldLabel={label} pills={pills} onInsert={(pill) => insertAtCaret(input.current, value, pill, onChange)} />
      </div>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
