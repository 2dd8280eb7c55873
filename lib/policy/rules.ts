import {
  describeClassification,
  describeRegimes,
  findRegimesAmong,
  findTenantsWithDifferentClassification,
  hasDataClass,
  hasRegime,
  joinWords,
  type RuleContext,
} from './rule-context';
import { LAYERS, type Layer, type Regime, type Tier } from './types';

/** Where a rule comes from: the isolation guidance this product implements, or our extension of it. */
export type RuleSource = 'isolation_guidance' | 'extension';

/** One row of the rule table. */
export interface PolicyRule {
  /** Stable id, quoted in decisions and risk acceptances. */
  id: string;
  title: string;
  source: RuleSource;
  /** The guidance text the rule implements, or for an extension the authority that justifies it. */
  basis: string;
  layers: readonly Layer[];
  /** The tier the rule requires at least, on each of its layers. */
  tier: Tier;
  applies(context: RuleContext): boolean;
  /** One line a compliance officer can quote, naming this tenant's facts. */
  reason(context: RuleContext): string;
}

// Regimes whose auditors examine the tenant's own logs (isolation guidance, log rule).
const AUDIT_REGIMES: readonly Regime[] = ['occ_heightened', 'hipaa_baa', 'state_data_governance'];

const NAMESPACE_GUIDANCE =
  "Namespace isolation is acceptable only for internal departments with low adversarial threat, whose data carries no classification distinct from the other tenants'.";

/**
 * The isolation rules, in the order a reader meets them. A tenant's minimum on a layer is the strongest
 * tier among the rules that apply to it there; R1 states when namespace is enough, and whenever R1 does
 * not apply, R2, R3 or R4 does, so every layer always has at least one rule explaining its minimum.
 */
