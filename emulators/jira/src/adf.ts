/**
 * Atlassian Document Format, as far as the emulator needs it: v3 rich-text fields (`description`,
 * `textarea` custom fields, comment bodies) must be an ADF document, and a plain string there is
 * refused (§9). Documents are stored and returned exactly as sent.
 */
export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
  marks?: unknown[];
}

export interface AdfDocument {
  type: 'doc';
  version: number;
  content: AdfNode[];
}

export const NOT_ADF_MESSAGE = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';

function isNode(value: unknown): value is AdfNode {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const type: unknown = Reflect.get(value, 'type');
  const content: unknown = Reflect.get(value, 'content');
  const text: unknown = Reflect.get(value, 'text');
  if (typeof type !== 'string') return false;
  if (text !== undefined && typeof text !== 'string') return false;
  return content === undefined || (Array.isArray(content) && content.every(isNode));
}

export function isAdfDocument(value: unknown): value is AdfDocument {
  return isNode(value) && value.type === 'doc' && typeof Reflect.get(value, 'version') === 'number' && Array.isArray(value.content);
}

/** One paragraph per line: what the control endpoint makes of a plain-text description. */
export function adfFromText(text: string): AdfDocument {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({ type: 'paragraph', content: line === '' ? [] : [{ type: 'text', text: line }] })),
  };
}

/** The text of a document, for JQL's `~` and `text ~`. */
export function adfToText(node: AdfNode | null | undefined): string {
  if (!node) return '';
  const own = node.text ?? '';
  const children = (node.content ?? []).map(adfToText).filter(Boolean).join(' ');
  return [own, children].filter(Boolean).join(' ');
}
