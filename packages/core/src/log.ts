import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that must never reach a log line even if some code logs a whole object.
 * `Secret` values already print as "[secret]"; this catches plain strings under well-known names.
 */
const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken', 'access_token', '*.access_token',
  'refresh_token', '*.refresh_token', 'refreshToken', '*.refreshToken', 'client_secret', '*.client_secret',
  'clientSecret', '*.clientSecret', 'apiKey', '*.apiKey', 'secrets', '*.secrets', 'code_verifier', '*.code_verifier',
  'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie', 'headers.authorization',
  'masterKey', '*.masterKey',
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[secret]' },
      base: undefined,
    },
    options.destination,
  );
}
