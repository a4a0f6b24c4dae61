/**
 * A JQL query Jira refuses: 400 with every message in `errorMessages` (§12). Syntax errors carry
 * Jira's `Error in the JQL Query: … (line L, character C)` form; semantic ones (unknown field, value
 * or operator) are plain sentences, as in real answers.
 */
export class JqlError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join(' '));
  }
}

export function syntaxError(jql: string, message: string, offset?: number): JqlError {
  return new JqlError([`Error in the JQL Query: ${message}${offset === undefined ? '' : ` ${position(jql, offset)}`}`]);
}

/** `(line 1, character 12)`: 1-based, counted within the line. */
function position(jql: string, offset: number): string {
  const before = jql.slice(0, offset);
  const line = before.split('\n').length;
  const character = offset - before.lastIndexOf('\n');
  return `(line ${line}, character ${character})`;
}

export const UNBOUNDED_MESSAGE = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
