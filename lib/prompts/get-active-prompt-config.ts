import 'server-only';
import { inlineSql } from '@/lib/db/inline-sql';
import type { ActivePrompt } from './active-prompt';
import { getCachedActivePrompt } from './active-prompt-cache';
import { getChosenPromptVersion } from './get-chosen-prompt-version';
import { defaultPromptConfigSource, type PromptConfigSource } from './prompt-config-source';
import { readPromptVersion, toPromptConfig } from './prompt-version-row';

export type { ActivePrompt };

/**
 * The live version of the tenant's gateway configuration: the oldest configuration that has a live
 * version (a tenant adds assistants later; the first one stays the default). Null when nothing is
 * live. Read on every gateway request, so it is one lean read in the tenant's own placement and
 * context (read-tenant-data.ts): no other tenant's row can be returned.
 */
export async function getActivePromptConfig(tenantId: string): Promise<ActivePrompt | null> {
  return readPromptVersion(tenantId, inlineSql`v.state = 'active'`, inlineSql`ORDER BY c.created_at, v.config_id`);
}

/**
 * The pipeline's prompt source: the live version assembled behind the tenant-unique
 * prefix with its own canary; the built-in default prompt (with the tenant's default canary) while
 * the tenant has nothing live. The live version comes from a short per-process cache (active-prompt-cache.ts).
 * A chosen configuration or version (the playground's) is read in the tenant's own context, uncached.
 */
export const promptLayerConfigSource: PromptConfigSource = {
  async getActiveConfig(tenant, defaultCanary) {
    const active = await getCachedActivePrompt(tenant.id, getActivePromptConfig);
    if (!active) return defaultPromptConfigSource.getActiveConfig(tenant, defaultCanary);
    return toPromptConfig(tenant, active);
  },
  async getChosenConfig(tenant, choice) {
    const chosen = await getChosenPromptVersion(tenant.id, choice);
    return chosen ? toPromptConfig(tenant, chosen) : null;
  },
};
