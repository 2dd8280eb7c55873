import 'server-only';
import { env } from '@/lib/env';
import { z } from 'zod';
import { logEvent } from '@/lib/log/logger';
import { findTenantsToCheck } from './find-tenants-to-check';
import { openFailureIncident } from './open-failure-incident';
import { runConformanceSuite } from './run-suite';
import type { CheckRecord } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

// Between a minute (a probe run touches every layer of every tenant: more often would be load, not
// evidence) and 30 days (a monthly questionnaire still gets a fresh run); 'off' for installations
// that run the CLI from their own scheduler instead.
const intervalSchema = z.union([
  z.literal('off'),
  z
    .string()
    .regex(/^\d+$/, "BULKHEAD_CONFORMANCE_INTERVAL_MS must be 'off' or a whole number of milliseconds.")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(60_000, 'BULKHEAD_CONFORMANCE_INTERVAL_MS must be at least 60000 (one minute).')
        .max(30 * DAY_MS, 'BULKHEAD_CONFORMANCE_INTERVAL_MS must be at most 30 days.'),
    ),
]);

/**
 * The scheduled run's interval from BULKHEAD_CONFORMANCE_INTERVAL_MS: default one day, 'off' for none.
 * @throws Error with a message naming the setting when it is not valid (the server refuses to start)
 */
export function readConformanceInterval(value = env.conformanceIntervalSetting): number | 'off' {
  if (value === undefined || value === '') return DAY_MS;
  const parsed = intervalSchema.safeParse(value.trim());
  if (!parsed.success) {
    // A union reports its branches' issues; the number branch's message is the one a person can act on.
    const messages = parsed.error.issues.flatMap((issue) =>
      issue.code === 'invalid_union' ? issue.errors.flat().map((inner) => inner.message) : [issue.message],
    );
    throw new Error(
      messages.find((message) => message.startsWith('BULKHEAD_')) ?? "BULKHEAD_CONFORMANCE_INTERVAL_MS must be 'off' or a whole number of milliseconds.",
    );
  }
  return parsed.data;
}

/** Runs the suite for every tenant, one after another; a failed run opens an incident. */
export async function runScheduledConformance(): Promise<{ tenants: number; failed: number }> {
  let failed = 0;
  const tenants = await findTenantsToCheck();
  for (const tenant of tenants) {
    const records: CheckRecord[] = [];
    try {
      const { run, status } = await runConformanceSuite(tenant, { trigger: 'schedule', requestedBy: 'scheduler', onRecord: (record) => records.push(record) });
      if (status !== 'passed') {
        failed++;
        await openFailureIncident(tenant.id, run.id, records);
      }
    } catch (error) {
      failed++;
      logEvent('error', 'scheduled conformance run failed', { tenantId: tenant.id, error });
    }
  }
  return { tenants: tenants.length, failed };
}

/**
 * Starts the console server's scheduled runs (the first one interval after start, so a restart
 * loop does not probe every tenant on each start). Returns a stop function.
 */
export function startConformanceSchedule(intervalMs = readConformanceInterval()): () => void {
  if (intervalMs === 'off') return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runScheduledConformance()
      .then((outcome) => logEvent('info', 'scheduled conformance runs finished', outcome))
      .catch((error) => logEvent('error', 'scheduled conformance runs failed', { error }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
