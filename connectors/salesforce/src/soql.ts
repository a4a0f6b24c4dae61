/** A string as a SOQL literal: quoted, with backslashes and quotes escaped. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A time as a SOQL dateTime literal: unquoted, UTC, whole seconds (§19: Salesforce keeps seconds,
 * and `+` offsets would need URL escaping). Accepts Salesforce's own `2024-10-26T16:20:53.000+0000`.
 */
export function dateTimeLiteral(value: string): string {
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(time)) throw new Error(`"${value}" is not a time`);
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
