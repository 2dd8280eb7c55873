import 'server-only';
import { inlineSql } from '@/lib/db/inline-sql';
import type { ActivePrompt } from './active-prompt';
import type { PromptChoice } from './prompt-config-source';
import { readPromptVersion } from './prompt-version-row';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The version a playground user chose: a configuration's active version, or one exact version
 * (draft, active or archived). Read in the tenant's own placement and context, so another tenant's
 * id matches no row and reads exactly like an id that never existed: null either way.
 */
export async function getChosenPromptVersion(tenantId: string, choice: PromptChoice): Promise<ActivePrompt | null> {
  const id = 'versionId' in choice ? choice.versionId : choice.configId;
  if (!UUID.test(id)) return null;
  const where = 'versionId' in choice ? inlineSql`v.id = ${id}::uuid` : inlineSql`v.config_id = ${id}::uuid AND v.state = 'active'`;
  return readPromptVersion(tenantId, where);
}
