import { isAbsolute, resolve } from 'node:path';

/**
 * Configuration comes from environment variables only, with safe defaults for the embedded mode.
 * Every bad value is reported at once, one line each, so a user fixes them in one go.
 */
export interface Config {
  /** Interface to bind. Default `127.0.0.1`. */
  host: string;
  /** Port to listen on. Default `8080`. */
  port: number;
  /** Where the embedded store and the generated master key live. Default `./.patchbay`. */
  dataDir: string;
  /** `postgres://…` switches to PostgreSQL; otherwise the SQLite file `<dataDir>/patchbay.db`. */
  databaseUrl: string;
  /** Base64 master key(s); the first encrypts, the others only decrypt (during a rotation). */
  masterKey: string | undefined;
  /** Base of the OAuth redirect URI: `${publicUrl}/oauth/callback`. Default `http://HOST:PORT`. */
  publicUrl: string;
  /** On start, an admin API token with this value is ensured. */
  adminToken: string | undefined;
  /** pino level. Default `info`. */
  logLevel: string;
  /** Notifications (a recipe stopped, a trigger failing) are also POSTed here as JSON. Default: none. */
  notifyUrl: string | undefined;
  /**
   * Seconds a process may go without renewing the lease of a job it runs before other processes
   * consider it dead and queue the job again (renewed every third of it). Default `30`.
   */
  jobLeaseSeconds: number;
  /**
   * Hosts (besides loopback ones, always allowed) whose OAuth endpoints may be plain http://:
   * `PATCHBAY_ALLOW_HTTP_HOSTS`, comma-separated host names. Default none.
   */
  allowHttpHosts: string[];
  /**
   * How long one mapping expression may run, in ms, before it is stopped and its step fails with
   * `expression_limit` (`PATCHBAY_EXPRESSION_TIMEOUT_MS`). Default `1000`.
   */
  expressionTimeoutMs: number;
  /**
   * Heap of each expression process, in MB: an expression that needs more fails its step with
   * `expression_limit` (`PATCHBAY_EXPRESSION_MEMORY_MB`). Default `64`.
   */
  expressionMemoryMb: number;
  /**
   * Expression processes per server or worker process, so expressions evaluated at once
   * (`PATCHBAY_EXPRESSION_WORKERS`). Simple expressions (paths, a little arithmetic) never use one.
   * Default `2`.
   */
  expressionWorkers: number;
  /** Every `PATCHBAY_*` variable: connectors' operator defaults (`PATCHBAY_<KEY>_<FIELD>`) are read from here. */
  operatorEnv: Record<string, string>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Patchbay cannot start: fix these environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Shorter leases would be renewed every second or two, and a busy event loop could miss them. */
const MIN_JOB_LEASE_SECONDS = 5;
/** A day: longer would only delay recovery, and a third of it must still fit a Node.js timer. */
const MAX_JOB_LEASE_SECONDS = 86_400;

/**
 * Bounds of the expression limits. Under 10 ms the time to hand an expression to its process
 * would count; over a minute one expression would hold a job (and a process of the pool) for
 * longer than any mapping should take. Under 16 MB a process cannot load JSONata; over 4 GB is no
 * limit. More processes than 32 cost memory (~30 MB each) without adding cores.
 */
const EXPRESSION_TIMEOUT_MS = { min: 10, max: 60_000, default: 1000 };
const EXPRESSION_MEMORY_MB = { min: 16, max: 4096, default: 64 };
const EXPRESSION_WORKERS = { min: 1, max: 32, default: 2 };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const host = env.HOST?.trim() || '127.0.0.1';

