import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Datapill } from './datapills.ts';

/**
 * The datapill button beside a text field: it opens a listbox of the trigger's and earlier steps'
 * data; Up/Down choose, Enter (or a click) inserts `{{ expression }}`, Escape closes. Focus returns
 * to the field after an insert and to the button after Escape.
 */
export function DatapillPicker({ fieldLabel, pills, onInsert, disabled }: { fieldLabel: string; pills: readonly Datapill[]; onInsert: (text: string) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const optionId = (index: number) => `${listId}-option-${index}`;

  useEffect(() => {
    if (open) list.current?.focus();
  }, [open]);
  useEffect(() => {
    if (open) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [open, active]); // optionId is derived from listId, which never changes

  const choose = (index: number) => {
    const pill = pills[index];
    if (!pill) return;
    setOpen(false);
    onInsert(`{{ ${pill.expression} }}`);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: pills.length - 1, PageDown: active + 8, PageUp: active - 8 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      setActive(Math.max(0, Math.min(pills.length - 1, target)));
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="datapill-picker">
      <button
        ref={button}
        type="button"
        className="button secondary datapill-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        disabled={disabled || pills.length === 0}
        onClick={() => {
          setActive(0);
          setOpen((was) => !was);
        }}
      >
        <span aria-hidden="true">{'{ }'}</span>
        <span className="visually-hidden">Insert data into {fieldLabel}</span>
      </button>
      {open ? (
        <ul
          ref={list}
          id={listId}
          role="listbox"
          aria-label={`Data for ${fieldLabel}`}
          aria-activedescendant={optionId(active)}
          tabIndex={0}
          className="datapill-list"
          onKeyDown={onKeyDown}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget) && event.relatedTarget !== button.current) setOpen(false);
          }}
        >
          {pills.map((pill, index) => (
            <li
              key={pill.expression}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(index)}
            >
              <code>{pill.expression}</code>
              <span className="pill-source">
                {pill.source}
                {pill.type ? ` · ${pill.type}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Inserts text at the field's caret (or its end), then puts the caret after it. */
export function insertAtCaret(field: HTMLInputElement | HTMLTextAreaElement | null, current: string, text: string, onValue: (value: string) => void): void {
  const start = field?.selectionStart ?? current.length;
  const end = field?.selectionEnd ?? current.length;
  const next = current.slice(0, start) + text + current.slice(end);
  onValue(next);
  requestAnimationFrame(() => {
    field?.focus();
    field?.setSelectionRange(start + text.length, start + text.length);
  });
}
