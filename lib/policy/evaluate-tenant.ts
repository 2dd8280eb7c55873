import { POLICY_RULES, type PolicyRule, type RuleSource } from './rules';
import type { RuleContext } from './rule-context';
import { assertUniqueTenantIds, compareTenants, toTenantRef } from './tenant-order';
import { maxTier } from './tiers';
import { LAYERS, type Layer, type LayerTiers, type TenantProfile, type TenantRef, type Tier } from './types';

/** A rule that applies to a tenant, with the reason worded for that tenant. */
export interface RuleHit {
  id: string;
  title: string;
  source: RuleSource;
  tier: Tier;
  layers: Layer[];
  /** One line a compliance officer can quote. */
  reason: string;
}

/** A layer's minimum tier and the rules that set it (those requiring exactly that tier). */
export interface LayerRequirement {
  minimum: Tier;
  rules: RuleHit[];
}

/** Everything the rules say about one tenant. */
export interface TenantRequirement {
  tenant: TenantRef;
  minimums: LayerTiers;
  layers: Record<Layer, LayerRequirement>;
  /** Every rule that applies, in table order, including those outranked by a stronger rule. */
  hits: RuleHit[];
}

/**
 * Works out a tenant's minimum tier on each layer from the rule table.
 * @param tenant the tenant to evaluate
 * @param platformTenants every tenant on the platform (active ones); `tenant` itself may be included and is skipped by id
 * @throws PolicyInputError when `platformTenants` lists an id twice
 */
export function evaluateTenant(tenant: TenantProfile, platformTenants: readonly TenantProfile[]): TenantRequirement {
  assertUniqueTenantIds(platformTenants);
  const others = platformTenants.filter((other) => other.id !== tenant.id).sort(compareTenants);
  const context: RuleContext = { tenant, others };
  const hits = POLICY_RULES.filter((rule) => rule.applies(context)).map((rule) => toRuleHit(rule, context));

  const layers = Object.fromEntries(LAYERS.map((layer) => [layer, findLayerRequirement(hits, layer)])) as Record<Layer, LayerRequirement>;
  const minimums = Object.fromEntries(LAYERS.map((layer) => [layer, layers[layer].minimum])) as LayerTiers;
  return { tenant: toTenantRef(tenant), minimums, layers, hits };
}

function toRuleHit(rule: PolicyRule, context: RuleContext): RuleHit {
  return {
    id: rule.id,
    title: rule.title,
    source: rule.source,
    tier: rule.tier,
    layers: [...rule.layers],
    reason: rule.reason(context),
  };
}

function findLayerRequirement(hits: readonly RuleHit[], layer: Layer): LayerRequirement {
  const applicable = hits.filter((hit) => hit.layers.includes(layer));
  const minimum = maxTier(...applicable.map((hit) => hit.tier));
  return { minimum, rules: applicable.filter((hit) => hit.tier === minimum) };
}
