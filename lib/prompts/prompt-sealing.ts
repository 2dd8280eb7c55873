import 'server-only';
import { decryptForTenant, encryptForTenant, selectKeyOwner, type KeyOwner } from '@/lib/kms';
import type { LayerTiers } from '@/lib/policy/types';
import type { Placement } from '@/lib/placement/get-placement';
import { openField, sealField } from '@/lib/placement/sealed-fields';

/** The sealed columns of a prompt version. */
export type PromptColumn = 'body' | 'canary';

// lib/placement's sealField stores plaintext at `namespace` (RLS is that tier's wall). Prompts are
// also bound to their tenant there: an inner envelope, under the key selectKeyOwner picks, with the
// tenant, purpose and row in its context. The prefix records which key, so the text still opens
// after the tenant's tiers (and with them the key owner) change, or after the layer moved to an
// encrypting tier (copy-layer then seals this framed value again under that copy's placement key).
const FRAME_PREFIX = 'bhns.';

/**
 * The value to store in `prompt_versions.<column>` for this placement: sealed under the placement's
 * key at `schema_kms`/`dedicated` (lib/placement), an envelope under the platform or tenant key
 * (selectKeyOwner) at `namespace`. Never plaintext. Call outside any transaction.
 */
export async function sealPromptText(placement: Placement, tiers: LayerTiers, column: PromptColumn, rowId: string, text: string): Promise<string> {
  const ref = { table: 'prompt_versions', column, rowId };
  if (placement.tier !== 'namespace') return sealField(placement, ref, text);
  const keyOwner = selectKeyOwner(tiers);
  const envelope = await encryptForTenant({ tenantId: placement.tenantId, purpose: 'prompt', recordId: toRecordId(column, rowId), keyOwner }, text);
  return sealField(placement, ref, `${FRAME_PREFIX}${keyOwner}.${envelope}`);
}

/** The plaintext of a stored prompt column; a value of another tenant or row throws KmsDecryptError. */
export async function openPromptText(placement: Placement, column: PromptColumn, rowId: string, stored: string): Promise<string> {
  const opened = await openField(placement, { table: 'prompt_versions', column, rowId }, stored);
  const keyOwner = readFrameOwner(opened);
  // Unframed: written at an encrypting tier (sealField opened it), or copied to namespace by a layer
  // migration, which stores what openField returned (see the report on lib/placement's sealField).
  if (!keyOwner) return opened;
  const envelope = opened.slice(FRAME_PREFIX.length + keyOwner.length + 1);
  return (await decryptForTenant({ tenantId: placement.tenantId, purpose: 'prompt', recordId: toRecordId(column, rowId), keyOwner }, envelope)).toString(
    'utf8',
  );
}

function readFrameOwner(value: string): KeyOwner | null {
  for (const owner of ['platform', 'tenant'] as const) if (value.startsWith(`${FRAME_PREFIX}${owner}.bh1.`)) return owner;
  return null;
}

function toRecordId(column: PromptColumn, rowId: string): string {
  return `prompt_versions.${column}:${rowId}`;
}
