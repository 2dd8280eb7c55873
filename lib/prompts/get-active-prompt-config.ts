import { defaultPromptConfigSource, type PromptConfigSource } from '@/lib/enforcement/assemble-prompt';
import { getPlacement } from '@/lib/placement/get-placement';
import { withTenantData } from '@/lib/placement/with-tenant-data';
import { assembleSystemPrompt } from './assemble-system-prompt';
import { openPromptText } from './prompt-sealing';

export interface ActivePrompt {
  configId: string;
  configName: string;
  versionId: string;
  version: number;
  body: string;
  canary: string;
  model: string;
  temperature: number;
  maxTokens: number;
}

/**
 * The live version of the tenant's gateway configuration: the oldest configuration that has a live
 * version (a tenant adds assistants later; the first one stays the default). Null when nothing is
 * live. Read in the tenant's own placement and context, so no other tenant's row can be returned.
 */
export async function getActivePromptConfig(tenantId: string): Promise<ActivePrompt | null> {
  const placement = await getPlacement(tenantId, 'prompt');
  const row = await withTenantData(
    tenantId,
    'prompt',
    (tx) =>
      tx.promptVersion.findFirst({
        where: { state: 'active' },
        orderBy: [{ config: { createdAt: 'asc' } }, { configId: 'asc' }],
        include: { config: { select: { name: true } } },
      }),
    { readOnly: true },
  );
  if (!row) return null;
  const [body, canary] = await Promise.all([openPromptText(placement, 'body', row.id, row.body), openPromptText(placement, 'canary', row.id, row.canary)]);
  return {
    configId: row.configId,
    configName: row.config.name,
    versionId: row.id,
    version: row.version,
    body,
    canary,
    model: row.model,
    temperature: row.temperature,
    maxTokens: row.maxTokens,
  };
}

/**
 * The pipeline's prompt source (issue 7): the live version assembled behind the tenant-unique
 * prefix with its own canary; the built-in default prompt (with the tenant's default canary) while
 * the tenant has nothing live. Install with `configurePipeline({ promptConfigSource: promptLayerConfigSource })`.
 */
export const promptLayerConfigSource: PromptConfigSource = {
  async getActiveConfig(tenant, defaultCanary) {
    const active = await getActivePromptConfig(tenant.id);
    if (!active) return defaultPromptConfigSource.getActiveConfig(tenant, defaultCanary);
    const systemPrompt = assembleSystemPrompt({
      tenantId: tenant.id,
      tenantName: tenant.name,
      configName: active.configName,
      version: active.version,
      canary: active.canary,
      body: active.body,
    });
    return { systemPrompt, canaries: [active.canary], version: `${active.configName} v${active.version}` };
  },
};
