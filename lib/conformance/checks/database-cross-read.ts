import 'server-only';
import { getPlacement } from '@/lib/placement/get-placement';
import { LAYERS } from '@/lib/placement/layers';
import { connectAsAppRole } from '../app-connection';
import { connectToPlacement, findTenantTables, inRolledBackTransaction } from '../placement-connection';
import { plantMarkers, removeMarkers } from '../plant-markers';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

/**
 * Holds the probe tenant's context on each of the target's placements (and the control plane) and
 * counts the target's rows in every tenant table there. Positive control: the same connection in the
 * target's own context sees the rows planted for this run.
 */
export const databaseCrossReadCheck: ConformanceCheck = {
  id: 'database.cross_tenant_read',
  layer: 'database',
  attacked: "As the application's roles with another tenant's context, read this tenant's rows in every tenant table of every layer and the control plane",
  expected: '0 rows in every table',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const markers = await plantMarkers(context.target.id, context.runId);
    try {
      // Recorded before the reads, so the logs layer holds a row of the target's for the control to see.
      await context.recordProbe(this.id, [context.target.id, context.other.id], { planted: 'conversation and document' });
      const leaks: string[] = [];
      const seen: string[] = [];
      const control = await connectAsAppRole();
      try {
        const tables = await findTenantTables(control, 'public');
        await inRolledBackTransaction(control, context.other.id, async () => {
          for (const table of tables) {
            const { rows } = await control.query(`SELECT count(*)::int AS n FROM public."${table}" WHERE tenant_id = $1::uuid`, [context.target.id]);
            if (rows[0].n > 0) leaks.push(`public.${table}: ${rows[0].n}`);
          }
          const tenants = await control.query('SELECT count(*)::int AS n FROM public.tenants WHERE id = $1::uuid', [context.target.id]);
          if (tenants.rows[0].n > 0) leaks.push('public.tenants: 1');
        });
        const own = await inRolledBackTransaction(control, context.target.id, () =>
          control.query('SELECT count(*)::int AS n FROM public.tenants WHERE id = $1::uuid', [context.target.id]),
        );
        if (own.rows[0].n === 1) seen.push('control plane');
      } finally {
        await control.end();
      }
      for (const layer of LAYERS) {
        const placement = await getPlacement(context.target.id, layer);
        const client = await connectToPlacement(placement);
        try {
          const tables = await findTenantTables(client, placement.schemaName);
          await inRolledBackTransaction(client, context.other.id, async () => {
            for (const table of tables) {
              const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${placement.schemaName}"."${table}" WHERE tenant_id = $1::uuid`, [
                context.target.id,
              ]);
              if (rows[0].n > 0) leaks.push(`${layer} ${placement.schemaName}.${table}: ${rows[0].n}`);
            }
          });
          if (await isPlantedRowVisible(client, placement.schemaName, layer, context.target.id, markers)) seen.push(layer);
        } finally {
          await client.end();
        }
      }
      return {
        observed: leaks.length === 0 ? '0 rows in every table' : `rows visible: ${leaks.join('; ')}`,
        isRefused: leaks.length === 0,
        control: { observed: `own context sees its rows in: ${seen.join(', ') || 'nothing'}`, isDetected: seen.length === LAYERS.length + 1 },
      };
    } finally {
      await removeMarkers(context.target.id, markers);
    }
  },
};

async function isPlantedRowVisible(
  client: import('pg').Client,
  schema: string,
  layer: string,
  tenantId: string,
  markers: { conversationId: string; documentId: string },
) {
  const probe =
    layer === 'prompt'
      ? { sql: `SELECT count(*)::int AS n FROM "${schema}".conversations WHERE id = $1::uuid`, value: markers.conversationId }
      : layer === 'retrieval'
        ? { sql: `SELECT count(*)::int AS n FROM "${schema}".documents WHERE id = $1::uuid`, value: markers.documentId }
        : { sql: `SELECT count(*)::int AS n FROM "${schema}".audit_events WHERE tenant_id = $1::uuid`, value: tenantId };
  const { rows } = await inRolledBackTransaction(client, tenantId, () => client.query(probe.sql, [probe.value]));
  return rows[0].n > 0;
}
