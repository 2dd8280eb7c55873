import 'server-only';
/** What a screening finding is about. */
export type FindingKind = 'tenant_scope_change' | 'instruction_override' | 'prompt_extraction' | 'foreign_canary' | 'own_canary';

/** How bad a finding is; `decideScreening` turns severities into an action per policy. */
export type FindingSeverity = 'low' | 'medium' | 'high';

/** Which decoded view of the text the finding was seen in (see `createTextVariants`). */
export type TextVariantName = 'plain' | 'homoglyph' | 'base64' | 'hex' | 'rot13';

/** One thing the screen noticed. `evidence` is short and safe to log: the rule or token kind, never a canary token or prompt text. */
export interface ScreeningFinding {
  kind: FindingKind;
  severity: FindingSeverity;
  evidence: string;
  variant: TextVariantName;
}

/**
 * Says whether a canary token (canonical form, see lib/canaries/canary-token) belongs to another
 * tenant: a set of such tokens, or a function (e.g. backed by a cache of every tenant's canaries).
 */
export type CanaryLookup = ReadonlySet<string> | ((token: string) => boolean);

/** A tenant as the screen needs to know it: to recognise attempts to claim its scope. */
export interface ScreeningTenant {
  id: string;
  slug: string;
  name: string;
}

/**
 * Thrown when a text is larger than the screen will examine. Screening fails closed: the caller
 * must refuse the request (or stop the stream) rather than pass unscreened text.
 */
export class ScreeningLimitError extends Error {
  constructor(readonly limitChars: number) {
    super(`Text exceeds the screening limit of ${limitChars} characters`);
    this.name = 'ScreeningLimitError';
  }
}

/** Default largest text screened in one call or one stream (about 250k tokens). */
export const DEFAULT_SCREENING_MAX_CHARS = 1_000_000;
