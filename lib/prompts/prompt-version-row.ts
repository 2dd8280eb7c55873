import type { InlineSql } from '@/lib/db/inline-sql';
import type { Placement } from '@/lib/placement/get-placement';
import type { ActivePrompt } from './active-prompt';
import { assembleSystemPrompt } from './assemble-system-prompt';
import type { PromptConfig } from './prompt-config-source';
import { openPromptText } from './prompt-sealing';

/** The columns the gateway reads of a prompt version (with its configuration's name), as the lean read returns them. */
export interface PromptVersionRow {
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

/** The SELECT list matching PromptVersionRow, for `FROM prompt_versions v JOIN prompt_configs c`. */
export const PROMPT_VERSION_COLUMNS: InlineSql = {
  text: 'v.config_id::text, c.name AS config_name, v.id::text, v.version, v.body, v.canary, v.model, v.temperature, v.max_tokens',
};

/** A stored version with its body and canary opened (decrypted where the placement seals them). */
export async function openPromptVersionRow(placement: Placement, row: PromptVersionRow): Promise<ActivePrompt> {
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
