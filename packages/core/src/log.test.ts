import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { Secret } from './secret.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ destination }), lines };
}

const SENSITIVE = ['password', 'token', 'access_token', 'refresh_token', 'client_secret', 'authorization'];

describe('createLogger', () => {
  it.each(SENSITIVE)('redacts "%s" at the top level and one level down', (key) => {
    const { logger, lines } = capture();
    logger.info({ [key]: `canary-top-${key}`, nested: { [key]: `canary-deep-${key}` }, kept: 'visible' }, 'hello');
    expect(lines).toHaveLength(1);
    const output = lines.join('\n');
    expect(output).not.toContain('canary-');
    const entry = JSON.parse(lines[0]!);
    expect(entry[key]).toBe('[secret]');
    expect(entry.nested[key]).toBe('[secret]');
    expect(entry.kept).toBe('visible');
    expect(entry.msg).toBe('hello');
  });

  it('prints a Secret under any key, at any depth, as "[secret]"', () => {
    const { logger, lines } = capture();
    logger.warn({ apiCredential: new Secret('canary-secret-1'), deep: { a: { b: new Secret('canary-secret-2') } } });
    const output = lines.join('\n');
    expect(output).not.toContain('canary-secret');
    const entry = JSON.parse(lines[0]!);
    expect(entry.apiCredential).toBe('[secret]');
    expect(entry.deep.a.b).toBe('[secret]');
  });

  it('does not leak a Secret interpolated into the message', () => {
    const { logger, lines } = capture();
    logger.info('connecting with %s', new Secret('canary-secret-3'));
    expect(lines.join('\n')).not.toContain('canary-secret-3');
    expect(JSON.parse(lines[0]!).msg).toBe('connecting with [secret]');
  });

  it('honours the level', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger({ level: 'warn', destination });
    logger.info('dropped');
    logger.warn('kept');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('kept');
  });
});
