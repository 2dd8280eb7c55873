import 'server-only';
import { TENANT_NAME_MAX_LENGTH } from '@/lib/control/tenant-schemas';
import { CANARY_TOKEN_PREFIX } from '@/lib/canaries/canary-token';
import { assembleSystemPrompt } from './assemble-system-prompt';
import { buildDefaultSystemPrompt } from './prompt-config-source';
import { CONFIG_NAME_MAX_LENGTH } from './prompt-schemas';

const PLACEHOLDER_CANARY = `${CANARY_TOKEN_PREFIX}${'0'.repeat(26)}`;
const PLACEHOLDER_TENANT = { id: '00000000-0000-4000-8000-000000000000', name: 'n'.repeat(TENANT_NAME_MAX_LENGTH) };

/**
 * The most characters that precede the canary in any system prompt this layer assembles (a live
 * version's header with the longest tenant and configuration names, or the built-in default
 * prompt). A model repeating its instructions writes this much before the canary gives it away, so
 * a stream must hold at least this much back to withdraw all of it when it blocks.
 */
export const LONGEST_TEXT_BEFORE_CANARY = Math.max(
  assembleSystemPrompt({
    tenantId: PLACEHOLDER_TENANT.id,
    tenantName: PLACEHOLDER_TENANT.name,
    configName: 'c'.repeat(CONFIG_NAME_MAX_LENGTH),
    version: 999_999_999,
    canary: PLACEHOLDER_CANARY,
    body: '',
  }).indexOf(PLACEHOLDER_CANARY),
  buildDefaultSystemPrompt(PLACEHOLDER_TENANT, PLACEHOLDER_CANARY).indexOf(PLACEHOLDER_CANARY),
);
