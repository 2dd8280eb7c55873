import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { withTenantData } from '@/lib/placement/with-tenant-data';
import { activatePromptVersion } from './activate-prompt-version';
import type { PromptActor } from './prompt-context';

/**
 * Rolls the configuration back to the version that was live before the current one (the archived
 * version activated most recently).
 * @throws UserFacingError when no version was live before
 */
export async function rollbackPromptConfig(tenantId: string, configId: string, actor: PromptActor) {
  const earlier = await withTenantData(
    tenantId,
    'prompt',
    (tx) =>
      tx.promptVersion.findFirst({
        where: { configId, state: 'archived', activatedAt: { not: null } },
        orderBy: { activatedAt: 'desc' },
        select: { id: true },
      }),
    { readOnly: true },
  );
  if (!earlier) throw new UserFacingError('There is no earlier live version to roll back to.', 409);
  return activatePromptVersion(tenantId, { configId, versionId: earlier.id }, actor, 'rollback');
}
