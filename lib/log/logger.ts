import 'server-only';
import pino, { type DestinationStream, type Logger } from 'pino';
import { env } from '@/lib/env';
import { REDACTED_LOG_PATHS } from './redacted-paths';

/**
 * Structured server log (pino): one JSON line per event on stderr, or readable lines when
 * BULKHEAD_LOG_PRETTY=1 (`npm run demo`). Callers pass facts, never secrets (passwords, keys, tokens,
 * prompt or answer text); fields under those names are redacted anyway (redacted-paths.ts).
 * Request-scoped lines carry `requestId`, which ties a generic client error to its line here.
 */
export function logEvent(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) {
  getLogger()[level](fields, message);
}

// On globalThis so every bundle of the console shares one logger (one pretty-printing thread).
const holder = globalThis as unknown as { bulkheadLogger?: Logger };

/** The process's logger, for code that logs often enough to want a child with bound fields. */
export function getLogger(): Logger {
  return (holder.bulkheadLogger ??= createLogger());
}

/** A logger with the server's settings, writing to `destination` (stderr, or pretty lines, by default). */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: env.logLevel,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.err },
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    },
    destination ??
      (env.isLogPretty
        ? pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' } })
        : pino.destination({ fd: 2, sync: true })),
  );
}
