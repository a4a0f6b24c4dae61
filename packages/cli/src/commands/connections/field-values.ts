import { readFile } from 'node:fs/promises';
import type { Connector } from '@patchbay/client';
import { CliError, stringListOption, type ParsedArgs } from '../../command.ts';

function splitPair(pair: string, option: string): [string, string] {
  const at = pair.indexOf('=');
  if (at <= 0) throw new CliError(`${option} "${pair.split('=')[0]}" must be name=value.`, 2);
  return [pair.slice(0, at), pair.slice(at + 1)];
}

/**
 * Command-line values are strings; the API wants each field in its declared type, so the
 * connector's description decides. Unknown names pass through as strings: the server rejects them
 * with a message naming the field. Error messages name fields, never values (they may be secrets).
 */
function convert(name: string, raw: string, description: Connector): unknown {
  const field = description.fields.find((f) => f.name === name);
  if (field?.type === 'boolean') {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new CliError(`--field ${name} must be true or false.`, 2);
  }
  if (field?.type === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new CliError(`--field ${name} must be a number.`, 2);
    return value;
  }
  return raw;
}

async function readSource(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export async function readFieldValues(args: ParsedArgs, description: Connector): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const pair of stringListOption(args, 'field')) {
    const [name, raw] = splitPair(pair, '--field');
    values[name] = convert(name, raw, description);
  }
  for (const pair of stringListOption(args, 'field-file')) {
    const [name, path] = splitPair(pair, '--field-file');
    let content: string;
    try {
      content = await readSource(path);
    } catch (err) {
      throw new CliError(`--field-file ${name}: cannot read ${path} (${err instanceof Error ? err.message : String(err)}).`, 2);
    }
    // Files written by editors and `echo` end with a newline that is not part of the value.
    values[name] = convert(name, content.replace(/\r?\n$/, ''), description);
  }
  return values;
}
