// The isolation policy engine: pure functions over tenant profiles, no I/O. Import from '@/lib/policy'.
export * from './types';
export * from './tiers';
export * from './tier-consequences';
export { POLICY_RULES, type PolicyRule, type RuleSource } from './rules';
export type { RuleContext } from './rule-context';
export { evaluateTenant, type RuleHit, type LayerRequirement, type TenantRequirement } from './evaluate-tenant';
export {
  DATA_ISOLATION_REGIMES,
  evaluatePlatformFloor,
  isSubjectToDataIsolationRequirement,
  type FloorSetter,
  type LayerFloor,
  type PlatformFloor,
} from './platform-floor';
export * from './assess-platform';
export * from './find-affected-tenants';
export { PolicyInputError } from './errors';
