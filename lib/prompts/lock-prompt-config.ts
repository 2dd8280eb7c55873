import 'server-only';
import { NotFoundError } from '@/lib/errors';
import type { DataPlaneTransaction } from '@/lib/placement/with-tenant-data';

/**
 * Locks the configuration row for the rest of the transaction, so changes to one configuration
 * (a save and an activation, two activations) apply one after the other. RLS applies: another
 * tenant's configuration id matches no row and reads as not found.
 */
export async function lockPromptConfig(tx: DataPlaneTransaction, configId: string): Promise<{ id: string; name: string; activeVersionId: string | null }> {
  const [config] = await tx.$queryRaw<{ id: string; name: string; active_version_id: string | null }[]>`
    SELECT id, name, active_version_id FROM prompt_configs WHERE id = ${configId}::uuid FOR UPDATE`;
  if (!config) throw new NotFoundError();
  return { id: config.id, name: config.name, activeVersionId: config.active_version_id };
}
