import { SalesforceApiError } from '../errors.ts';

/** Where in the query text something is: 1-based, as Salesforce reports it. */
export interface Position {
  row: number;
  column: number;
}

/** A query failure with the position Salesforce's message points at (§17, §18). */
export class SoqlError extends Error {
  readonly errorCode: string;
  /** Undefined for errors Salesforce reports without the caret block (`duplicate field selected`). */
  readonly position: Position | undefined;

  constructor(errorCode: string, detail: string, position?: Position) {
    super(detail);
    this.errorCode = errorCode;
    // Copy: callers pass tokens and AST nodes, which carry more than a position.
    this.position = position && { row: position.row, column: position.column };
  }
}

/**
 * The REST error: the offending line, a caret under the column, `ERROR at Row:r:Column:c`, then the
 * detail — the layout of recorded INVALID_FIELD / MALFORMED_QUERY bodies. Salesforce trims very
 * long lines to a window around the error; the emulator shows the whole line.
 */
export function soqlApiError(soql: string, error: SoqlError): SalesforceApiError {
  if (!error.position) return new SalesforceApiError(400, [{ message: error.message, errorCode: error.errorCode }]);
  const { row, column } = error.position;
  const line = soql.split('\n')[row - 1] ?? '';
  const message = `\n${line}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:${row}:Column:${column}\n${error.message}`;
  return new SalesforceApiError(400, [{ message, errorCode: error.errorCode }]);
}
