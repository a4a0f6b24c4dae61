import { Type } from '@patchbay/sdk';

/**
 * Plain text as an Atlassian Document (ADF), which v3 requires for descriptions and comment bodies
 * (fact sheet §9): a paragraph per block of text separated by blank lines, line breaks kept as
 * `hardBreak`s. ADF refuses empty text nodes, so blank lines never become text.
 */
export function adfDocument(text: string) {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).map((block) => block.replace(/^\n+|\n+$/g, '')).filter((block) => block.trim() !== '');
  return {
    type: 'doc' as const,
    version: 1 as const,
    content: blocks.map((block) => ({
      type: 'paragraph' as const,
      content: block.split('\n').flatMap((line, i) => [...(i > 0 ? [{ type: 'hardBreak' }] : []), ...(line === '' ? [] : [{ type: 'text', text: line }])]),
    })),
  };
}

/** The shape of an ADF document, for fields that take one (descriptions, multi-line text fields). */
export const AdfDocumentSchema = Type.Object(
  { type: Type.Literal('doc'), version: Type.Literal(1), content: Type.Array(Type.Record(Type.String(), Type.Unknown())) },
  { description: 'An Atlassian Document (ADF): { "type": "doc", "version": 1, "content": [ … ] }.' },
);
