import { LINT_RULES } from './lint-rules';
import { maskSecret } from './mask-secret';
import type { LintFinding, LintRule } from './types';
import { isPlaceholder } from './value-checks';

const EXCERPT_MAX_CHARS = 80;

interface Candidate {
  rule: LintRule;
  priority: number;
  start: number;
  end: number;
  excerpt: string;
}

/**
 * Lints a system prompt (or any prompt text) for things that must not be in it: credentials
 * (severity `block`: saving must be refused), internal addresses and authorization logic phrased
 * as instructions (`warn`). Every rule of `LINT_RULES` runs on the whole text; where matches
 * overlap, the higher-priority rule's finding is kept. Findings come back in text order with
 * 1-based line and column; a private key block is reported on its `-----BEGIN` line.
 *
 * Pure and synchronous. Excerpts never hold a secret in full (see `maskSecret`), so findings can
 * be shown in the editor and written to the audit log.
 */
export function lintPromptText(text: string): LintFinding[] {
  const candidates: Candidate[] = [];
  LINT_RULES.forEach((rule, priority) => {
    const pattern = new RegExp(rule.pattern.source, `${rule.pattern.flags.replace(/[gyd]/g, '')}gd`);
    for (const match of text.matchAll(pattern)) {
      if (match[0].length === 0 || (rule.isMatch && !rule.isMatch(match))) continue;
      // `<password>`, `${API_KEY}`, `AKIA…EXAMPLE`: documentation, not a credential to rotate.
      if (rule.secretGroup !== undefined && isPlaceholder(match[rule.secretGroup])) continue;
      const start = match.index;
      candidates.push({ rule, priority, start, end: start + match[0].length, excerpt: createExcerpt(match, rule.secretGroup) });
    }
  });

  const kept: Candidate[] = [];
  for (const candidate of candidates.sort((left, right) => left.priority - right.priority || left.start - right.start)) {
    if (!kept.some((other) => candidate.start < other.end && other.start < candidate.end)) kept.push(candidate);
  }

  const lineStarts = findLineStarts(text);
  return kept
    .sort((left, right) => left.start - right.start || left.priority - right.priority)
    .map(({ rule, start, excerpt }) => {
      const line = findLineIndex(lineStarts, start);
      return { line: line + 1, column: start - lineStarts[line] + 1, rule: rule.id, severity: rule.severity, reason: rule.reason, excerpt };
    });
}

/** True when any finding must stop the prompt from being saved. */
export function hasBlockingFinding(findings: readonly LintFinding[]): boolean {
  return findings.some((finding) => finding.severity === 'block');
}

/**
 * The match on one line with its secret part masked. Over `EXCERPT_MAX_CHARS`, it is cut around
 * the mask (keeping mostly what precedes it, e.g. the variable name), so the mask always shows.
 */
function createExcerpt(match: RegExpExecArray, secretGroup: number | undefined): string {
  const range = secretGroup === undefined ? undefined : match.indices?.[secretGroup];
  if (!range) return cutToLength(flattenToOneLine(match[0]));
  const [start, end] = [range[0] - match.index, range[1] - match.index];
  const before = flattenToOneLine(match[0].slice(0, start)).trimStart();
  const mask = maskSecret(match[0].slice(start, end));
  const after = flattenToOneLine(match[0].slice(end)).trimEnd();
  if (before.length + mask.length + after.length <= EXCERPT_MAX_CHARS) return before + mask + after;
  const room = EXCERPT_MAX_CHARS - mask.length - 2;
  const afterChars = Math.min(after.length, Math.floor(room / 4));
  return `…${Array.from(before)
    .slice(-(room - afterChars))
    .join('')}${mask}${cutToLength(after, afterChars + 1)}`;
}

function flattenToOneLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ');
}

/** Cuts to `maxChars` code points, ending in `…` when cut (never inside a surrogate pair). */
function cutToLength(text: string, maxChars = EXCERPT_MAX_CHARS): string {
  const characters = Array.from(text.trim());
  return characters.length > maxChars ? `${characters.slice(0, maxChars - 1).join('')}…` : characters.join('');
}

function findLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** Index of the last line starting at or before `offset` (binary search). */
function findLineIndex(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
