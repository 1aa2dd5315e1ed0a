/**
 * The process's logger: pino at the configured level, with secrets redacted wherever a config
 * object or an error lands in a log line — a database or service URL keeps its host but not
 * its password (maskCredentials), a token is replaced whole.
 */
import pino, { type Logger } from 'pino';
import { maskCredentials } from './domain/mask-credentials.js';

const urlPaths = ['databaseUrl', 'url', 'target', 'connectionString', 'input'];
const tokenPaths = ['adminToken', 'token', 'password', 'secret'];

export const redactedPaths = [...urlPaths, ...tokenPaths].flatMap((name) => [
  `config.${name}`,
  `*.config.${name}`,
  `options.${name}`,
  `err.${name}`,
  ...(name === 'url' || name === 'input' ? [] : [name, `*.${name}`]),
]);

function censor(value: unknown, path: string[]): unknown {
  const name = path.at(-1) ?? '';
  if (urlPaths.includes(name)) return typeof value === 'string' ? maskCredentials(value) : value;
  return '[Redacted]';
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
