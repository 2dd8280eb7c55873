import 'server-only';
import { CANARY_TOKEN_LENGTH, isCanaryToken } from '@/lib/canaries/canary-token';
import { createCanaryClassifier, createCanaryFinding, matchCanaryTokens } from './canary-matching';
import { decideScreening, type ScreeningAction, type ScreeningPolicy } from './decide';
import { applyRot13, decodeBase64Runs, decodeHexRuns, foldHomoglyphs } from './normalize';
import { DEFAULT_SCREENING_MAX_CHARS, ScreeningLimitError, type CanaryLookup, type ScreeningFinding, type TextVariantName } from './types';

export interface OutputScannerOptions {
  /** This tenant's prompt canaries: seeing one in output is a prompt leak. */
  ownCanaries: Iterable<string>;
  /** Other tenants' canaries: seeing one in output is cross-tenant bleed. */
  lookupForeignCanary: CanaryLookup;
  /** Defaults to `{ mode: 'block' }` so a forgotten policy fails closed. */
  policy?: ScreeningPolicy;
  /** Largest total output examined; pushing more throws `ScreeningLimitError`. */
  maxChars?: number;
  /**
   * Screened text kept back before release (characters), so a block decided within this distance
   * withdraws the text before the offending token too: a leaked system prompt is recognised by its
   * canary, and what precedes the canary in the prompt must not have been sent already. 0 by default.
   */
  releaseDelayChars?: number;
}

/** What one `push` or `end` lets through. */
export interface OutputScanStep {
  /** Text that may be sent to the client now (canaries replaced by `[redacted]` when redacting). */
  safeText: string;
  /** Findings first seen in this step. */
  findings: ScreeningFinding[];
  /** The decision over every finding so far; once `block`, every later step is empty. */
  action: ScreeningAction;
}

export interface OutputScanner {
  /** Screens the next chunk of model output; returns what may be sent now. */
  push(chunk: string): OutputScanStep;
  /** Flushes the held-back tail and runs the whole-text checks. Call exactly once. */
  end(): OutputScanStep;
}

/** What replaces a redacted canary. */
export const REDACTION_MARKER = '[redacted]';

const HOLD_BACK = CANARY_TOKEN_LENGTH - 1;

/**
 * A streaming output screen. Each `push` returns the text that is safe to send now, holding back
 * only the last `CANARY_TOKEN_LENGTH - 1` visible characters, the most a canary split across
 * chunk boundaries can have arrived of. So a canary is never sent whole, however it is split.
 * With `releaseDelayChars`, screened text waits that much longer, so a block also withholds the
 * text that led up to the offending token.
 *
 * Caught mid-stream, before any of the token is released: canaries as is (any case), with
 * homoglyphs, fullwidth or invisible characters mixed in, and in rot13. These can be redacted.
 * Caught only by `end()`, on the whole text, after the earlier part was already released:
 * canaries inside base64 or hex runs (their alignment is only known once the run is complete).
 * The pipeline must then end the stream with an error and audit it; to stop encoded leaks before
 * any byte is sent, screen a non-streamed answer with `scanOutput`.
 *
 * @throws ScreeningLimitError from `push` when the output exceeds `maxChars` (fail closed).
 */
