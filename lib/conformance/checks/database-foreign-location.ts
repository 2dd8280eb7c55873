import 'server-only';
import { getPlacement, type Placement } from '@/lib/placement/get-placement';
import { LAYERS } from '@/lib/placement/layers';
import { findOtherLocations } from '../find-other-placements';
import { captureRefusal, notApplicable } from '../outcome';
import { connectToPlacement } from '../placement-connection';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

async function findPlacementsAt(tenantId: string, tier: 'schema_kms' | 'dedicated'): Promise<Placement[]> {
  const placements = await Promise.all(LAYERS.map((layer) => getPlacement(tenantId, layer)));
  return placements.filter((placement) => placement.tier === tier && placement.roleName !== null);
}

async function schemaExists(client: Awaited<ReturnType<typeof connectToPlacement>>, table: string): Promise<boolean> {
  const schema = table.startsWith('"') ? table.slice(1, table.indexOf('"', 1)) : table.split('.')[0];
  // The catalog is readable by every role, whatever its privileges on the schema.
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rowCount === 1;
}

/** A schema_kms role reading another tenant's schema, and the control plane's tables. */
export const databaseForeignSchemaCheck: ConformanceCheck = {
  id: 'database.foreign_schema',
  layer: 'database',
  attacked: "As this tenant's schema_kms roles, read another tenant's schema and the control plane's tenants table",
  expected: 'permission denied',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const placements = await findPlacementsAt(context.target.id, 'schema_kms');
    if (placements.length === 0) return notApplicable('no layer of this tenant is at schema_kms');
    const others = (await findOtherLocations(context.target.id, 'schema_kms')).filter((other) => other.databaseName === null);
    const reached: string[] = [];
    const refusals: string[] = [];
    const absent: string[] = [];
    const own: string[] = [];
    for (const placement of placements) {
      const client = await connectToPlacement(placement);
      try {
        const targets = [
          'public.tenants',
          ...others.map(
            (other) => `"${other.schemaName}".${other.layer === 'logs' ? 'audit_events' : other.layer === 'prompt' ? 'prompt_versions' : 'documents'}`,
          ),
        ];
        for (const table of targets) {
          const refusal = await captureRefusal(() => client.query(`SELECT 1 FROM ${table} LIMIT 1`));
          // A schema recorded but no longer there (a copy being moved or destroyed right now) reaches
          // nothing and proves nothing: counted apart. A missing table in a schema that does exist is
          // not excused: getting that far means the role passed the schema's USAGE check.
          if (refusal !== null && /does not exist/.test(refusal) && !(await schemaExists(client, table))) absent.push(table);
          else if (refusal === null || !/permission denied/.test(refusal)) reached.push(`${placement.roleName} -> ${table}${refusal ? ` (${refusal})` : ''}`);
          else refusals.push(table);
        }
        const ownTable = placement.layer === 'logs' ? 'audit_events' : placement.layer === 'prompt' ? 'prompt_versions' : 'documents';
        if ((await captureRefusal(() => client.query(`SELECT 1 FROM "${placement.schemaName}".${ownTable} LIMIT 1`))) === null) own.push(placement.layer);
      } finally {
        await client.end();
      }
    }
    await context.recordProbe(this.id, [context.target.id, ...new Set(others.map((other) => other.tenantId))], {
      attempts: reached.length + refusals.length,
      reached: reached.length,
    });
    return {
      observed:
        reached.length === 0
          ? `permission denied on ${refusals.length} foreign tables${absent.length ? ` (${absent.length} recorded locations absent)` : ''}`
          : `reached: ${reached.join('; ')}`,
      isRefused: reached.length === 0,
      control: { observed: `the same roles read their own schema: ${own.join(', ') || 'none'}`, isDetected: own.length === placements.length },
    };
  },
};

/** A dedicated role connecting to another tenant's database. */
export const databaseForeignDatabaseCheck: ConformanceCheck = {
  id: 'database.foreign_database',
  layer: 'database',
  attacked: "As this tenant's dedicated roles, connect to another tenant's dedicated database",
  expected: 'connection refused (permission denied for database)',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const placements = await findPlacementsAt(context.target.id, 'dedicated');
    if (placements.length === 0) return notApplicable('no layer of this tenant is dedicated');
    const others = (await findOtherLocations(context.target.id, 'dedicated')).filter((other) => other.databaseName !== null);
    if (others.length === 0) return notApplicable('no other tenant has a dedicated database to try');
    const connected: string[] = [];
    const own: string[] = [];
    for (const placement of placements) {
      for (const other of others) {
        const refusal = await captureRefusal(async () => (await connectToPlacement(placement, { database: other.databaseName! })).end());
        if (refusal === null || !/permission denied|does not exist|no pg_hba/.test(refusal)) connected.push(`${placement.roleName} -> ${other.databaseName}`);
      }
      if ((await captureRefusal(async () => (await connectToPlacement(placement)).end())) === null) own.push(placement.layer);
    }
    await context.recordProbe(this.id, [context.target.id, ...new Set(others.map((other) => other.tenantId))], {
      attempts: placements.length * others.length,
      connected: connected.length,
    });
    return {
      observed: connected.length === 0 ? `refused on all ${placements.length * others.length} attempts` : `connected: ${connected.join('; ')}`,
      isRefused: connected.length === 0,
      control: { observed: `the same roles connect to their own database: ${own.join(', ') || 'none'}`, isDetected: own.length === placements.length },
    };
  },
};
