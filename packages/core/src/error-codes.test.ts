import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCodeInfo, isErrorCode } from './error-codes.ts';
import { ConflictError, PatchbayError, UpstreamError, isRetryable, needsConnectionAttention } from './errors.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REGISTRY = 'packages/core/src/error-codes.ts';

/**
 * The code that throws, answers or records errors: every package but the API's clients (`cli`,
 * `client`, which read codes from answers) and every connector. Emulators speak their vendors'
 * codes, not ours. Tests are left out: they assert codes, which is what codes are for.
 */
function sourceFiles(): string[] {
  const roots = [
    ...readdirSync(join(ROOT, 'packages'))
      .filter((name) => name !== 'cli' && name !== 'client')
      .map((name) => join(ROOT, 'packages', name, 'src')),
    ...readdirSync(join(ROOT, 'connectors'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(ROOT, 'connectors', entry.name, 'src')),
  ];
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(path);
    }
  };
  roots.forEach(walk);
  return files;
}

interface Found {
  code: string;
  /** The status written beside the code, when the call gives one. */
  status?: number;
  where: string;
}

const CODE = `'([a-z][a-z0-9_]*)'`;
// `'a'` or `cond ? 'a' : 'b'`, then optionally `, 409` or `, cond ? 400 : 422`.
const CODES_AND_STATUS = new RegExp(`^\\s*(?:[^,'"\`()]*\\?\\s*)?${CODE}(?:\\s*:\\s*${CODE})?(?:\\s*,\\s*(?:[^,'"\`()]*\\?\\s*)?(\\d{3})(?:\\s*:\\s*(\\d{3}))?)?`);
/** Calls whose first argument is a code (and maybe the second a status). */
const CODE_TAKING_CALL = /new\s+(?:PatchbayError|UpstreamError|ConflictError|ClientErrorWithHeaders)\s*\(|super\s*\(|\b(?:fail|failure)\s*\(/g;
/** Codes written into an answer, a record or a table directly: each pattern with where its code and status are. */
const LITERAL_CODES: [RegExp, { code: number; status?: number }][] = [
  // `{ code: 'stopped', message }`, `{ code: 'expression_limit', status: 422 }`
  [new RegExp(`\\bcode:\\s*${CODE}(?:\\s*,\\s*status:\\s*(\\d{3}))?`, 'g'), { code: 1, status: 2 }],
  // `envelope(405, 'method_not_allowed', …)`
  [new RegExp(`envelope\\(\\s*(\\d{3})\\s*,\\s*${CODE}`, 'g'), { code: 2, status: 1 }],
  // `[431, 'headers_too_large', …]`
  [new RegExp(`\\[\\s*(\\d{3})\\s*,\\s*${CODE}\\s*,`, 'g'), { code: 2, status: 1 }],
];

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Every code the repository throws or answers, found by its shape in the source text. */
function codesInSource(): Found[] {
  const found: Found[] = [];
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    const name = relative(ROOT, file);
    // `super(` only counts inside a class that extends an error class taking a code first.
    const errorClass = /class\s+\w+\s+extends\s+(?:PatchbayError|ClientErrorWithHeaders)\b/.test(text);
    for (const match of text.matchAll(CODE_TAKING_CALL)) {
      if (match[0].startsWith('super') && !errorClass) continue;
      const args = CODES_AND_STATUS.exec(text.slice((match.index ?? 0) + match[0].length));
      if (!args) continue;
      const where = `${name}:${lineOf(text, match.index ?? 0)}`;
      const [, first, second, status, otherStatus] = args;
      if (first) found.push({ code: first, ...(status ? { status: Number(status) } : {}), where });
      if (second) found.push({ code: second, ...(otherStatus ? { status: Number(otherStatus) } : status ? { status: Number(status) } : {}), where });
    }
    for (const [pattern, groups] of LITERAL_CODES) {
      for (const match of text.matchAll(pattern)) {
        const code = match[groups.code];
        const status = groups.status === undefined ? undefined : match[groups.status];
        if (code) found.push({ code, ...(status ? { status: Number(status) } : {}), where: `${name}:${lineOf(text, match.index ?? 0)}` });
      }
    }
  }
  return found;
}

/** Places outside the registry that compare a registered code by its text. */
function codeComparisons(): string[] {
  const compared: string[] = [];
  for (const file of sourceFiles()) {
    const name = relative(ROOT, file);
    if (name === REGISTRY) continue;
    const text = readFileSync(file, 'utf8');
    const report = (code: string | undefined, index: number) => {
      if (code && isErrorCode(code)) compared.push(`${name}:${lineOf(text, index)} compares "${code}"`);
    };
    for (const m of text.matchAll(new RegExp(`\\.code\\s*[!=]==?\\s*${CODE}`, 'g'))) report(m[1], m.index ?? 0);
    for (const m of text.matchAll(new RegExp(`${CODE}\\s*[!=]==?\\s*[\\w.?]+\\.code\\b`, 'g'))) report(m[1], m.index ?? 0);
    // A list of codes that something's `.code` is looked up in: `[...].includes(err.code)`, `SET.has(err.code)`.
    if (/\.(?:includes|has)\(\s*[\w.?]+\.code\s*\)/.test(text)) {
      for (const list of text.matchAll(/\[([^[\]]*)\]/g)) {
        for (const m of (list[1] ?? '').matchAll(new RegExp(CODE, 'g'))) report(m[1], list.index ?? 0);
      }
    }
    if (/switch\s*\(\s*[\w.?]+\.code\s*\)/.test(text)) {
      for (const m of text.matchAll(new RegExp(`case\\s+${CODE}\\s*:`, 'g'))) report(m[1], m.index ?? 0);
    }
  }
  return compared;
}

describe('the error-code registry', () => {
  it('lists every code thrown or answered in the repository, with the status written beside it', () => {
    const found = codesInSource();
    // The scan must see the code it is meant to see, or it proves nothing.
    expect(found.map((f) => f.code)).toEqual(expect.arrayContaining(['invalid_input', 'upstream_timeout', 'app_refused', 'stopped', 'job_failed']));
    const unknown = found.filter((f) => !isErrorCode(f.code)).map((f) => `${f.where}: "${f.code}" is not in ${REGISTRY}`);
    const wrongStatus = found
      .filter((f) => f.status !== undefined && isErrorCode(f.code) && ERROR_CODES[f.code].status !== f.status)
      .map((f) => `${f.where}: "${f.code}" with ${f.status}, but the registry says ${errorCodeInfo(f.code)?.status}`);
    expect([...unknown, ...wrongStatus]).toEqual([]);
  });

  it('is the only place codes are compared', () => {
    expect(codeComparisons()).toEqual([]);
  });

  it('gives every code an error status, and no code is both retryable and in need of a person', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(info.status, code).toBeGreaterThanOrEqual(400);
      expect(info.status, code).toBeLessThan(600);
      expect(info.retryable && info.connectionAttention, code).toBe(false);
    }
  });
});

