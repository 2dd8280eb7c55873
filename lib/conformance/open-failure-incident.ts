import 'server-only';
import { openIncidents } from '@/lib/control/incidents/open-incidents';
import type { IncidentLayer } from '@/lib/control/incidents/derive-incidents';
import type { CheckRecord, ConformanceLayer } from './types';

const INCIDENT_LAYER: Record<ConformanceLayer, IncidentLayer> = {
  database: 'prompt',
  keys: 'prompt',
  context_cache: 'prompt',
  retrieval: 'retrieval',
  logs: 'logs',
};

/**
 * A scheduled run that found a protection missing opens an incident for the tenant (with its audit
 * event), naming the failed checks: nobody watches a scheduled run, so its failure must reach the
 * incidents queue. Checks that could not be carried out count too: the protection was not shown.
 */
export async function openFailureIncident(tenantId: string, runId: string, records: readonly CheckRecord[]): Promise<void> {
  const failed = records.filter((record) => record.result === 'fail' || record.result === 'error');
  if (failed.length === 0) return;
  await openIncidents(
    [
      {
        tenantId,
        kind: 'isolation_conformance',
        severity: failed.some((record) => record.result === 'fail') ? 'critical' : 'high',
        layer: INCIDENT_LAYER[failed[0].layer],
        otherTenantId: null,
        requestId: runId,
        summary: `Scheduled isolation conformance run found ${failed.length} check(s) not passing: ${failed.map((record) => record.checkId).join(', ')}.`,
      },
    ],
    tenantId,
  );
}
