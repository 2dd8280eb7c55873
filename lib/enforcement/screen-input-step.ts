import 'server-only';
import { decideScreening, type ScreeningAction, type ScreeningPolicy } from '@/lib/screening/decide';
import { screenInput } from '@/lib/screening/screen-input';
import { ScreeningLimitError, type ScreeningFinding, type ScreeningTenant } from '@/lib/screening/types';
import { GatewayError } from './gateway-error';
import type { ChatMessage } from './validate-request';

export interface InputScreenContext {
  tenant: ScreeningTenant;
  ownCanaries: readonly string[];
  /** True for a canary token registered to another tenant. */
  isForeignCanary: (token: string) => boolean;
  policy: ScreeningPolicy;
}

export interface InputScreenResult {
  action: ScreeningAction;
  reasons: string[];
  findings: ScreeningFinding[];
}

/**
 * Step 3: screens everything the client sent (every message, any role: a forged "system" or
 * "assistant" turn is client text too) for scope changes, instruction overrides, extraction
 * requests and canaries, in plain, homoglyph, base64, hex and rot13 forms. The tenant's policy
 * decides flag or block; the caller refuses on block.
 * @throws GatewayError 400 when the text is beyond what the screen examines (fail closed)
 */
export function screenInputStep(messages: readonly ChatMessage[], context: InputScreenContext): InputScreenResult {
  const text = messages.map((message) => message.content).join('\n');
  try {
    const findings = screenInput(text, {
      ownTenant: context.tenant,
      foreignCanaries: context.isForeignCanary,
      ownCanaries: context.ownCanaries,
    });
    const decision = decideScreening(findings, context.policy);
    return { action: decision.action, reasons: decision.reasons, findings };
  } catch (error) {
    if (error instanceof ScreeningLimitError) throw new GatewayError(400, 'The messages are too long to screen.', 'context_length_exceeded', 'messages');
    throw error;
  }
}
