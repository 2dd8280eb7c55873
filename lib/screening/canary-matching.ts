import 'server-only';
import { CANARY_TOKEN_PATTERN, canonicalizeCanaryToken } from '@/lib/canaries/canary-token';
import type { CanaryLookup, FindingSeverity, ScreeningFinding, TextVariantName } from './types';

/** Who a canary-shaped token belongs to, as far as this request is concerned. */
export type CanaryOwner = 'own' | 'foreign' | 'unknown';

/** Every canary-shaped token in `text`, with its position (the regex is built per call: no shared state). */
export function matchCanaryTokens(text: string): { token: string; index: number; length: number }[] {
  const pattern = new RegExp(CANARY_TOKEN_PATTERN.source, 'gi');
  return Array.from(text.matchAll(pattern), (match) => ({
    token: canonicalizeCanaryToken(match[0]),
    index: match.index,
    length: match[0].length,
  }));
}

/** Builds the classifier once per request; own canaries win if a token is (wrongly) in both. */
export function createCanaryClassifier(ownCanaries: Iterable<string>, foreignCanaries: CanaryLookup): (token: string) => CanaryOwner {
  const own = new Set(Array.from(ownCanaries, canonicalizeCanaryToken));
  const isForeign = typeof foreignCanaries === 'function' ? foreignCanaries : (token: string) => foreignCanaries.has(token);
  return (token) => (own.has(token) ? 'own' : isForeign(token) ? 'foreign' : 'unknown');
}

/**
 * The finding for a classified canary, or null for a token nobody owns. The evidence names the
 * form, never the token: a foreign token in a log line would itself be a leak.
 */
export function createCanaryFinding(owner: CanaryOwner, variant: TextVariantName, ownSeverity: FindingSeverity): ScreeningFinding | null {
  if (owner === 'foreign') {
    return { kind: 'foreign_canary', severity: 'high', evidence: `another tenant's canary token (${variant})`, variant };
  }
  if (owner === 'own') {
    return { kind: 'own_canary', severity: ownSeverity, evidence: `this tenant's prompt canary token (${variant})`, variant };
  }
  return null;
}
