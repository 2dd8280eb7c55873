import 'server-only';
import { defineGauge } from '@/lib/metrics/metric-registry';
import { countWaitingAuditEvents } from './record-event';

/**
 * Audit events this process accepted and has not yet committed, read at scrape time from the
 * group-commit queues. A depth that keeps growing means appends are slower than traffic: every
 * waiting request is held until its event commits. (The append latency histogram,
 * bulkhead_audit_append_seconds, is defined with the queues it times.)
 */
export function registerAuditQueueMetrics(): void {
  defineGauge({
    name: 'bulkhead_audit_queue_depth',
    help: 'Audit events waiting in this process for their group commit, across tenants.',
    collect: (gauge) => gauge.set(countWaitingAuditEvents()),
  });
}
