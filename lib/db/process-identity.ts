import 'server-only';
import os from 'node:os';
import { env } from '@/lib/env';

const holder = globalThis as unknown as { bulkheadProcessName?: string };

/** Names this process in its database sessions (console, gateway, placement worker, ...). */
export function setProcessName(name: string): void {
  holder.bulkheadProcessName = name;
}

/**
 * PGAPPNAME when set (an operator's or a test harness's choice wins), else
 * `bulkhead <name> <host>:<pid>`: the application_name of this process's connections, so an
 * operator (and a migration waiting for an old copy's connections to close) can tell which process
 * on which machine still holds one. PostgreSQL keeps the first 63 bytes.
 */
export function describeProcess(): string {
  return env.applicationName || `bulkhead ${holder.bulkheadProcessName ?? 'process'} ${os.hostname()}:${process.pid}`;
}
