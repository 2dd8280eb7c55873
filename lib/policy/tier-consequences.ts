import type { Tier } from './types';

/** What choosing a tier costs, as the console shows it next to the tier picker. */
export interface TierConsequence {
  isolation: string;
  cost: string;
  latency: string;
}

/** Cost and latency consequences of each tier, for the UI. */
export const TIER_CONSEQUENCES: Record<Tier, TierConsequence> = {
  namespace: {
    isolation: 'Shared tables; isolation depends on the central tenant predicate and row-level security.',
    cost: 'Shared infrastructure: the cheapest tier.',
    latency: 'No added latency.',
  },
  schema_kms: {
    isolation: 'Own Postgres schema and role; data encrypted under a per-tenant KMS key.',
    cost: 'A schema and role per tenant, and a KMS operation per data key.',
    latency: '1-5 ms per KMS operation, amortised by the data-key cache.',
  },
  dedicated: {
    isolation: 'Separate database, inference endpoint and log store.',
    cost: 'A dedicated inference endpoint, database and log store per tenant.',
    latency: "No cross-tenant batching: requests wait for their own endpoint's capacity.",
  },
};
