import type { Purpose } from '@/lib/kms';
import type { Layer, Tier } from '@/lib/generated/prisma/enums';

export type { Layer, Tier };

export const LAYERS: readonly Layer[] = ['prompt', 'retrieval', 'logs'];

/** The shared schema of namespace placements, in the control-plane database. */
export const SHARED_SCHEMA = 'data_plane';

/**
 * The data-plane tables of each layer, parents before children (copy in this order, delete in
 * reverse). The logs layer still lives in the control plane's `public.audit_*` tables behind
 * lib/audit/store; it gets tables here when that store routes through placement.
 */
export const LAYER_TABLES: Record<Layer, readonly string[]> = {
  prompt: ['prompt_configs', 'prompt_versions', 'conversations', 'messages'],
  retrieval: ['documents', 'chunks'],
  logs: [],
};

/** Columns that hold a lib/kms envelope wherever the placement encrypts, and their purpose. */
export const SEALED_COLUMNS: Record<string, { columns: readonly string[]; purpose: Purpose }> = {
  prompt_versions: { columns: ['body', 'canary'], purpose: 'prompt' },
  messages: { columns: ['content'], purpose: 'prompt' },
  chunks: { columns: ['content'], purpose: 'document' },
};

/** namespace stores plaintext under RLS; the other tiers seal sensitive columns under the tenant key. */
export function isEncryptedTier(tier: Tier): boolean {
  return tier !== 'namespace';
}
