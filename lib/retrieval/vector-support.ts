import 'server-only';
import type { TenantSqlClient } from '@/lib/tenancy/with-tenant-sql';

/**
 * pgvector on the placement's server: `installed` (the extension exists in this database, so
 * nearest-neighbour candidates come from SQL), `available` (the server ships it but nobody ran
 * CREATE EXTENSION: an operator step), or `absent` (the embedded server: embeddings only re-rank
 * full-text candidates; see docs/knowledge-bases.md).
 */
export type VectorSupport = 'installed' | 'available' | 'absent';

export async function detectVectorSupport(client: TenantSqlClient): Promise<VectorSupport> {
  const {
    rows: [row],
  } = await client.query<{ available: boolean; installed: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS installed`,
  );
  return row.installed ? 'installed' : row.available ? 'available' : 'absent';
}
