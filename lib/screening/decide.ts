import 'server-only';
import type { ScreeningFinding, TextVariantName } from './types';

/** A tenant's screening policy: `flag` lets suspicious traffic through and records it; `block` stops it. */
export interface ScreeningPolicy {
  mode: 'flag' | 'block';
}

/** What the pipeline does with the request or response. */
export type ScreeningAction = 'allow' | 'flag' | 'redact' | 'block';

export interface ScreeningDecision {
  action: ScreeningAction;
  /** One safe line per distinct finding, e.g. "prompt_extraction (base64): rule reveal-system-prompt" (never prompt text). */
  reasons: string[];
}

/** Forms the output scanner can locate in the raw text and so replace; base64 and hex runs it cannot. */
const REDACTABLE_VARIANTS: ReadonlySet<TextVariantName> = new Set(['plain', 'homoglyph', 'rot13']);

const ACTION_RANK: Record<ScreeningAction, number> = { allow: 0, flag: 1, redact: 2, block: 3 };

/**
 * Turns findings into one action, the most severe any finding calls for:
 *
 * | finding                                   | mode `flag`                  | mode `block` |
 * |-------------------------------------------|------------------------------|--------------|
 * | `foreign_canary` (cross-tenant bleed)     | block                        | block        |
 * | `own_canary`, severity high (prompt leak) | redact; block if base64/hex  | block        |
 * | anything else, severity high or medium    | flag                         | block        |
 * | anything else, severity low               | flag                         | flag         |
 * | no findings                               | allow                        | allow        |
 *
 * A foreign canary always blocks: another tenant's data has already reached this request, and no
 * policy of this tenant can consent to that. Redaction applies only to forms the output scanner
 * can replace in place; an encoded own canary cannot be cut out, so it blocks.
 */
export function decideScreening(findings: readonly ScreeningFinding[], policy: ScreeningPolicy): ScreeningDecision {
  let action: ScreeningAction = 'allow';
  const reasons = new Set<string>();
  for (const finding of findings) {
    const findingAction = decideFinding(finding, policy);
    if (ACTION_RANK[findingAction] > ACTION_RANK[action]) action = findingAction;
    reasons.add(`${finding.kind} (${finding.variant}): ${finding.evidence}`);
  }
  return { action, reasons: [...reasons] };
}

function decideFinding(finding: ScreeningFinding, policy: ScreeningPolicy): ScreeningAction {
  if (finding.kind === 'foreign_canary') return 'block';
  if (finding.kind === 'own_canary' && finding.severity === 'high') {
    if (policy.mode === 'block') return 'block';
    return REDACTABLE_VARIANTS.has(finding.variant) ? 'redact' : 'block';
  }
  if (finding.severity === 'low') return 'flag';
  return policy.mode === 'block' ? 'block' : 'flag';
}
