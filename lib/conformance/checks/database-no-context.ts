import 'server-only';
import { getPlacement } from '@/lib/placement/get-placement';
import { LAYERS } from '@/lib/placement/layers';
import { connectAsAppRole } from '../app-connection';
import { captureRefusal } from '../outcome';
import { connectToPlacement, findTenantTables, inRolledBackTransaction } from '../placement-connection';
import { plantMarkers, removeMarkers } from '../plant-markers';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

const WRITE_PROBES: Record<string, string> = {
  prompt: 'INSERT INTO conversations (tenant_id, title) VALUES ($1::uuid, $2)',
  retrieval: "INSERT INTO documents (tenant_id, title, content_hash) VALUES ($1::uuid, $2, 'conformance-no-context')",
};

/**
 * Connections with no tenant context at all (what a request that forgot withTenant would hold):
 * every tenant table reads empty and writes are refused. Positive control: the same connection with
 * the target's context sees the planted rows.
 */
export const databaseNoContextCheck: ConformanceCheck = {
  id: 'database.no_context',
  layer: 'database',
  attacked: "Read every tenant table and write a row on each of this tenant's placements with no tenant context set",
  expected: '0 rows everywhere; writes refused by row-level security',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const markers = await plantMarkers(context.target.id, context.runId);
    try {
      await context.recordProbe(this.id, [context.target.id], { planted: 'conversation and document' });
      const problems: string[] = [];
      let controlRows = 0;
      const app = await connectAsAppRole();
      try {
        for (const table of await findTenantTables(app, 'public')) {
          const { rows } = await app.query(`SELECT count(*)::int AS n FROM public."${table}"`);
          if (rows[0].n > 0) problems.push(`public.${table} read ${rows[0].n} rows`);
        }
      } finally {
        await app.end();
      }
      for (const layer of LAYERS) {
        const placement = await getPlacement(context.target.id, layer);
        const client = await connectToPlacement(placement);
        try {
          for (const table of await findTenantTables(client, placement.schemaName)) {
            const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${placement.schemaName}"."${table}"`);
            if (rows[0].n > 0) problems.push(`${placement.schemaName}.${table} read ${rows[0].n} rows`);
          }
          const write = WRITE_PROBES[layer];
          if (write) {
            const refusal = await captureRefusal(() =>
              inRolledBackTransaction(client, null, () => client.query(write, [context.target.id, 'conformance no-context write'])),
            );
            if (refusal === null) problems.push(`${layer}: a write with no context was accepted`);
            const { rows } = await inRolledBackTransaction(client, context.target.id, () =>
              client.query(`SELECT count(*)::int AS n FROM ${layer === 'prompt' ? 'conversations' : 'documents'} WHERE id = $1::uuid`, [
                layer === 'prompt' ? markers.conversationId : markers.documentId,
              ]),
            );
            controlRows += rows[0].n;
          }
        } finally {
          await client.end();
        }
      }
      return {
        observed: problems.length === 0 ? '0 rows read; writes refused' : problems.join('; '),
        isRefused: problems.length === 0,
        control: { observed: `with the tenant's context: ${controlRows} of 2 planted rows visible`, isDetected: controlRows === 2 },
      };
    } finally {
      await removeMarkers(context.target.id, markers);
    }
  },
};
