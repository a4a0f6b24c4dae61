import type { Answer } from './client.ts';
import { documentedResponse, type Operation } from './document.ts';
import type { SchemaValidator } from './validator.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isJsonType = (type: string) => /^application\/(.+\+)?json$/.test(type);

/** Why a body is not the API's error envelope `{ error: { code, message, details? } }` and nothing else, or null. */
export function envelopeProblem(json: unknown): string | null {
  if (!isObject(json) || !isObject(json.error)) return 'not the error envelope { error: { code, message } }';
  const extra = Object.keys(json).filter((k) => k !== 'error');
  if (extra.length > 0) return `the envelope has other top-level keys: ${extra.join(', ')}`;
  const { code, message } = json.error;
  if (typeof code !== 'string' || code === '') return 'error.code is not a non-empty string';
  if (typeof message !== 'string' || message === '') return 'error.message is not a non-empty string';
  const unknown = Object.keys(json.error).filter((k) => !['code', 'message', 'details'].includes(k));
  if (unknown.length > 0) return `error has keys beside code, message and details: ${unknown.join(', ')}`;
  return null;
}

/**
 * What is wrong with an answer by the document, as one line each; empty when nothing is:
 * no 5xx, a documented status, the documented media type, a body valid against its schema, the
 * envelope on every JSON error, no body where none is documented (204).
 */
export function answerProblems(operation: Operation, answer: Answer, validator: SchemaValidator): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`a server error (${answer.status})`);
  const documented = documentedResponse(operation, answer.status);
  if (!documented) {
    problems.push(`status ${answer.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
    return problems;
  }
  const content = documented.spec.content ?? {};
  const types = Object.keys(content);
  if (types.length === 0) {
    if (answer.text !== '') problems.push(`response ${documented.key} documents no body, yet one was sent`);
    return problems;
  }
  const mediaType = types.find((t) => t.toLowerCase() === answer.mediaType) ?? types.find((t) => t === '*/*');
  if (mediaType === undefined) {
    problems.push(`content-type "${answer.mediaType}" is not documented for ${documented.key} (documented: ${types.join(', ')})`);
    return problems;
  }
  const schema = content[mediaType]?.schema;
  if (isJsonType(mediaType)) {
    if (!answer.parsed) {
      problems.push(`the body is not JSON though documented as ${mediaType}`);
      return problems;
    }
    if (answer.status >= 400) {
      const envelope = envelopeProblem(answer.json);
      if (envelope) problems.push(envelope);
    }
    if (schema !== undefined) {
      const invalid = validator.problems(schema, answer.json);
      if (invalid) problems.push(`the body does not match the schema documented for ${documented.key}: ${invalid}`);
    }
  } else if (schema !== undefined) {
    const invalid = validator.problems(schema, answer.text);
    if (invalid) problems.push(`the body does not match the schema documented for ${documented.key}: ${invalid}`);
  }
  return problems;
}

export function describeAnswer(answer: Answer): string {
  const text = answer.text.length > 800 ? `${answer.text.slice(0, 800)}…` : answer.text;
  return `${answer.status} ${answer.mediaType || '(no content-type)'} ${text}`;
}
