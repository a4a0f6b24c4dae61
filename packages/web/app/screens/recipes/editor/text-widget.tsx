import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import { useRef } from 'react';
import { DatapillPicker, insertAtCaret } from './datapill-picker.tsx';
import { useStepForm } from './step-context.tsx';

/** rjsf's text field with the datapill button beside it: any text input may hold `{{ … }}` references. */
export function DatapillTextWidget(props: WidgetProps) {
  const { id, value, onChange, onBlur, onFocus, disabled, readonly, required, label, rawErrors, placeholder, schema } = props;
  const { pills } = useStepForm();
  const input = useRef<HTMLInputElement>(null);
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const setValue = (next: string) => onChange(next === '' ? undefined : next);

  return (
    <div className="with-datapill">
      <input
        ref={input}
        id={id}
        name={id}
        type={schema.format === 'email' ? 'email' : 'text'}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        readOnly={readonly}
        required={required}
        aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
        aria-describedby={ariaDescribedByIds(id)}
        onChange={(e) => setValue(e.target.value)}
        onBlur={(e) => onBlur(id, e.target.value)}
        onFocus={(e) => onFocus(id, e.target.value)}
      />
      <DatapillPicker fieldLabel={label || id} pills={pills} disabled={disabled || readonly} onInsert={(pill) => insertAtCaret(input.current, text, pill, setValue)} />
    </div>
  );
}
