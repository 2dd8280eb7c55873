import 'server-only';
import { getPlacement } from '@/lib/placement/get-placement';
import { LAYERS } from '@/lib/placement/layers';
import { connectAsAppRole } from '../app-connection';
import { inspectSchemaCatalog } from '../catalog-queries';
import { connectToPlacement } from '../placement-connection';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

// Tables the control plane and every data-plane copy must have: the control proves the catalog query
// sees the tables it judges (a query that finds nothing finds no problem either).
const REQUIRED_TABLES: Record<string, readonly string[]> = {
  control: ['tenants', 'memberships', 'audit_events'],
  prompt: ['prompt_versions', 'conversations'],
  retrieval: ['documents', 'chunks'],
  logs: ['audit_events'],
};

export const databaseCatalogCheck: ConformanceCheck = {
  id: 'database.rls_catalog',
  layer: 'database',
  attacked:
    "Read back from the catalog whether every tenant table (control plane and each of this tenant's placements) has RLS enabled and forced with a policy keyed only on app.tenant_id",
  expected: 'no tenant table without ENABLE + FORCE row-level security and a read/write policy',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const problems: string[] = [];
    const missing: string[] = [];
    const judge = async (client: import('pg').Client, schema: string, required: readonly string[]) => {
      const found = await inspectSchemaCatalog(client, schema);
      problems.push(...found.problems.map((problem) => `${problem.table}: ${problem.problem}`));
      missing.push(...required.filter((table) => !found.tables.includes(table)).map((table) => `${schema}.${table}`));
      return found.tables.length;
    };
    let judged = 0;
    const app = await connectAsAppRole();
    try {
      judged += await judge(app, 'public', REQUIRED_TABLES.control);
    } finally {
      await app.end();
    }
    for (const layer of LAYERS) {
      const placement = await getPlacement(context.target.id, layer);
      if (layer === 'logs' && placement.schemaName === 'public') continue;
      const client = await connectToPlacement(placement);
      try {
        judged += await judge(client, placement.schemaName, REQUIRED_TABLES[layer]);
      } finally {
        await client.end();
      }
    }
    await context.recordProbe(this.id, [context.target.id], { tablesJudged: judged, problems: problems.length });
    return {
      observed: problems.length === 0 ? `${judged} tenant tables, all with forced RLS and a tenant policy` : problems.join('; '),
      isRefused: problems.length === 0,
      control: {
        observed: missing.length === 0 ? `the catalog query sees the ${judged} tenant tables it judges` : `tables not seen: ${missing.join(', ')}`,
        isDetected: missing.length === 0,
      },
    };
  },
};
