import 'server-only';
import { CANARY_TOKEN_PATTERN } from '@/lib/canaries/canary-token';
import { createTextVariants } from '@/lib/screening/normalize';
import { screenInput, type ScreenInputContext } from '@/lib/screening/screen-input';
import type { FindingKind, FindingSeverity, TextVariantName } from '@/lib/screening/types';
import { DOCUMENT_PATTERNS, type DocumentFindingKind } from './injection-patterns';

/** Who the document belongs to and who else exists, as the input screen needs it (see `screenInput`). */
export type DocumentScreeningContext = Omit<ScreenInputContext, 'maxChars'>;

/** One reason to distrust a chunk of a document. `evidence` is short, single-line, and never a canary token. */
export interface InjectionFinding {
  kind: FindingKind | DocumentFindingKind;
  severity: FindingSeverity;
  evidence: string;
  /** The decoded form it was seen in: `base64` means an encoded payload. */
  variant: TextVariantName;
  /** `hidden`: in content removed at extraction (comments, hidden elements, tag characters). */
  location: 'visible' | 'hidden';
}

/** The verdict on a chunk (or on a document's hidden content). */
export interface InjectionAssessment {
  /** True when anything was found: the text must reach the model marked as untrusted data, never as instructions. */
  isUntrusted: boolean;
  findings: InjectionFinding[];
  /** One line per finding, e.g. "instruction_override (base64): ignore all previous instructions". */
  reasons: string[];
}

const EVIDENCE_MAX_CHARS = 80;

/**
 * Screens one chunk of an uploaded document for indirect prompt injection: the input screen
 * (`screenInput`: instruction overrides, prompt extraction, tenant scope changes, canaries, in
 * plain, homoglyph, base64, hex and rot13 forms) plus document rules (`DOCUMENT_PATTERNS`: text
 * addressed to the AI, instructions for whoever summarizes the document, requests to send the
 * conversation somewhere). Any finding makes the chunk untrusted; flagging does not reject the
 * document, because the same words appear in documents about security.
 *
 * @throws ScreeningLimitError for a text over the screen's limit (chunks are far below it).
 */
export function flagIndirectInjection(chunkText: string, context: DocumentScreeningContext): InjectionAssessment {
  return createAssessment(screenText(chunkText, context, 'visible'));
}

/**
 * Screens the hidden content of a document (`ExtractedDocument.hiddenText`) with the same rules,
 * plus `hidden-directive`: text hidden from readers that gives orders ("you must…", "always
 * recommend…") has no innocent reason to be there. A finding here taints the whole document.
 */
export function flagHiddenText(hiddenText: readonly string[], context: DocumentScreeningContext): InjectionAssessment {
  return createAssessment(hiddenText.flatMap((text) => screenText(text, context, 'hidden')));
}

function screenText(text: string, context: DocumentScreeningContext, location: InjectionFinding['location']): InjectionFinding[] {
  const findings: InjectionFinding[] = screenInput(text, context).map((finding) => ({ ...finding, location }));
  const seen = new Set<string>();
  for (const { variant, text: variantText } of createTextVariants(text)) {
    for (const rule of DOCUMENT_PATTERNS) {
      if (seen.has(rule.id) || (rule.scope === 'hidden' && location !== 'hidden')) continue;
      const match = rule.pattern.exec(variantText);
      if (!match) continue;
      seen.add(rule.id);
      findings.push({ kind: rule.kind, severity: rule.severity, evidence: summarizeEvidence(match[0]), variant, location });
    }
  }
  return findings;
}

function createAssessment(findings: InjectionFinding[]): InjectionAssessment {
  const reasons = new Set(
    findings.map((finding) => `${finding.kind} (${finding.variant}${finding.location === 'hidden' ? ', hidden' : ''}): ${finding.evidence}`),
  );
  return { isUntrusted: findings.length > 0, findings, reasons: [...reasons] };
}

/** A short, single-line excerpt with control characters and canary tokens removed, safe for logs and the UI. */
function summarizeEvidence(matched: string): string {
  const clean = matched
    .replace(new RegExp(CANARY_TOKEN_PATTERN.source, 'gi'), '[canary token]')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > EVIDENCE_MAX_CHARS ? `${clean.slice(0, EVIDENCE_MAX_CHARS - 1)}…` : clean;
}
