// Profiles shared by the policy tests: the three demo tenants and the tenants the scenarios add.
import type { LayerTiers, TenantProfile, Tier } from './types';

/** A profile with harmless defaults: a low-threat internal department holding no classified data. */
export function makeProfile(fields: Partial<TenantProfile> & Pick<TenantProfile, 'id' | 'name'>): TenantProfile {
  return { kind: 'internal_department', dataClasses: [], regimes: [], adversarial: false, hasOwnDpa: false, ...fields };
}

/** The same tier on every layer. */
export function makeTiers(tier: Tier): LayerTiers {
  return { prompt: tier, retrieval: tier, logs: tier };
}

export const CLAIMS_OPERATIONS = makeProfile({ id: 'tenant-claims', name: 'Claims Operations', dataClasses: ['pii'] });

export const NORTHWIND_BANK = makeProfile({
  id: 'tenant-northwind',
  name: 'Northwind Bank',
  kind: 'external_client',
  dataClasses: ['financial', 'pii'],
  regimes: ['occ_heightened'],
});

export const ST_ELM_HEALTH = makeProfile({
  id: 'tenant-st-elm',
  name: 'St. Elm Health',
  kind: 'external_client',
  dataClasses: ['phi'],
  regimes: ['hipaa_baa'],
});

export const DEMO_TENANTS: readonly TenantProfile[] = [CLAIMS_OPERATIONS, NORTHWIND_BANK, ST_ELM_HEALTH];

export const FEDRAMP_AGENCY = makeProfile({
  id: 'tenant-agency',
  name: 'Federal Benefits Agency',
  kind: 'external_client',
  dataClasses: ['cui', 'pii'],
  regimes: ['fedramp'],
});

/** Two internal departments with the same classification as Claims Operations. */
export const UNDERWRITING = makeProfile({ id: 'tenant-underwriting', name: 'Underwriting', dataClasses: ['pii'] });
export const CUSTOMER_SERVICE = makeProfile({ id: 'tenant-service', name: 'Customer Service', dataClasses: ['pii'] });
