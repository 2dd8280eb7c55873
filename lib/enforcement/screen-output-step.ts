import 'server-only';
import { createOutputScanner, scanOutput, type OutputScanStep } from '@/lib/screening/output-scanner';
import { decideScreening, type ScreeningAction, type ScreeningPolicy } from '@/lib/screening/decide';
import { ScreeningLimitError, type ScreeningFinding } from '@/lib/screening/types';
import { LONGEST_TEXT_BEFORE_CANARY } from '@/lib/prompts/text-before-canary';
import { GatewayError } from './gateway-error';

export interface OutputScreenContext {
  tenantId: string;
  ownCanaries: readonly string[];
  /** The owner of a registered canary token, or null (getCanaryOwner). */
  getCanaryOwner: (token: string) => string | null;
  policy: ScreeningPolicy;
}

/** What the output screen concluded over the whole answer. */
export interface OutputScreenVerdict {
  action: ScreeningAction;
  reasons: string[];
  findings: ScreeningFinding[];
  /** Tenants whose canaries appeared: each is a cross-tenant bleed. */
  foreignTenantIds: string[];
}

/** A streaming screen: `push` and `end` as the scanner's, plus the verdict so far. */
export interface OutputScreen {
  push(chunk: string): OutputScanStep;
  end(): OutputScanStep;
  verdict(): OutputScreenVerdict;
}

/**
 * Step 7, streaming: another tenant's canary is cross-tenant bleed (always blocks), the tenant's
 * own prompt canary is a prompt leak (block or redact per policy). Detection spans chunk
 * boundaries: the scanner holds back the few characters a split canary could have sent so far, and
 * screened text waits as long as the longest text a system prompt holds before its canary, so a
 * blocked prompt leak (this tenant's or another's) sends nothing of the prompt.
 * @throws GatewayError 502 from push when the answer exceeds what the screen examines
 */
export function createOutputScreen(context: OutputScreenContext): OutputScreen {
  const foreign = new Set<string>();
  const findings: ScreeningFinding[] = [];
  const scanner = createOutputScanner({
    ownCanaries: context.ownCanaries,
    lookupForeignCanary: createForeignLookup(context, foreign),
    policy: context.policy,
    releaseDelayChars: LONGEST_TEXT_BEFORE_CANARY,
  });
  const collect = (step: OutputScanStep) => {
    findings.push(...step.findings);
    return step;
  };
  return {
    push(chunk) {
      try {
        return collect(scanner.push(chunk));
      } catch (error) {
        throw mapScreenError(error);
      }
    },
    end: () => collect(scanner.end()),
    verdict() {
      const decision = decideScreening(findings, context.policy);
      return { action: decision.action, reasons: decision.reasons, findings: [...findings], foreignTenantIds: [...foreign] };
    },
  };
}

/** Step 7 for a complete answer: nothing is sent before the verdict, so encoded canaries are stopped too. */
export function screenCompleteOutput(text: string, context: OutputScreenContext): OutputScreenVerdict & { text: string } {
  const foreign = new Set<string>();
  try {
    const result = scanOutput(text, { ownCanaries: context.ownCanaries, lookupForeignCanary: createForeignLookup(context, foreign), policy: context.policy });
    return {
      text: result.text,
      action: result.action,
      reasons: decideScreening(result.findings, context.policy).reasons,
      findings: result.findings,
      foreignTenantIds: [...foreign],
    };
  } catch (error) {
    throw mapScreenError(error);
  }
}

function createForeignLookup(context: OutputScreenContext, seen: Set<string>) {
  return (token: string) => {
    const owner = context.getCanaryOwner(token);
    if (!owner || owner === context.tenantId) return false;
    seen.add(owner);
    return true;
  };
}

function mapScreenError(error: unknown): unknown {
  if (error instanceof ScreeningLimitError) return new GatewayError(502, 'The model answer exceeded the screening limit.', 'output_too_long');
  return error;
}
