import { inlineSql } from '@/lib/db/inline-sql';
import { readTenantRows } from '@/lib/placement/read-tenant-data';
import type { ActivePrompt } from './active-prompt';
import { getCachedActivePrompt } from './active-prompt-cache';
import { assembleSystemPrompt } from './assemble-system-prompt';
import { defaultPromptConfigSource, type PromptConfigSource } from './prompt-config-source';
import { openPromptText } from './prompt-sealing';

export type { ActivePrompt };

interface ActiveVersionRow {
  config_id: string;
  config_name: string;
  id: string;
  version: number;
  body: string;
  canary: string;
  model: string;
  temperature: number;
  max_tokens: number;
}

/**
 * The live version of the tenant's gateway configuration: the oldest configuration that has a live
 * version (a tenant adds assistants later; the first one stays the default). Null when nothing is
 * live. Read on every gateway request, so it is one lean read in the tenant's own placement and
 * context (read-tenant-data.ts): no other tenant's row can be returned.
 */
export async function getActivePromptConfig(tenantId: string): Promise<ActivePrompt | null> {
  const { rows, placement } = await readTenantRows<ActiveVersionRow>(
    tenantId,
    'prompt',
    inlineSql`
      SELECT v.config_id::text, c.name AS config_name, v.id::text, v.version, v.body, v.canary, v.model, v.temperature, v.max_tokens
      FROM prompt_versions v JOIN prompt_configs c ON c.tenant_id = v.tenant_id AND c.id = v.config_id
      WHERE v.state = 'active'
      ORDER BY c.created_at, v.config_id
      LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return null;
  const [body, canary] = await Promise.all([openPromptText(placement, 'body', row.id, row.body), openPromptText(placement, 'canary', row.id, row.canary)]);
  return {
    configId: row.config_id,
    configName: row.config_name,
    versionId: row.id,
    version: row.version,
    body,
    canary,
    model: row.model,
    temperature: Number(row.temperature),
    maxTokens: row.max_tokens,
  };
}

/**
 * The pipeline's prompt source: the live version assembled behind the tenant-unique
 * prefix with its own canary; the built-in default prompt (with the tenant's default canary) while
 * the tenant has nothing live. The live version comes from a short per-process cache (active-prompt-cache.ts).
 */
export const promptLayerConfigSource: PromptConfigSource = {
  async getActiveConfig(tenant, defaultCanary) {
    const active = await getCachedActivePrompt(tenant.id, getActivePromptConfig);
    if (!active) return defaultPromptConfigSource.getActiveConfig(tenant, defaultCanary);
    const systemPrompt = assembleSystemPrompt({
      tenantId: tenant.id,
      tenantName: tenant.name,
      configName: active.configName,
      version: active.version,
      canary: active.canary,
      body: active.body,
    });
    return {
      systemPrompt,
      canaries: [active.canary],
      version: `${active.configName} v${active.version}`,
      sampling: { temperature: active.temperature, maxTokens: active.maxTokens },
    };
  },
};