describe('errors and the registry', () => {
  it('takes the status from the registry', () => {
    expect(new PatchbayError('auth_failed', 'Refused.').status).toBe(401);
    expect(new ConflictError('recipe_running', 'Stop it first.').status).toBe(409);
    expect(new UpstreamError('response_too_large', 'Too large.').status).toBe(502);
    // A gateway's status for an upstream that did not answer in time, not 502's "answered badly".
    expect(new UpstreamError('upstream_timeout', 'Slow.').status).toBe(504);
    // The explicit form keeps what it is given (the registry test checks the literals in the source).
    expect(new PatchbayError('too_deep', 400, 'Too deep.').status).toBe(400);
  });

  it('retries outages, never a write that may have taken effect, nor an answer too large', () => {
    expect(isRetryable(new UpstreamError('upstream_timeout', 'Slow.'))).toBe(true);
    expect(isRetryable(new UpstreamError('upstream_timeout', 'Slow.', { unsafeToRepeat: true }))).toBe(false);
    expect(isRetryable(new PatchbayError('retryable', 'Busy.').markUnsafeToRepeat())).toBe(false);
    expect(isRetryable(new UpstreamError('response_too_large', 'Too large.'))).toBe(false);
    expect(isRetryable(new UpstreamError('action_failed', 'Bug.'))).toBe(false);
    expect(isRetryable(new Error('ECONNRESET'))).toBe(false);
    // A code the registry does not know (an old record) is not retried.
    expect(isRetryable(new PatchbayError('app_down', 503, 'Down.'))).toBe(false);
  });

  it('says which failures need a person to fix the connection', () => {
    expect(needsConnectionAttention(new PatchbayError('auth_failed', 'Refused.'))).toBe(true);
    expect(needsConnectionAttention(new PatchbayError('needs_reauth', 'Reconnect.'))).toBe(true);
    expect(needsConnectionAttention(new PatchbayError('token_endpoint_unavailable', 'Down.'))).toBe(false);
    expect(needsConnectionAttention(new PatchbayError('retryable', 'Busy.'))).toBe(false);
    expect(needsConnectionAttention(new Error('auth_failed'))).toBe(false);
  });
});
