import 'server-only';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { withTenantData } from '@/lib/placement/with-tenant-data';
import { announceActivePromptChange } from './announce-active-prompt';
import { assertNoSecrets } from './assert-prompt-allowed';
import { lockPromptConfig } from './lock-prompt-config';
import { hashPromptText, loadPromptPlacement, recordPromptChange, type PromptActor, type PromptChange } from './prompt-context';
import { PromptConflictError } from './prompt-errors';
import { openPromptText } from './prompt-sealing';

export interface VersionRef {
  configId: string;
  versionId: string;
}

/**
 * Makes a draft or archived version the configuration's live one; the version live until now is
 * archived. The text is linted again first (a credential never goes live, even in an old version),
 * and the version must not have changed between that check and the switch.
 * @throws NotFoundError for a version not in this tenant's configuration; PromptSecretError; PromptConflictError
 */
export async function activatePromptVersion(
  tenantId: string,
  ref: VersionRef,
  actor: PromptActor,
  change: Extract<PromptChange, 'activate' | 'rollback'> = 'activate',
) {
  const { placement } = await loadPromptPlacement(tenantId);
  const target = await withTenantData(tenantId, 'prompt', (tx) => tx.promptVersion.findFirst({ where: { id: ref.versionId, configId: ref.configId } }), {
    readOnly: true,
  });
  if (!target) throw new NotFoundError();
  if (target.state === 'active') throw new UserFacingError(`Version ${target.version} is already live.`, 409);
  const text = await openPromptText(placement, 'body', target.id, target.body);
  assertNoSecrets(text);

  const result = await withTenantData(tenantId, 'prompt', async (tx) => {
    const config = await lockPromptConfig(tx, ref.configId);
    const current = await tx.promptVersion.findUnique({ where: { id: target.id }, select: { state: true, updatedAt: true } });
    if (!current || current.state !== target.state || current.updatedAt.getTime() !== target.updatedAt.getTime()) throw new PromptConflictError();

    const previous = await tx.promptVersion.findFirst({ where: { configId: ref.configId, state: 'active' }, select: { id: true, version: true } });
    if (previous) await tx.promptVersion.update({ where: { id: previous.id }, data: { state: 'archived' } });
    await tx.promptVersion.update({ where: { id: target.id }, data: { state: 'active', activatedAt: new Date() } });
    await tx.promptConfig.update({ where: { id: config.id }, data: { activeVersionId: target.id } });
    await recordPromptChange(tenantId, actor, ref.configId, change, {
      versionId: target.id,
      version: target.version,
      previousVersionId: previous?.id ?? null,
      previousVersion: previous?.version ?? null,
      bodySha256: hashPromptText(text),
      model: target.model,
      temperature: target.temperature,
      maxTokens: target.maxTokens,
    });
    return { versionId: target.id, version: target.version, previousVersion: previous?.version ?? null };
  });
  // This process serves the new version from its next request; the others once the notice reaches them.
  await announceActivePromptChange(tenantId);
  return result;
}
