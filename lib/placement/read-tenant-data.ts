import 'server-only';
import type { PoolClient, QueryResultRow } from 'pg';
import type { InlineSql } from '@/lib/db/inline-sql';
import { executeInSchema } from '@/lib/db/prepared-sql';
import { buildBeginWithTenantContext } from '@/lib/tenancy/tenant-context';
import { runTenantStatement, runTenantTransaction, type TenantSqlClient } from '@/lib/tenancy/with-tenant-sql';
import { resolveRequestTarget, type ConnectionTarget } from './connection-target';
import { PlacementUnavailableError } from './errors';
import type { Placement } from './get-placement';
import type { Layer } from './layers';
import { getPlacementForRead } from './placement-read-cache';
import { onTargetConnection } from './target-transaction';

const STATEMENT_TIMEOUT_MS = 10_000;

/**
 * The hot-path twin of withTenantData for reads (gateway retrieval and prompt lookup, knowledge
 * search): one READ ONLY transaction on the tenant's placement whose first statement sets the
 * transaction-local `app.tenant_id`, on the placement pool's plain `pg` connections instead of a
 * Prisma interactive transaction. BEGIN, the statement timeout and the setting travel in one round
 * trip, so a read costs three (begin, query, commit). Row-level security and the placement's own
 * role confine `work` exactly as in withTenantData. The placement comes from the short-lived read
 * cache (placement-read-cache.ts). The caller must already have authorized the principal.
 */
export async function readTenantData<T>(tenantId: string, layer: Layer, work: (client: TenantSqlClient, placement: Placement) => Promise<T>): Promise<T> {
  return onPlacementConnection(tenantId, layer, (client, beginStatement, placement) =>
    runTenantTransaction(client, beginStatement, (tx) => work(tx, placement)),
  );
}

/**
 * readTenantData for a single statement, in one round trip instead of three: BEGIN READ ONLY, the
 * timeout, the tenant setting, `statement` and COMMIT travel as one simple query. For the reads the
 * gateway makes on every request.
 */
export async function readTenantRows<Row extends QueryResultRow>(
  tenantId: string,
  layer: Layer,
  statement: InlineSql,
): Promise<{ rows: Row[]; placement: Placement }> {
  return onPlacementConnection(tenantId, layer, async (client, beginStatement, placement, target) => ({
    rows: await runTenantStatement<Row>(client, beginStatement, target.assumed ? executeInSchema(statement, target.assumed.schema) : statement),
    placement,
  }));
}

/** A connection of the tenant's placement pool (released by `use`) and the statement beginning its read transaction. */
async function onPlacementConnection<T>(
  tenantId: string,
  layer: Layer,
  use: (client: PoolClient, beginStatement: string, placement: Placement, target: ConnectionTarget) => Promise<T>,
): Promise<T> {
  const placement = await getPlacementForRead(tenantId, layer);
  if (placement.state === 'provisioning' || placement.state === 'retired') throw new PlacementUnavailableError(placement.state);
  const target = await getReadTarget(placement);
  const beginStatement = buildBeginWithTenantContext(tenantId, { readOnly: true, statementTimeoutMs: STATEMENT_TIMEOUT_MS, assumed: target.assumed });
  return onTargetConnection(target, (client) => use(client, beginStatement, placement, target));
}

// Resolving a placement reached by its own role's login opens its role password with the tenant's
// key. The read cache hands out one Placement object per (tenant, layer) for its whole period, so
// keying on that object resolves it once per period instead of on every read, and forgets it with the object.
const readTargets = new WeakMap<Placement, Promise<ConnectionTarget>>();

function getReadTarget(placement: Placement): Promise<ConnectionTarget> {
  let target = readTargets.get(placement);
  if (!target) {
    target = resolveRequestTarget(placement);
    readTargets.set(placement, target);
    target.catch(() => readTargets.delete(placement));
  }
  return target;
}
