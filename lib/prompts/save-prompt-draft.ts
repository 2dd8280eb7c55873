import 'server-only';
import { randomUUID } from 'node:crypto';
import { registerCanary } from '@/lib/canaries/canary-registry';
import { NotFoundError } from '@/lib/errors';
import { withTenantData, type DataPlaneTransaction } from '@/lib/placement/with-tenant-data';
import { assertModelAllowed, assertNoSecrets } from './assert-prompt-allowed';
import { createCanaryToken } from '@/lib/canaries/canary-token';
import { lockPromptConfig } from './lock-prompt-config';
import { hashPromptText, loadPromptPlacement, recordPromptChange, type PromptActor } from './prompt-context';
import { PromptConflictError } from './prompt-errors';
import type { SaveDraftInput } from './prompt-schemas';
import { sealPromptText } from './prompt-sealing';

/**
 * Saves the editor's text and parameters as the configuration's draft: the draft is updated in
 * place when the newest version is one, otherwise a new draft version is added (active and archived
 * versions never change, so a rollback target is exactly what was live). A new draft gets its own
 * canary, registered before it is stored.
 * @throws PromptSecretError when the text holds a credential; NotFoundError for a configuration the tenant does not have
 */
export async function savePromptDraft(tenantId: string, input: SaveDraftInput, actor: PromptActor): Promise<{ versionId: string; version: number }> {
  assertNoSecrets(input.body);
  const { placement, tiers } = await loadPromptPlacement(tenantId);
  await assertModelAllowed(tenantId, placement.tier, input.model);

  const findNewest = (tx: DataPlaneTransaction) =>
    tx.promptVersion.findFirst({ where: { configId: input.configId }, orderBy: { version: 'desc' }, select: { id: true, state: true, version: true } });
  const newest = await withTenantData(tenantId, 'prompt', findNewest, { readOnly: true });
  if (!newest) throw new NotFoundError();
  const existingDraft = newest.state === 'draft' ? newest : null;

  const versionId = existingDraft?.id ?? randomUUID();
  let sealedCanary: string | null = null;
  if (!existingDraft) {
    const canary = createCanaryToken();
    await registerCanary(tenantId, canary, `prompt_version:${versionId}`);
    sealedCanary = await sealPromptText(placement, tiers, 'canary', versionId, canary);
  }
  const body = await sealPromptText(placement, tiers, 'body', versionId, input.body);
  const params = { model: input.model, temperature: input.temperature, maxTokens: input.maxTokens };

  return withTenantData(
    tenantId,
    'prompt',
    async (tx) => {
      await lockPromptConfig(tx, input.configId);
      const current = await findNewest(tx);
      // Someone activated the draft, or added one, between the read and the lock.
      if (current?.id !== newest.id || current.state !== newest.state) throw new PromptConflictError();
      const version = existingDraft ? existingDraft.version : newest.version + 1;
      if (existingDraft) {
        await tx.promptVersion.update({ where: { id: versionId }, data: { body, ...params } });
      } else {
        await tx.promptVersion.create({
          data: { id: versionId, tenantId, configId: input.configId, version, body, canary: sealedCanary!, createdBy: actor.userId, state: 'draft', ...params },
        });
      }
      await tx.promptConfig.update({ where: { id: input.configId }, data: { updatedAt: new Date() } });
      await recordPromptChange(tenantId, actor, input.configId, 'save_draft', { versionId, version, bodySha256: hashPromptText(input.body), ...params });
      return { versionId, version };
    },
    { sealedFor: placement },
  );
}
