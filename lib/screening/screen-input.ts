import 'server-only';
import { createCanaryClassifier, createCanaryFinding, matchCanaryTokens } from './canary-matching';
import { INPUT_PATTERNS } from './input-patterns';
import { createTextVariants } from './normalize';
import { DEFAULT_SCREENING_MAX_CHARS, ScreeningLimitError, type CanaryLookup, type ScreeningFinding, type ScreeningTenant } from './types';

/**
 * What the input screen needs to know about the request's tenant. Deliberately nothing about other
 * tenants' names: a rule built from them would answer differently for a real tenant than for an
 * invented one, and so tell any key holder which other tenants exist.
 */
export interface ScreenInputContext {
  /** The tenant resolved from the authenticated principal (never from the text). */
  ownTenant: ScreeningTenant;
  /** Other tenants' canary tokens. */
  foreignCanaries: CanaryLookup;
  /** This tenant's prompt canaries. */
  ownCanaries: Iterable<string>;
  /** Largest text screened; larger texts throw `ScreeningLimitError`. */
  maxChars?: number;
}

/**
 * Screens a user-supplied text (or an assembled prompt) before it reaches the model. Every rule
 * of `INPUT_PATTERNS` and the canary check run on each decoded variant
 * (plain, homoglyph-folded, base64, hex, rot13), so an attack is caught in any of these forms.
 *
 * Findings are deduplicated per rule (or per canary token), keeping the first variant in the
 * order above. Their evidence names the rule that matched, never the matched text: reasons travel
 * into decision traces, metrics and the audit log, which must not hold a prompt the tenant's
 * policy says not to keep. A foreign canary is `high`; the tenant's own canary in input is `low` (it proves
 * the prompt leaked earlier but leaks nothing now). Scope changes are `high`, instruction
 * overrides and extraction attempts `medium`.
 *
 * @throws ScreeningLimitError when the text is longer than `maxChars` (fail closed).
 */
export function screenInput(text: string, context: ScreenInputContext): ScreeningFinding[] {
  const maxChars = context.maxChars ?? DEFAULT_SCREENING_MAX_CHARS;
  if (text.length > maxChars) throw new ScreeningLimitError(maxChars);

  const classifyCanary = createCanaryClassifier(context.ownCanaries, context.foreignCanaries);
  const findings: ScreeningFinding[] = [];
  const seen = new Set<string>();

  for (const { variant, text: variantText } of createTextVariants(text)) {
    for (const rule of INPUT_PATTERNS) {
      if (seen.has(rule.id)) continue;
      const match = rule.pattern.exec(variantText);
      if (!match) continue;
      seen.add(rule.id);
      findings.push({ kind: rule.kind, severity: rule.severity, evidence: `rule ${rule.id}`, variant });
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