export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: 'R1-namespace-eligibility',
    title: 'Namespace isolation for low-threat internal departments sharing one classification',
    source: 'isolation_guidance',
    basis: NAMESPACE_GUIDANCE,
    layers: LAYERS,
    tier: 'namespace',
    applies: (context) =>
      context.tenant.kind === 'internal_department' && !context.tenant.adversarial && findTenantsWithDifferentClassification(context).length === 0,
    reason: ({ tenant, others }) =>
      `${tenant.name} is an internal department with low adversarial threat and ${
        others.length === 0 ? 'the only tenant on the platform' : `the same data classification (${describeClassification(tenant)}) as every other tenant`
      }: namespace isolation is acceptable.`,
  },
  {
    id: 'R2-adversarial-internal',
    title: 'An adversarial internal department is not namespace-eligible',
    source: 'isolation_guidance',
    basis: NAMESPACE_GUIDANCE,
    layers: LAYERS,
    tier: 'schema_kms',
    applies: ({ tenant }) => tenant.kind === 'internal_department' && tenant.adversarial,
    reason: ({ tenant }) =>
      `${tenant.name} is an internal department flagged as an adversarial threat; namespace isolation is acceptable only with low adversarial threat, so it needs at least its own schema and KMS key.`,
  },
  {
    id: 'R3-distinct-classification',
    title: 'Tenants with different data classifications need at least schema + KMS',
    source: 'isolation_guidance',
    basis:
      'If two tenants on the platform have different data-classification requirements, both need at least schema_kms: a WHERE clause missing its tenant predicate must not become an exposure.',
    layers: LAYERS,
    tier: 'schema_kms',
    applies: (context) => findTenantsWithDifferentClassification(context).length > 0,
    reason: (context) => {
      const differing = findTenantsWithDifferentClassification(context);
      const named = joinWords(
        differing.map((other) => `${other.name} (${describeClassification(other)})`),
        3,
      );
      return `${context.tenant.name} (${describeClassification(context.tenant)}) has a different data classification from ${named}, so it needs at least its own schema and KMS key: a WHERE clause missing its tenant predicate must not become an exposure.`;
    },
  },
  {
    id: 'R4-external-client',
    title: 'External clients need at least schema + KMS',
    source: 'isolation_guidance',
    basis: 'External clients need at least schema_kms.',
    layers: LAYERS,
    tier: 'schema_kms',
    applies: ({ tenant }) => tenant.kind === 'external_client',
    reason: ({ tenant }) => `${tenant.name} is an external client, and external clients need at least their own schema and KMS key.`,
  },
  {
    id: 'R5-external-own-dpa',
    title: 'External clients with their own data processing agreement need dedicated infrastructure',
    source: 'isolation_guidance',
    basis: 'External clients with their own data processing agreement and regulatory posture need dedicated.',
    layers: LAYERS,
    tier: 'dedicated',
    // The DPA alone triggers it: the agreement is the client's own posture, whether or not a regime is declared.
    applies: ({ tenant }) => tenant.kind === 'external_client' && tenant.hasOwnDpa,
    reason: ({ tenant }) =>
      `${tenant.name} is an external client with its own data processing agreement${
        tenant.regimes.length > 0 ? ` and regulatory posture (${describeRegimes(tenant.regimes)})` : ''
      }, so it needs dedicated infrastructure.`,
  },
  {
    id: 'R6-external-adversarial',
    title: 'Adversarial external clients need dedicated infrastructure',
    source: 'isolation_guidance',
    basis: 'External clients with an adversarial relationship need dedicated.',
    layers: LAYERS,
    tier: 'dedicated',
    applies: ({ tenant }) => tenant.kind === 'external_client' && tenant.adversarial,
    reason: ({ tenant }) => `${tenant.name} is an external client in an adversarial relationship, so it needs dedicated infrastructure.`,
  },
  {
    id: 'R7-fedramp-separation',
    title: 'FedRAMP-bound data does not share infrastructure with commercial tenants',
    source: 'isolation_guidance',
    basis: 'FedRAMP-bound public sector data cannot share infrastructure with commercial tenants: dedicated on every layer.',
    layers: LAYERS,
    tier: 'dedicated',
    applies: ({ tenant }) => hasRegime(tenant, 'fedramp'),
    reason: ({ tenant }) =>
      `${tenant.name} holds FedRAMP-bound public sector data, which cannot share infrastructure with commercial tenants: dedicated on every layer.`,
  },
  {
    id: 'R8-hipaa-phi',
    title: 'PHI under a HIPAA BAA needs dedicated infrastructure',
    source: 'isolation_guidance',
    basis: 'Healthcare tenants whose cross-tenant PHI leak is a HIPAA BAA violation: dedicated.',
    layers: LAYERS,
    tier: 'dedicated',
    applies: ({ tenant }) => hasDataClass(tenant, 'phi') && hasRegime(tenant, 'hipaa_baa'),
    reason: ({ tenant }) => `A cross-tenant leak of ${tenant.name}'s PHI would violate its HIPAA BAA, so it needs dedicated infrastructure.`,
  },
  {
    id: 'R9-regulatory-audit-logs',
    title: 'Distinct regulatory audit obligations need a dedicated log store',
    source: 'isolation_guidance',
    basis:
      'Tenants with distinct regulatory audit obligations (OCC, HIPAA, state data governance) need dedicated log storage, because filter-based log isolation depends on filter correctness that can be litigated in an audit.',
    layers: ['logs'],
    tier: 'dedicated',
    applies: ({ tenant }) => findRegimesAmong(tenant, AUDIT_REGIMES).length > 0,
    reason: ({ tenant }) =>
      `${tenant.name} has its own regulatory audit obligations (${describeRegimes(findRegimesAmong(tenant, AUDIT_REGIMES))}); filter-based log isolation depends on filter correctness that can be litigated in an audit, so its logs need a dedicated store.`,
  },
  {
    id: 'X1-cui',
    title: 'CUI is treated like FedRAMP data',
    source: 'extension',
    basis:
      'DFARS 252.204-7012 requires a cloud provider holding covered defense information to meet FedRAMP Moderate-equivalent controls, so CUI gets the FedRAMP treatment even without a declared FedRAMP regime.',
    layers: LAYERS,
    tier: 'dedicated',
    applies: ({ tenant }) => hasDataClass(tenant, 'cui'),
    reason: ({ tenant }) =>
      `${tenant.name} holds CUI, which must be hosted to FedRAMP Moderate-equivalent controls (DFARS 252.204-7012), so it is treated as FedRAMP data: dedicated on every layer.`,
  },
  {
    id: 'X2-privileged',
    title: 'Attorney-client privileged material needs at least schema + KMS',
    source: 'extension',
    basis:
      'Privilege survives an inadvertent disclosure only if the holder took reasonable steps to prevent it (Fed. R. Evid. 502(b)); a tenant predicate alone is a weak step, a per-tenant schema and key a defensible one.',
    layers: LAYERS,
    tier: 'schema_kms',
    applies: ({ tenant }) => hasDataClass(tenant, 'privileged'),
    reason: ({ tenant }) =>
      `${tenant.name} holds attorney-client privileged material; to preserve privilege it needs at least its own schema and KMS key as a reasonable step against disclosure (Fed. R. Evid. 502(b)).`,
  },
  {
    id: 'X3-hipaa-baa-presumed-phi',
    title: 'A HIPAA BAA implies PHI even when none is declared',
    source: 'extension',
    basis:
      'A business associate agreement exists because PHI is created, received or kept for the covered entity; a profile with a BAA but no PHI class is more likely incomplete than PHI-free.',
    layers: LAYERS,
    tier: 'dedicated',
    applies: ({ tenant }) => hasRegime(tenant, 'hipaa_baa') && !hasDataClass(tenant, 'phi'),
    reason: ({ tenant }) =>
      `${tenant.name} is under a HIPAA BAA but declares no PHI; a BAA exists because PHI is processed, so it is treated as PHI: dedicated infrastructure.`,
  },
];
