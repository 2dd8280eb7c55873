import 'server-only';
import { UserFacingError } from '@/lib/errors';
import type { Tier } from '@/lib/placement/layers';
import { findAllowedModels } from './allowed-models';
import { PromptSecretError } from './prompt-errors';
import { hasBlockingFinding, lintPromptText } from './secret-lint';

/** Refuses a text holding a credential (lint severity `block`); warnings are the author's call. */
export function assertNoSecrets(body: string): void {
  const findings = lintPromptText(body);
  if (hasBlockingFinding(findings)) throw new PromptSecretError(findings.filter((finding) => finding.severity === 'block'));
}

/** Refuses a model outside the tenant's allowed list. */
export async function assertModelAllowed(tenantId: string, promptTier: Tier, model: string): Promise<void> {
  const allowed = await findAllowedModels(tenantId, promptTier);
  if (!allowed.includes(model)) throw new UserFacingError(`Model "${model}" is not available to this tenant. Choose one of: ${allowed.join(', ')}.`, 422);
}
