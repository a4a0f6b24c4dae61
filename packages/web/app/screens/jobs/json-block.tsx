import { prettyJson } from './format.ts';

/**
 * A JSON value behind a disclosure, pretty-printed. Long lines wrap anywhere (a 64 KiB string must not
 * widen a phone's page) and a tall value scrolls inside its box, which is focusable to scroll by keyboard.
 */
export function JsonBlock({ label, value, open = false }: { label: string; value: unknown; open?: boolean }) {
  return (
    <details className="json-block" open={open}>
      <summary>{label}</summary>
      <pre tabIndex={0}>{prettyJson(value)}</pre>
    </details>
  );
}
