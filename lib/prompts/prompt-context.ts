import 'server-only';
import { createHash } from 'node:crypto';
import type { JsonValue } from '@/lib/audit/event';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { getTenantSummary } from '@/lib/control/get-tenant';
import { toLayerTiers } from '@/lib/control/policy-snapshot';
import type { LayerTiers } from '@/lib/policy/types';
import { getPlacement, type Placement } from '@/lib/placement/get-placement';

/** Who is changing a prompt configuration (from the session, never from the form). */
export interface PromptActor {
  userId: string;
  label: string;
  requestId: string;
}

/** The tenant's prompt-layer placement and its tiers (the tiers pick the key at `namespace`). */
export async function loadPromptPlacement(tenantId: string): Promise<{ placement: Placement; tiers: LayerTiers }> {
  const [placement, summary] = await Promise.all([getPlacement(tenantId, 'prompt'), getTenantSummary(tenantId)]);
  return { placement, tiers: toLayerTiers(summary) };
}

/** SHA-256 of a prompt text: what audit events carry instead of the text. */
export function hashPromptText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type PromptChange = 'create' | 'save_draft' | 'activate' | 'rollback';

/**
 * Records one prompt change in the tenant's audit chain: hashes and numbers, never the text. Called
 * as the last step inside the data-plane transaction: if the audit write fails, the change rolls
 * back, so no change goes unrecorded (the data plane may live in another database, so the two
 * cannot share one transaction).
 */
export async function recordPromptChange(tenantId: string, actor: PromptActor, configId: string, change: PromptChange, details: Record<string, JsonValue>) {
  await recordAuditEvent({
    tenantId,
    actor: { type: 'user', id: actor.userId, label: actor.label },
    action: 'prompt.update',
    target: `prompt_config:${configId}`,
    requestId: actor.requestId,
    outcome: 'success',
    payload: { change, configId, ...details },
  });
}