  let port = 8080;
  if (env.PORT !== undefined && env.PORT !== '') {
    const parsed = Number(env.PORT);
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
      problems.push(`PORT="${env.PORT}" is not a port number: use a whole number from 0 to 65535 (default 8080).`);
    } else {
      port = parsed;
    }
  }

  const dataDirRaw = env.PATCHBAY_DATA_DIR?.trim() || '.patchbay';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);

  let databaseUrl = `sqlite:${resolve(dataDir, 'patchbay.db')}`;
  const dbRaw = env.PATCHBAY_DATABASE_URL?.trim();
  if (dbRaw) {
    if (/^postgres(ql)?:\/\//.test(dbRaw)) {
      try {
        new URL(dbRaw);
        databaseUrl = dbRaw;
      } catch {
        problems.push('PATCHBAY_DATABASE_URL is not a valid URL: use postgres://user:password@host:5432/database.');
      }
    } else if (dbRaw.startsWith('sqlite:')) {
      const file = dbRaw.slice('sqlite:'.length);
      databaseUrl = `sqlite:${isAbsolute(file) || file === ':memory:' ? file : resolve(cwd, file)}`;
    } else {
      problems.push('PATCHBAY_DATABASE_URL must start with postgres:// (PostgreSQL) or sqlite: (a SQLite file); leave it unset for the embedded store.');
    }
  }

  const masterKey = env.PATCHBAY_MASTER_KEY?.trim() || undefined;
  if (masterKey) {
    masterKey.split(',').forEach((part, index) => {
      const bytes = Buffer.from(part.trim(), 'base64');
      if (bytes.length !== 32 || bytes.toString('base64') !== part.trim()) {
        problems.push(
          `PATCHBAY_MASTER_KEY${masterKey.includes(',') ? ` (key ${index + 1})` : ''} is not 32 bytes in base64: run "npx patchbay keys generate" to make one.`,
        );
      }
    });
  }

  let publicUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicRaw = env.PATCHBAY_PUBLIC_URL?.trim();
  if (publicRaw) {
    try {
      const url = new URL(publicRaw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      publicUrl = publicRaw.replace(/\/+$/, '');
    } catch {
      problems.push(`PATCHBAY_PUBLIC_URL="${publicRaw}" is not an http(s) URL: use the address users reach Patchbay at, e.g. https://patchbay.example.com.`);
    }
  }

  const adminToken = env.PATCHBAY_ADMIN_TOKEN?.trim() || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    problems.push('PATCHBAY_ADMIN_TOKEN is shorter than 16 characters: use a long random value (e.g. openssl rand -base64 32).');
  }

  const logLevel = env.PATCHBAY_LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`PATCHBAY_LOG_LEVEL="${logLevel}" is not one of ${LOG_LEVELS.join(', ')}.`);
  }

  let notifyUrl: string | undefined;
  const notifyRaw = env.PATCHBAY_NOTIFY_URL?.trim();
  if (notifyRaw) {
    try {
      const url = new URL(notifyRaw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      notifyUrl = notifyRaw;
    } catch {
      // Not echoed: a notification URL often carries a key in its path or query (e.g. a chat webhook).
      problems.push('PATCHBAY_NOTIFY_URL is not an http(s) URL: use the address that should receive notifications as JSON POSTs, e.g. https://hooks.example.com/patchbay.');
    }
  }

  let jobLeaseSeconds = 30;
  const leaseRaw = env.PATCHBAY_JOB_LEASE_SECONDS?.trim();
  if (leaseRaw) {
    const parsed = Number(leaseRaw);
    if (!Number.isInteger(parsed) || parsed < MIN_JOB_LEASE_SECONDS || parsed > MAX_JOB_LEASE_SECONDS) {
      problems.push(
        `PATCHBAY_JOB_LEASE_SECONDS="${leaseRaw}" is not a whole number of seconds from ${MIN_JOB_LEASE_SECONDS} to ${MAX_JOB_LEASE_SECONDS}: ` +
          'it is how long a job of a crashed process waits before it runs again (default 30).',
      );
    } else {
      jobLeaseSeconds = parsed;
    }
  }

  const expressionTimeoutMs = wholeNumber(env, 'PATCHBAY_EXPRESSION_TIMEOUT_MS', EXPRESSION_TIMEOUT_MS, 'milliseconds one mapping expression may run', problems);
  const expressionMemoryMb = wholeNumber(env, 'PATCHBAY_EXPRESSION_MEMORY_MB', EXPRESSION_MEMORY_MB, 'MB of heap each expression process may use', problems);
  const expressionWorkers = wholeNumber(env, 'PATCHBAY_EXPRESSION_WORKERS', EXPRESSION_WORKERS, 'expression processes evaluating at once', problems);

  const allowHttpHosts = (env.PATCHBAY_ALLOW_HTTP_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  for (const host of allowHttpHosts) {
    if (!/^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/.test(host)) problems.push(`PATCHBAY_ALLOW_HTTP_HOSTS names "${host}", which is not a host name: list host names only (no scheme or port), comma-separated.`);
  }
  const operatorEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith('PATCHBAY_') && value !== undefined) operatorEnv[name] = value;

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    dataDir,
    databaseUrl,
    masterKey,
    publicUrl,
    adminToken,
    logLevel,
    notifyUrl,
    jobLeaseSeconds,
    allowHttpHosts,
    expressionTimeoutMs,
    expressionMemoryMb,
    expressionWorkers,
    operatorEnv,
  };
}

/** A whole-number setting within bounds, or its default when unset; a problem naming the bounds otherwise. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, bounds: { min: number; max: number; default: number }, meaning: string, problems: string[]): number {
  const raw = env[name]?.trim();
  if (!raw) return bounds.default;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < bounds.min || parsed > bounds.max) {
    problems.push(`${name}="${raw}" is not a whole number from ${bounds.min} to ${bounds.max}: it is the ${meaning} (default ${bounds.default}).`);
    return bounds.default;
  }
  return parsed;
}
