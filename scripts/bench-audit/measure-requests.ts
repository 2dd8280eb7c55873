import pg from 'pg';
import { getAuditChainStore, type GatewayRequestFilter } from '@/lib/audit/store/chain-store';
import { measureLatency, type LatencyRow } from './measure';
import type { SeededTenant } from './seed-events';

/** Target for one page of the console's requests list, as for the audit viewer's filtered pages. */
const TARGET_P95_MS = 150;
const PARTIAL_INDEX = 'audit_events_requests_outcome_seq_idx';

/** The filters a tenant admin uses on the requests list, over the seeded data's shapes (see seed-events.ts: 30% of events are requests, 1% fail). */
function buildRequestFilters(tenant: SeededTenant, index: number): [string, GatewayRequestFilter][] {
  const seq = 1 + ((index * 7919) % tenant.eventCount);
  return [
    ['outcome (failure: 1% of requests)', { outcome: 'failure' }],
    ['outcome (blocked: 6%)', { outcome: 'blocked' }],
    ['model', { model: `small-${index % 3}` }],
    ['principal', { actorId: `key-${index % 3}` }],
    ['part of a request id', { requestId: `-${seq}` }],
  ];
}

/**
 * The requests list's pages through the production store (findRequests: the latest event per request,
 * keyset by seq, as the app role under RLS), first and later pages and each filter, then the rarest
 * outcome filter again without the partial (tenant_id, outcome, seq) index, to show what it buys.
 */
export async function measureRequestsList(label: string, tenants: SeededTenant[], ownerUrl: string): Promise<LatencyRow[]> {
  const runs = 100;
  const pick = (index: number) => tenants[(index * 104729) % tenants.length];
  const store = (index: number) => getAuditChainStore(pick(index).id);
  const rows = [
    await measureLatency(
      `${label}: requests, first page + filter choices`,
      runs,
      (index) => Promise.all([store(index).findRequests({ limit: 50 }), store(index).findRecentRequestFacets()]),
      TARGET_P95_MS,
    ),
    await measureLatency(
      `${label}: requests, a later page`,
      runs,
      (index) => store(index).findRequests({ limit: 50, beforeSeq: Math.max(2, pick(index).eventCount - 150 * (1 + (index % 20))) }),
      TARGET_P95_MS,
    ),
  ];
  for (const [position, name] of buildRequestFilters(tenants[0], 0).map(([filterName], at) => [at, filterName] as const)) {
    rows.push(
      await measureLatency(
        `${label}: requests, ${name}`,
        runs / 2,
        (index) => store(index).findRequests({ ...buildRequestFilters(pick(index), index)[position][1], limit: 50 }),
        TARGET_P95_MS,
      ),
    );
  }
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const { rows: saved } = await owner.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = $1`, [
      PARTIAL_INDEX,
    ]);
    if (saved.length === 1) {
      await owner.query(`DROP INDEX public.${PARTIAL_INDEX}`);
      rows.push(
        await measureLatency(`${label}: requests, outcome failure, WITHOUT the partial index`, runs / 2, (index) =>
          store(index).findRequests({ outcome: 'failure', limit: 50 }),
        ),
      );
      await owner.query(saved[0].indexdef);
    }
  } finally {
    await owner.end();
  }
  return rows;
}
