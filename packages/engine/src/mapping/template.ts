import { MappingError } from './errors.ts';

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expression'; source: string };

/**
 * A string of a mapping, split into text and `{{ expression }}` parts.
 * - `text`: no `{{`, used as it is.
 * - `single`: exactly one `{{ }}` with nothing but whitespace around it: the value keeps its type.
 * - `interpolated`: anything else: each expression's value is written into the text.
 */
export type Template =
  | { kind: 'text'; text: string }
  | { kind: 'single'; source: string }
  | { kind: 'interpolated'; parts: TemplatePart[] };

const OPEN = '{{';

/** Whether a string holds any `{{` at all: strings without one are plain text, never parsed. */
export function isTemplated(text: string): boolean {
  return text.includes(OPEN);
}

/** Splits `text` into parts; throws a `syntax` MappingError located at `path` for `{{` left open. */
export function parseTemplate(text: string, path: string): Template {
  if (!isTemplated(text)) return { kind: 'text', text };
  const parts: TemplatePart[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf(OPEN, cursor);
    if (open === -1) break;
    if (open > cursor) parts.push({ kind: 'text', text: text.slice(cursor, open) });
    const close = findClose(text, open + OPEN.length);
    if (close === -1) {
      throw new MappingError('syntax', {
        path,
        message: 'has "{{" without a matching "}}": close the expression, e.g. "{{ trigger.body.id }}".',
      });
    }
    const source = text.slice(open + OPEN.length, close);
    if (source.trim() === '') {
      throw new MappingError('syntax', { path, message: 'has an empty "{{ }}": write an expression between them, e.g. "{{ trigger.body.id }}".' });
    }
    parts.push({ kind: 'expression', source });
    cursor = close + 2;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  const expressions = parts.filter((p) => p.kind === 'expression');
  const onlyWhitespaceAround = parts.every((p) => p.kind === 'expression' || p.text.trim() === '');
  const [only] = expressions;
  if (expressions.length === 1 && onlyWhitespaceAround && only) return { kind: 'single', source: only.source };
  return { kind: 'interpolated', parts };
}

/**
 * The index of the `}}` that ends an expression starting at `from`. JSONata itself uses braces
 * (object constructors, `{{ {"a": {"b": 1}} }}`) and strings may hold `}}`, so the scan skips string
 * literals and comments and only closes on `}}` outside every brace the expression opened.
 */
function findClose(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) return -1;
      i = end + 1;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth > 0) depth--;
      else if (text[i + 1] === '}') return i;
    }
  }
  return -1;
}
