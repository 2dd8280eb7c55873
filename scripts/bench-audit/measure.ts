import { withTenant } from '@/lib/tenancy/with-tenant';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import type { AuditEventFields } from '@/lib/audit/event';

export interface LatencyRow {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  /** Milliseconds the p95 must stay under, when the issue sets one. */
  targetP95?: number;
}

export function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

/**
 * Runs `run` `runs` times one after another (a single viewer), after one unmeasured pass over the same
 * inputs: the figures are for a warm cache, as a log someone is browsing is.
 */
export async function measureLatency(name: string, runs: number, run: (index: number) => Promise<unknown>, targetP95?: number): Promise<LatencyRow> {
  for (let index = 0; index < runs; index++) await run(index);
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await run(index);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { name, runs, p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), targetP95 };
}

export interface ThroughputRow {
  name: string;
  eventsPerSecond: number;
  transactionP95: number;
}

/**
 * `concurrency` appenders, each appending `batchSize` events per transaction through appendAuditEvents
 * (the production path, head lock included), or per call through recordAuditEvent, to the tenant
 * `pickTenant` names, for `durationMs`.
 */
export async function measureAppends(options: {
  name: string;
  concurrency: number;
  batchSize: number;
  durationMs: number;
  pickTenant: () => string;
  /** Append through recordAuditEvent (one event per call, coalesced per tenant) instead of one transaction per batch. */
  viaRecorder?: boolean;
}): Promise<ThroughputRow> {
  const deadline = performance.now() + options.durationMs;
  const latencies: number[] = [];
  let appended = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let round = 0; performance.now() < deadline; round++) {
        const tenantId = options.pickTenant();
        const batch = Array.from({ length: options.batchSize }, (_, index) => benchFields(worker, round, index));
        const before = performance.now();
        if (options.viaRecorder) await Promise.all(batch.map((fields) => recordAuditEvent({ ...fields, tenantId })));
        else await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, batch));
        latencies.push(performance.now() - before);
        appended += batch.length;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { name: options.name, eventsPerSecond: appended / ((performance.now() - started) / 1000), transactionP95: percentile(latencies, 0.95) };
}

function benchFields(worker: number, round: number, index: number): Omit<AuditEventFields, 'tenantId'> {
  return {
    actor: { type: 'api_key', id: `key-${worker % 3}`, label: `service ${worker % 3}` },
    action: 'inference.request',
    target: 'model:small-1',
    requestId: `bench-${worker}-${round}-${index}`,
    outcome: 'success',
    payload: { promptTokens: 120 + index, latencyMs: 41.5, rules: ['pii.email'], decision: { allowed: true } },
  };
}
