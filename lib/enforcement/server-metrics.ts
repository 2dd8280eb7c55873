import 'server-only';
import { registerAuditQueueMetrics } from '@/lib/audit/store/audit-metrics';
import { registerKmsMetrics } from '@/lib/kms/kms-metrics';
import { collectProcessMetrics } from '@/lib/metrics/metric-registry';
import { registerPoolMetrics } from '@/lib/placement/pool-metrics';
import './gateway-metrics';
import '@/lib/control/incidents/incident-metrics';

/**
 * Registers every metric a server process exposes (the gateway service and the console): the
 * request counters and histograms are defined where they are counted; the gauges and the counters
 * read from existing counts are registered here, so a scrape sees every series even before traffic.
 * Idempotent.
 */
export function registerServerMetrics(): void {
  collectProcessMetrics();
  registerAuditQueueMetrics();
  registerKmsMetrics();
  registerPoolMetrics();
}
