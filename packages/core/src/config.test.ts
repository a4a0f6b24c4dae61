import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const cwd = resolve('/srv/patchbay');
const goodKey = randomBytes(32).toString('base64');

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('gives safe embedded defaults with an empty environment', () => {
    expect(loadConfig({}, cwd)).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: resolve(cwd, '.patchbay'),
      databaseUrl: `sqlite:${resolve(cwd, '.patchbay', 'patchbay.db')}`,
      masterKey: undefined,
      publicUrl: 'http://127.0.0.1:8080',
      adminToken: undefined,
      logLevel: 'info',
      notifyUrl: undefined,
      jobLeaseSeconds: 30,
      allowHttpHosts: [],
      expressionTimeoutMs: 1000,
      expressionMemoryMb: 64,
      expressionWorkers: 2,
      operatorEnv: {},
    });
    expect(loadConfig({}, cwd).notifyUrl).toBeUndefined();
  });

  it('reads PATCHBAY_ALLOW_HTTP_HOSTS and keeps PATCHBAY_* variables for operator defaults', () => {
    const config = loadConfig({ PATCHBAY_ALLOW_HTTP_HOSTS: ' Auth.Internal , 10.0.0.5', PATCHBAY_SALESFORCE_CLIENT_ID: 'abc', OTHER: 'x' }, cwd);
    expect(config.allowHttpHosts).toEqual(['auth.internal', '10.0.0.5']);
    expect(config.operatorEnv).toEqual({ PATCHBAY_ALLOW_HTTP_HOSTS: ' Auth.Internal , 10.0.0.5', PATCHBAY_SALESFORCE_CLIENT_ID: 'abc' });
    expect(problemsOf({ PATCHBAY_ALLOW_HTTP_HOSTS: 'http://auth.internal:8080' }).join('\n')).toContain('PATCHBAY_ALLOW_HTTP_HOSTS names "http://auth.internal:8080"');
  });

  it('accepts good values, a postgres URL and drops a trailing slash on the public URL', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        PATCHBAY_DATABASE_URL: 'postgres://pb:pw@db.internal:5432/patchbay',
        PATCHBAY_MASTER_KEY: `${goodKey},${randomBytes(32).toString('base64')}`,
        PATCHBAY_PUBLIC_URL: 'https://patchbay.example.com/',
        PATCHBAY_ADMIN_TOKEN: 'a'.repeat(32),
        PATCHBAY_LOG_LEVEL: 'debug',
        PATCHBAY_NOTIFY_URL: 'https://hooks.example.com/patchbay?key=k',
        PATCHBAY_JOB_LEASE_SECONDS: '5',
        PATCHBAY_EXPRESSION_TIMEOUT_MS: '250',
        PATCHBAY_EXPRESSION_MEMORY_MB: ' 128 ',
        PATCHBAY_EXPRESSION_WORKERS: '4',
      },
      cwd,
    );
    expect(config.jobLeaseSeconds).toBe(5);
    expect([config.expressionTimeoutMs, config.expressionMemoryMb, config.expressionWorkers]).toEqual([250, 128, 4]);
    expect(config.notifyUrl).toBe('https://hooks.example.com/patchbay?key=k');
    expect(config.port).toBe(9000);
    expect(config.databaseUrl).toBe('postgres://pb:pw@db.internal:5432/patchbay');
    expect(config.publicUrl).toBe('https://patchbay.example.com');
    expect(config.logLevel).toBe('debug');
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PATCHBAY_DATABASE_URL', { PATCHBAY_DATABASE_URL: 'mysql://root@localhost/patchbay' }],
    ['PATCHBAY_MASTER_KEY', { PATCHBAY_MASTER_KEY: 'not-a-key' }],
    ['PATCHBAY_MASTER_KEY (key 2)', { PATCHBAY_MASTER_KEY: `${goodKey},${randomBytes(16).toString('base64')}` }],
    ['PATCHBAY_PUBLIC_URL', { PATCHBAY_PUBLIC_URL: 'ftp://x' }],
    ['PATCHBAY_ADMIN_TOKEN', { PATCHBAY_ADMIN_TOKEN: 'short' }],
    ['PATCHBAY_LOG_LEVEL', { PATCHBAY_LOG_LEVEL: 'loud' }],
    ['PATCHBAY_NOTIFY_URL', { PATCHBAY_NOTIFY_URL: 'mailto:ops@example.com' }],
    ['PATCHBAY_NOTIFY_URL', { PATCHBAY_NOTIFY_URL: 'not a url' }],
    ['PATCHBAY_JOB_LEASE_SECONDS', { PATCHBAY_JOB_LEASE_SECONDS: '4' }],
    ['PATCHBAY_JOB_LEASE_SECONDS', { PATCHBAY_JOB_LEASE_SECONDS: '7.5' }],
    ['PATCHBAY_JOB_LEASE_SECONDS', { PATCHBAY_JOB_LEASE_SECONDS: '30s' }],
    ['PATCHBAY_JOB_LEASE_SECONDS', { PATCHBAY_JOB_LEASE_SECONDS: '86401' }],
    ['PATCHBAY_EXPRESSION_TIMEOUT_MS', { PATCHBAY_EXPRESSION_TIMEOUT_MS: '5' }],
    ['PATCHBAY_EXPRESSION_TIMEOUT_MS', { PATCHBAY_EXPRESSION_TIMEOUT_MS: '1s' }],
    ['PATCHBAY_EXPRESSION_MEMORY_MB', { PATCHBAY_EXPRESSION_MEMORY_MB: '8' }],
    ['PATCHBAY_EXPRESSION_MEMORY_MB', { PATCHBAY_EXPRESSION_MEMORY_MB: '64.5' }],
    ['PATCHBAY_EXPRESSION_WORKERS', { PATCHBAY_EXPRESSION_WORKERS: '0' }],
    ['PATCHBAY_EXPRESSION_WORKERS', { PATCHBAY_EXPRESSION_WORKERS: '33' }],
  ])('reports a bad %s as one line naming it', (name, env) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('does not echo a bad notification URL, which may carry a key', () => {
    const problems = problemsOf({ PATCHBAY_NOTIFY_URL: 'hooks.example.com/canary-key' });
    expect(problems.join('\n')).not.toContain('canary-key');
  });

  it('does not echo a bad master key or admin token, which may be nearly right', () => {
    const problems = problemsOf({ PATCHBAY_MASTER_KEY: 'Y2FuYXJ5LWtleQ==', PATCHBAY_ADMIN_TOKEN: 'canary-tok' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toMatch(/Y2FuYXJ5LWtleQ|canary-tok/);
  });

  it('reports every bad value at once, one line each, in the error message too', () => {
    let error: unknown;
    try {
      loadConfig(
        {
          PORT: 'abc',
          PATCHBAY_DATABASE_URL: 'mysql://root@localhost/patchbay',
          PATCHBAY_MASTER_KEY: `${goodKey},bad`,
          PATCHBAY_PUBLIC_URL: 'ftp://x',
          PATCHBAY_ADMIN_TOKEN: 'short',
          PATCHBAY_LOG_LEVEL: 'loud',
        },
        cwd,
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.split(/[ =]/)[0])).toEqual([
      'PORT',
      'PATCHBAY_DATABASE_URL',
      'PATCHBAY_MASTER_KEY',
      'PATCHBAY_PUBLIC_URL',
      'PATCHBAY_ADMIN_TOKEN',
      'PATCHBAY_LOG_LEVEL',
    ]);
    for (const problem of problems) {
      expect(problem).not.toContain('\n');
      expect(message).toContain(problem);
    }
  });
});
