import 'server-only';
import { defineHistogram } from '@/lib/metrics/metric-registry';

/** Time of one group-commit transaction (one batch of a tenant's events), success or not. */
export const auditAppendSeconds = defineHistogram({
  name: 'bulkhead_audit_append_seconds',
  help: 'Time to append one batch of audit events to a tenant chain (one group-commit transaction).',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
});
