import { DATA_CLASSES, REGIMES, type DataClass, type Regime, type TenantProfile } from './types';

/** What a rule sees: the tenant under evaluation and every other tenant on the platform, sorted by name. */
export interface RuleContext {
  tenant: TenantProfile;
  others: readonly TenantProfile[];
}

// Prose forms for reasons; the display labels in types.ts are capitalised for standalone use.
const DATA_CLASS_PROSE: Record<DataClass, string> = {
  phi: 'PHI',
  pii: 'PII',
  cui: 'CUI',
  financial: 'financial account data',
  privileged: 'attorney-client privileged material',
};

const REGIME_PROSE: Record<Regime, string> = {
  hipaa_baa: 'HIPAA BAA',
  fedramp: 'FedRAMP',
  occ_heightened: 'OCC Heightened Standards',
  state_data_governance: 'state data governance',
};

/** True when the tenant holds the data class. */
export function hasDataClass(tenant: TenantProfile, dataClass: DataClass): boolean {
  return tenant.dataClasses.includes(dataClass);
}

/** True when the tenant is bound by the regime. */
export function hasRegime(tenant: TenantProfile, regime: Regime): boolean {
  return tenant.regimes.includes(regime);
}

/** The tenant's regimes that appear in `regimes`, in canonical order. */
export function findRegimesAmong(tenant: TenantProfile, regimes: readonly Regime[]): Regime[] {
  return REGIMES.filter((regime) => regimes.includes(regime) && hasRegime(tenant, regime));
}

/** The tenant's data classes without duplicates, in canonical order, so equal sets compare equal. */
export function listDataClasses(tenant: TenantProfile): DataClass[] {
  return DATA_CLASSES.filter((dataClass) => hasDataClass(tenant, dataClass));
}

/** True when two tenants hold exactly the same set of data classes (both "none" counts as the same). */
export function isSameClassification(a: TenantProfile, b: TenantProfile): boolean {
  return listDataClasses(a).join() === listDataClasses(b).join();
}

/** The other tenants whose set of data classes differs from this tenant's. */
export function findTenantsWithDifferentClassification({ tenant, others }: RuleContext): TenantProfile[] {
  return others.filter((other) => !isSameClassification(tenant, other));
}

/** "PHI", "financial account data and PII", or "no classified data". */
export function describeClassification(tenant: TenantProfile): string {
  const classes = listDataClasses(tenant);
  return classes.length === 0 ? 'no classified data' : joinWords(classes.map((c) => DATA_CLASS_PROSE[c]));
}

/** "OCC Heightened Standards", "HIPAA BAA and state data governance". */
export function describeRegimes(regimes: readonly Regime[]): string {
  return joinWords(REGIMES.filter((r) => regimes.includes(r)).map((r) => REGIME_PROSE[r]));
}

/** "A", "A and B", "A, B and C"; past `limit` items, "A, B, C and 2 others". */
export function joinWords(words: readonly string[], limit = Infinity): string {
  if (words.length > limit) return `${words.slice(0, limit).join(', ')} and ${words.length - limit} others`;
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
