import 'server-only';
import { emptySql, inlineSql, type InlineSql } from '@/lib/db/inline-sql';
import type { Placement } from '@/lib/placement/get-placement';
import { readTenantRows } from '@/lib/placement/read-tenant-data';
import type { ActivePrompt } from './active-prompt';
import { assembleSystemPrompt } from './assemble-system-prompt';
import type { PromptConfig } from './prompt-config-source';
import { openPromptText } from './prompt-sealing';

/** The columns the gateway reads of a prompt version (with its configuration's name), as the lean read returns them. */
interface PromptVersionRow {
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
 * The first version matching `where` (on `v`, the version, and `c`, its configuration) in `order`,
 * with its text opened. One lean read in the tenant's own placement and context
 * (read-tenant-data.ts): no other tenant's row can be returned.
 */
export async function readPromptVersion(tenantId: string, where: InlineSql, order: InlineSql = emptySql): Promise<ActivePrompt | null> {
  const { rows, placement } = await readTenantRows<PromptVersionRow>(
    tenantId,
    'prompt',
    inlineSql`
      SELECT v.config_id::text, c.name AS config_name, v.id::text, v.version, v.body, v.canary, v.model, v.temperature, v.max_tokens
      FROM prompt_versions v JOIN prompt_configs c ON c.tenant_id = v.tenant_id AND c.id = v.config_id
      WHERE ${where}
      ${order}
      LIMIT 1`,
  );
  return rows[0] ? openPromptVersionRow(placement, rows[0]) : null;
}

/** A stored version with its body and canary opened (decrypted where the placement seals them). */
async function openPromptVersionRow(placement: Placement, row: PromptVersionRow): Promise<ActivePrompt> {
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

/** A version as the pipeline sends it: behind the tenant-unique prefix, with its own canary and sampling. */
export function toPromptConfig(tenant: { id: string; name: string }, prompt: ActivePrompt): PromptConfig {
  const systemPrompt = assembleSystemPrompt({
    tenantId: tenant.id,
    tenantName: tenant.name,
    configName: prompt.configName,
    version: prompt.version,
    canary: prompt.canary,
    body: prompt.body,
  });
  return {
    systemPrompt,
    canaries: [prompt.canary],
    version: `${prompt.configName} v${prompt.version}`,
    configId: prompt.configId,
    versionId: prompt.versionId,
    sampling: { temperature: prompt.temperature, maxTokens: prompt.maxTokens },
  };
}
