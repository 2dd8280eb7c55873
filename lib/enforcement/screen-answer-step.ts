import 'server-only';
import type { UpstreamChoice } from './call-upstream';
import { decideScreening, type ScreeningAction } from '@/lib/screening/decide';
import { screenCompleteOutput, type OutputScreenContext, type OutputScreenVerdict } from './screen-output-step';

const ACTION_RANK: Record<ScreeningAction, number> = { allow: 0, flag: 1, redact: 2, block: 3 };

/** The stricter of two actions. */
export function combineActions(left: ScreeningAction, right: ScreeningAction): ScreeningAction {
  return ACTION_RANK[right] > ACTION_RANK[left] ? right : left;
}

/**
 * Step 7 for a complete answer, every channel the model writes: each choice's text (structured
 * output included: JSON is text to the scanner), its refusal, and the arguments of every tool call
 * it made (a model can leak a canary into a tool's arguments as easily as into prose). Redaction
 * applies per text; a choice that needed any screening action loses its log-probabilities, which
 * would otherwise carry the unredacted tokens.
 */
export function screenCompleteChoices(
  choices: readonly UpstreamChoice[],
  context: OutputScreenContext,
): { choices: UpstreamChoice[]; verdict: OutputScreenVerdict } {
  let action: ScreeningAction = 'allow';
  const findings: OutputScreenVerdict['findings'] = [];
  const foreign = new Set<string>();
  const screen = (text: string) => {
    if (text === '') return text;
    const result = screenCompleteOutput(text, context);
    action = combineActions(action, result.action);
    findings.push(...result.findings);
    for (const owner of result.foreignTenantIds) foreign.add(owner);
    return result.text;
  };
  const screened = choices.map((choice) => {
    const before = action;
    action = 'allow';
    const text = screen(choice.text);
    const refusal = choice.refusal === null ? null : screen(choice.refusal);
    const toolCalls = choice.toolCalls.map((call) => ({ ...call, function: { name: call.function.name, arguments: screen(call.function.arguments) } }));
    const logprobs = action === 'allow' ? choice.logprobs : null;
    action = combineActions(before, action);
    return { ...choice, text, refusal, toolCalls, logprobs };
  });
  const reasons = decideScreening(findings, context.policy).reasons;
  return { choices: screened, verdict: { action, reasons, findings, foreignTenantIds: [...foreign] } };
}

/** The answer as the audit event's text: choices' text and their tool calls, in order. */
export function describeAnswer(choices: readonly UpstreamChoice[]): string {
  return choices
    .map((choice) => [choice.text, ...choice.toolCalls.map((call) => `tool_call ${call.function.name}(${call.function.arguments})`)].filter(Boolean).join('\n'))
    .join('\n');
}
