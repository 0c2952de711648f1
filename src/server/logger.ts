// One pino logger for the server. Secrets never reach a log line: auth headers, tokens,
// passwords and keys are redacted by path, whatever the caller logs.
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'password',
  '*.password',
  'client_secret',
  '*.client_secret',
  'clientSecret',
  '*.clientSecret',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  '*["s3.secret-access-key"]',
  '*["s3.session-token"]',
  '*["azure.account-key"]',
];

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const opts = { level, base: { app: 'pangolin' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(opts, destination as pino.DestinationStream) : pino(opts, pino.destination(2));
}
