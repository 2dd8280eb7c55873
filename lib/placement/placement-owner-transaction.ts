import 'server-only';
import pg from 'pg';
import { setTenantContextOnClient } from '@/lib/tenancy/tenant-context';
import { getOwnerUrlFor } from './connection-target';
import type { Placement } from './get-placement';
import { getCopyServerOwnerUrl } from './servers/get-server-owner-url';

/**
 * One transaction as the owner role (BULKHEAD_OWNER_DATABASE_URL) on the schema or database a placement
 * lives in, with search_path pinned to its schema and the tenant's context set (row-level security is
 * forced there, for the owner too). Maintenance only: freezing a chain, retention. Never a request's
 * path: the console is not given the owner's URL, so there this fails before connecting.
 */
export async function inPlacementOwnerTransaction<T>(placement: Placement, work: (owner: pg.Client) => Promise<T>): Promise<T> {
  const owner = new pg.Client({ connectionString: await getPlacementOwnerUrl(placement) });
  await owner.connect();
  try {
    await owner.query('BEGIN');
    await owner.query(`SET LOCAL search_path TO ${pg.escapeIdentifier(placement.schemaName)}`);
    await setTenantContextOnClient(owner, placement.tenantId);
    const result = await work(owner);
    await owner.query('COMMIT');
    return result;
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await owner.end().catch(() => {});
  }
}

async function getPlacementOwnerUrl(placement: Placement): Promise<string> {
  return getOwnerUrlFor(placement.databaseName, await getCopyServerOwnerUrl(placement));
}
