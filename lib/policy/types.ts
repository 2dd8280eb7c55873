/**
 * The vocabulary of the isolation policy engine: tiers, layers and the facts of a tenant profile.
 * Each enum is a const array first (zod schemas and select inputs use them), then its type and its labels.
 */

/** Isolation tiers, weakest first: the array order is the tier order. */
export const TIERS = ['namespace', 'schema_kms', 'dedicated'] as const;
export type Tier = (typeof TIERS)[number];

/** The layers of a tenant's LLM stack; each has its own tier. */
export const LAYERS = ['prompt', 'retrieval', 'logs'] as const;
export type Layer = (typeof LAYERS)[number];

export const TENANT_KINDS = ['internal_department', 'external_client'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

/** Data classes a tenant holds; an empty list means none. */
export const DATA_CLASSES = ['phi', 'pii', 'cui', 'financial', 'privileged'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** Regulatory regimes a tenant is bound by; an empty list means none. */
export const REGIMES = ['hipaa_baa', 'fedramp', 'occ_heightened', 'state_data_governance'] as const;
export type Regime = (typeof REGIMES)[number];

/** The facts about a tenant that decide its minimum isolation. */
export interface TenantProfile {
  id: string;
  name: string;
  kind: TenantKind;
  dataClasses: DataClass[];
  regimes: Regime[];
  /** The tenant is an adversarial threat to the others (a competitor, a litigant, an untrusted party). */
  adversarial: boolean;
  /** An external client with its own data processing agreement. Ignored for internal departments. */
  hasOwnDpa: boolean;
}

/** One tier per layer: a tenant's current placement or its minimum. */
export type LayerTiers = Record<Layer, Tier>;

/** Enough of a tenant to name it on a screen. */
export interface TenantRef {
  id: string;
  name: string;
}

/** Display labels for a tier. */
export const TIER_LABELS: Record<Tier, string> = {
  namespace: 'Namespace',
  schema_kms: 'Schema + KMS key',
  dedicated: 'Dedicated',
};

/** Display labels for a layer. */
export const LAYER_LABELS: Record<Layer, string> = {
  prompt: 'Prompt and context',
  retrieval: 'Retrieval',
  logs: 'Logs',
};

/** Display labels for a tenant kind. */
export const TENANT_KIND_LABELS: Record<TenantKind, string> = {
  internal_department: 'Internal department',
  external_client: 'External client',
};

/** Display labels for a data class. */
export const DATA_CLASS_LABELS: Record<DataClass, string> = {
  phi: 'PHI',
  pii: 'PII',
  cui: 'CUI',
  financial: 'Financial account data',
  privileged: 'Attorney-client privileged',
};

/** Display labels for a regime. */
export const REGIME_LABELS: Record<Regime, string> = {
  hipaa_baa: 'HIPAA BAA',
  fedramp: 'FedRAMP',
  occ_heightened: 'OCC Heightened Standards',
  state_data_governance: 'State data governance',
};
