import 'server-only';
import type { Purpose } from '@/lib/kms';
import type { Layer as StoredLayer, Tier as StoredTier } from '@/lib/generated/prisma/enums';
import { LAYERS, type Layer, type Tier } from '@/lib/policy/types';

// One vocabulary: the policy's (lib/policy/types.ts). The database's enums must hold the same
// words; a migration that changes one side only fails type-checking here.
type IsSame<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const STORED_VOCABULARY_MATCHES: IsSame<StoredLayer, Layer> & IsSame<StoredTier, Tier> = true;

export { LAYERS, type Layer, type Tier };

/** The shared schema of namespace placements, in the control-plane database. */
export const SHARED_SCHEMA = 'data_plane';

/**
 * A namespace log is the control plane's own audit tables (`public.audit_*`, where admin changes
 * append in their own transaction); the log's schema_kms and dedicated tiers use the data-plane
 * copies of those tables (data-plane migration 20261128000000_audit_log).
 */
export const AUDIT_SHARED_SCHEMA = 'public';

/** Where the namespace tier of `layer` lives. */
export function getSharedSchema(layer: Layer): string {
  return layer === 'logs' ? AUDIT_SHARED_SCHEMA : SHARED_SCHEMA;
}

/**
 * The data-plane tables of each layer, parents before children (copy in this order, delete in
 * reverse). The logs layer's tables are append-only, so its copy, verification and destruction
 * are its own (audit-chain-copy.ts, audit-chain-freeze.ts); the list here serves counting.
 */
export const LAYER_TABLES: Record<Layer, readonly string[]> = {
  prompt: ['prompt_configs', 'prompt_versions', 'conversations', 'messages'],
  retrieval: ['documents', 'chunks'],
  logs: ['audit_events', 'audit_retention_marks'],
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
