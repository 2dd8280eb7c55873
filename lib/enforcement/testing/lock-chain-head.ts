import { connectAsApp } from '@/lib/testing/fixtures';
import { buildBeginWithTenantContext } from '@/lib/tenancy/tenant-context';

/**
 * Holds a tenant's audit chain head row locked, as a stuck appender would (creating the row if the chain
 * has none yet), until `release` rolls back: every append for the tenant waits meanwhile.
 */
export async function lockChainHead(tenantId: string): Promise<{ release(): Promise<void> }> {
  const app = await connectAsApp();
  try {
    await app.query(buildBeginWithTenantContext(tenantId));
    await app.query(
      `INSERT INTO audit_heads (tenant_id, seq, hash, time) VALUES ($1, 0, repeat('0', 64), to_timestamp(0))
      ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq`,
      [tenantId],
    );
  } catch (error) {
    await app.end();
    throw error;
  }
  return {
    async release() {
      try {
        await app.query('ROLLBACK');
      } finally {
        await app.end();
      }
    },
  };
}
