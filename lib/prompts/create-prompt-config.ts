import 'server-only';
import { randomUUID } from 'node:crypto';
import { registerCanary } from '@/lib/canaries/canary-registry';
import { UserFacingError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/data-plane/client';
import { withTenantData } from '@/lib/placement/with-tenant-data';
import { assertModelAllowed, assertNoSecrets } from './assert-prompt-allowed';
import { createCanaryToken } from '@/lib/canaries/canary-token';
import { hashPromptText, loadPromptPlacement, recordPromptChange, type PromptActor } from './prompt-context';
import type { CreateConfigInput } from './prompt-schemas';
import { sealPromptText } from './prompt-sealing';

/**
 * Creates a prompt configuration with its first version, a draft. The version's canary is created
 * and registered with the control plane before anything is stored, so no stored version ever
 * carries an unregistered canary.
 * @throws PromptSecretError when the text holds a credential; UserFacingError for a taken name or a model not allowed
 */
export async function createPromptConfig(tenantId: string, input: CreateConfigInput, actor: PromptActor): Promise<{ configId: string; versionId: string }> {
  assertNoSecrets(input.body);
  const { placement, tiers } = await loadPromptPlacement(tenantId);
  await assertModelAllowed(tenantId, placement.tier, input.model);

  const configId = randomUUID();
  const versionId = randomUUID();
  const canary = createCanaryToken();
  await registerCanary(tenantId, canary, `prompt_version:${versionId}`);
  const [body, sealedCanary] = await Promise.all([
    sealPromptText(placement, tiers, 'body', versionId, input.body),
    sealPromptText(placement, tiers, 'canary', versionId, canary),
  ]);

  try {
    await withTenantData(
      tenantId,
      'prompt',
      async (tx) => {
        await tx.promptConfig.create({ data: { id: configId, tenantId, name: input.name } });
        await tx.promptVersion.create({
          data: {
            id: versionId,
            tenantId,
            configId,
            version: 1,
            body,
            canary: sealedCanary,
            createdBy: actor.userId,
            state: 'draft',
            model: input.model,
            temperature: input.temperature,
            maxTokens: input.maxTokens,
          },
        });
        await recordPromptChange(tenantId, actor, configId, 'create', {
          name: input.name,
          versionId,
          version: 1,
          bodySha256: hashPromptText(input.body),
          model: input.model,
          temperature: input.temperature,
          maxTokens: input.maxTokens,
        });
      },
      { sealedFor: placement },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new UserFacingError(`A configuration named "${input.name}" already exists. Choose another name.`, 409);
    }
    throw error;
  }
  return { configId, versionId };
}
