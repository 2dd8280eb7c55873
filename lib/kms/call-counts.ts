import 'server-only';
/**
 * How many requests lib/kms sent to KMS, per operation and per tenant: the metric that shows the
 * data-key cache works (calls grow with active tenants, not with traffic), and the test hook
 * that proves it. Every attempt counts, retries included.
 */
export interface KmsCallCounts {
  total: number;
  byOperation: Record<string, number>;
  /** Tenant id → operation → calls. Calls made for no tenant (platform key setup) appear only above. */
  byTenant: Record<string, Record<string, number>>;
}

let counts: KmsCallCounts = { total: 0, byOperation: {}, byTenant: {} };

export function recordKmsCall(operation: string, tenantId?: string) {
  counts.total += 1;
  counts.byOperation[operation] = (counts.byOperation[operation] ?? 0) + 1;
  if (tenantId) {
    const tenant = (counts.byTenant[tenantId] ??= {});
    tenant[operation] = (tenant[operation] ?? 0) + 1;
  }
}

/** A snapshot (later calls do not change it). */
export function getKmsCallCounts(): KmsCallCounts {
  return structuredClone(counts);
}

export function resetKmsCallCounts() {
  counts = { total: 0, byOperation: {}, byTenant: {} };
}