export function createOutputScanner(options: OutputScannerOptions): OutputScanner {
  const classifyCanary = createCanaryClassifier(options.ownCanaries, options.lookupForeignCanary);
  const policy = options.policy ?? { mode: 'block' };
  const maxChars = options.maxChars ?? DEFAULT_SCREENING_MAX_CHARS;
  const releaseDelay = createReleaseDelay(options.releaseDelayChars ?? 0);
  const allFindings: ScreeningFinding[] = [];
  const seen = new Set<string>();
  const received: string[] = [];
  let receivedChars = 0;
  let pending = '';
  let action: ScreeningAction = 'allow';
  let isEnded = false;

  /** Adds a finding (to `into` too) unless this token was already reported in this form. */
  function record(token: string, variant: TextVariantName, finding: ScreeningFinding | null, into: ScreeningFinding[]) {
    const key = `${token}:${variant}`;
    if (!finding || seen.has(key)) return;
    seen.add(key);
    allFindings.push(finding);
    into.push(finding);
  }

  function release(isFinal: boolean, findings: ScreeningFinding[]): OutputScanStep {
    const { text: folded, rawStart, rawEnd } = foldHomoglyphs(pending);
    let releaseFolded = isFinal ? folded.length : Math.max(0, folded.length - HOLD_BACK);
    const redactions: [number, number][] = [];
    for (const [view, isRot13] of [
      [folded, false],
      [applyRot13(folded), true],
    ] as const) {
      for (const match of matchCanaryTokens(view)) {
        const start = rawStart[match.index];
        const end = rawEnd[match.index + match.length - 1];
        const variant = isRot13 ? 'rot13' : isCanaryToken(pending.slice(start, end)) ? 'plain' : 'homoglyph';
        const owner = classifyCanary(match.token);
        record(match.token, variant, createCanaryFinding(owner, variant, 'high'), findings);
        if (owner === 'own') redactions.push([start, end]);
        releaseFolded = Math.max(releaseFolded, match.index + match.length);
      }
    }
    action = decideScreening(allFindings, policy).action;
    if (action === 'block') {
      pending = '';
      releaseDelay.discard();
      return { safeText: '', findings, action };
    }
    const rawRelease = releaseFolded < folded.length ? rawStart[releaseFolded] : pending.length;
    const screened = applyRedactions(pending.slice(0, rawRelease), action === 'redact' ? redactions : []);
    pending = pending.slice(rawRelease);
    return { safeText: releaseDelay.pass(screened, isFinal), findings, action };
  }

  return {
    push(chunk) {
      if (isEnded) throw new Error('OutputScanner.push called after end()');
      receivedChars += chunk.length;
      if (receivedChars > maxChars) throw new ScreeningLimitError(maxChars);
      if (action === 'block') return { safeText: '', findings: [], action };
      received.push(chunk);
      pending += chunk;
      return release(false, []);
    },
    end() {
      if (isEnded) throw new Error('OutputScanner.end called twice');
      isEnded = true;
      if (action === 'block') return { safeText: '', findings: [], action };
      const findings: ScreeningFinding[] = [];
      const fullText = received.join('');
      for (const [variant, decoded] of [
        ['base64', decodeBase64Runs(fullText)],
        ['hex', decodeHexRuns(fullText)],
      ] as const) {
        for (const { token } of matchCanaryTokens(decoded)) {
          record(token, variant, createCanaryFinding(classifyCanary(token), variant, 'high'), findings);
        }
      }
      return release(true, findings);
    },
  };
}

/**
 * Screens a complete (non-streamed) answer: the same checks as the streaming scanner, but the
 * caller sends nothing until the decision is known, so encoded canaries are stopped too.
 */
export function scanOutput(fullText: string, options: OutputScannerOptions): { text: string; findings: ScreeningFinding[]; action: ScreeningAction } {
  const scanner = createOutputScanner(options);
  const first = scanner.push(fullText);
  const last = scanner.end();
  const action = last.action;
  return { text: action === 'block' ? '' : first.safeText + last.safeText, findings: [...first.findings, ...last.findings], action };
}

/**
 * A plain FIFO over screened text: it costs a concatenation and a slice per chunk, whatever its
 * length, so a long delay does not multiply the scanning work (the canary scan keeps its own short tail).
 */
function createReleaseDelay(delayChars: number) {
  let held = '';
  return {
    pass(text: string, isFinal: boolean): string {
      held += text;
      let releasable = isFinal ? held.length : Math.max(0, held.length - delayChars);
      // Never cut a surrogate pair: half an emoji would reach the client as a broken character.
      if (releasable > 0 && releasable < held.length && isHighSurrogate(held.charCodeAt(releasable - 1))) releasable--;
      const released = held.slice(0, releasable);
      held = held.slice(releasable);
      return released;
    },
    discard() {
      held = '';
    },
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function applyRedactions(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  let output = '';
  let cursor = 0;
  for (const [start, end] of [...ranges].sort((left, right) => left[0] - right[0])) {
    if (start < cursor) continue;
    output += text.slice(cursor, start) + REDACTION_MARKER;
    cursor = end;
  }
  return output + text.slice(cursor);
}
