import { createCanaryClassifier, createCanaryFinding, matchCanaryTokens } from './canary-matching';
import { INPUT_PATTERNS, createTenantClaimPatterns, type InputPattern } from './input-patterns';
import { createTextVariants } from './normalize';
import { DEFAULT_SCREENING_MAX_CHARS, ScreeningLimitError, type CanaryLookup, type ScreeningFinding, type ScreeningTenant } from './types';

/** What the input screen needs to know about the request's tenant and its neighbours. */
export interface ScreenInputContext {
  /** The tenant resolved from the authenticated principal (never from the text). */
  ownTenant: ScreeningTenant;
  /** Other tenants whose names a scope-change attempt might use. The own tenant is skipped. */
  knownTenants: readonly ScreeningTenant[];
  /** Other tenants' canary tokens. */
  foreignCanaries: CanaryLookup;
  /** This tenant's prompt canaries. */
  ownCanaries: Iterable<string>;
  /** Largest text screened; larger texts throw `ScreeningLimitError`. */
  maxChars?: number;
}

const EVIDENCE_MAX_CHARS = 80;

/**
 * Screens a user-supplied text (or an assembled prompt) before it reaches the model. Every rule
 * of `INPUT_PATTERNS`, the named-tenant rules and the canary check run on each decoded variant
 * (plain, homoglyph-folded, base64, hex, rot13), so an attack is caught in any of these forms.
 *
 * Findings are deduplicated per rule (or per canary token), keeping the first variant in the
 * order above. A foreign canary is `high`; the tenant's own canary in input is `low` (it proves
 * the prompt leaked earlier but leaks nothing now). Scope changes are `high`, instruction
 * overrides and extraction attempts `medium`.
 *
 * @throws ScreeningLimitError when the text is longer than `maxChars` (fail closed).
 */
export function screenInput(text: string, context: ScreenInputContext): ScreeningFinding[] {
  const maxChars = context.maxChars ?? DEFAULT_SCREENING_MAX_CHARS;
  if (text.length > maxChars) throw new ScreeningLimitError(maxChars);

  const patterns = getInputPatterns(context.knownTenants, context.ownTenant.id);
  const classifyCanary = createCanaryClassifier(context.ownCanaries, context.foreignCanaries);
  const findings: ScreeningFinding[] = [];
  const seen = new Set<string>();

  for (const { variant, text: variantText } of createTextVariants(text)) {
    for (const rule of patterns) {
      if (seen.has(rule.id)) continue;
      const match = rule.pattern.exec(variantText);
      if (!match) continue;
      seen.add(rule.id);
      findings.push({ kind: rule.kind, severity: rule.severity, evidence: summarizeEvidence(match[0]), variant });
    }
    for (const { token } of matchCanaryTokens(variantText)) {
      if (seen.has(token)) continue;
      seen.add(token);
      const finding = createCanaryFinding(classifyCanary(token), variant, 'low');
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

// The named-tenant rule is one regex over every other tenant's names: compiled once per directory
// (the gateway reuses its directory array for a minute) and tenant, not on every request.
const patternCache = new WeakMap<readonly ScreeningTenant[], Map<string, InputPattern[]>>();
const MAX_CACHED_TENANTS = 1_000;

function getInputPatterns(knownTenants: readonly ScreeningTenant[], ownTenantId: string): InputPattern[] {
  let byTenant = patternCache.get(knownTenants);
  if (!byTenant) patternCache.set(knownTenants, (byTenant = new Map()));
  let patterns = byTenant.get(ownTenantId);
  if (!patterns) {
    patterns = [...INPUT_PATTERNS, ...createTenantClaimPatterns(knownTenants.filter((tenant) => tenant.id !== ownTenantId))];
    if (byTenant.size >= MAX_CACHED_TENANTS) byTenant.clear();
    byTenant.set(ownTenantId, patterns);
  }
  return patterns;
}

/** A short, single-line excerpt with control characters removed, so it is safe in logs and the UI. */
function summarizeEvidence(matched: string): string {
  const clean = matched
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > EVIDENCE_MAX_CHARS ? `${clean.slice(0, EVIDENCE_MAX_CHARS - 1)}…` : clean;
}
