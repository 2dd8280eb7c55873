import 'server-only';
import { getCanaryOwner } from '@/lib/canaries/canary-registry';
import { combineActions } from './screen-answer-step';
import { screenInputStep, type InputScreenContext, type InputScreenResult } from './screen-input-step';
import { screenInput } from '@/lib/screening/screen-input';
import type { ScreeningTenant } from '@/lib/screening/types';
import type { ChatMessage } from './validate-request';

export interface ChannelScreenResult extends InputScreenResult {
  /** Owners of foreign canaries found in the client's own turns, and in tool results. */
  conversationForeignTenantIds: string[];
  toolResultForeignTenantIds: string[];
  /** Which channel called for the block, for the error message. */
  blockedChannel: 'conversation' | 'tool_result' | null;
}

/**
 * Step 3 over both channels a client sends: its conversation (every role it wrote, with the
 * arguments of tool calls it replays), and tool results (`role: "tool"`), which are untrusted input
 * like retrieved documents: text a tool fetched from anywhere. Both get the same screen under the
 * tenant's policy (a foreign canary always blocks); tool-result reasons say so, and a foreign
 * canary there opens its own cross-tenant incident.
 */
export function screenInputChannels(messages: readonly ChatMessage[], context: Omit<InputScreenContext, 'isForeignCanary'>): ChannelScreenResult {
  const conversation = messages.filter((message) => message.role !== 'tool').map((message) => ({ role: message.role, content: withToolCallText(message) }));
  const toolResults = messages.filter((message) => message.role === 'tool');
  const conversationForeign = new Set<string>();
  const toolForeign = new Set<string>();
  const screened = screenInputStep(conversation, { ...context, isForeignCanary: collectForeign(context.tenant.id, conversationForeign) });
  if (toolResults.length === 0) {
    return {
      ...screened,
      conversationForeignTenantIds: [...conversationForeign],
      toolResultForeignTenantIds: [],
      blockedChannel: screened.action === 'block' ? 'conversation' : null,
    };
  }
  const tools = screenInputStep(toolResults, { ...context, isForeignCanary: collectForeign(context.tenant.id, toolForeign) });
  const action = combineActions(screened.action, tools.action);
  return {
    action,
    reasons: [...screened.reasons, ...tools.reasons.map((reason) => `tool result: ${reason}`)],
    findings: [...screened.findings, ...tools.findings],
    conversationForeignTenantIds: [...conversationForeign],
    toolResultForeignTenantIds: [...toolForeign],
    blockedChannel: action !== 'block' ? null : screened.action === 'block' ? 'conversation' : 'tool_result',
  };
}

/**
 * The tenants whose canaries appear in `text` (plain or encoded), other than `tenant`'s own: text
 * that should hold only this tenant's data (retrieved context, embedding input) and holds another's.
 * @throws ScreeningLimitError when the text is beyond what the screen examines
 */
export function findForeignCanaryOwners(text: string, tenant: ScreeningTenant): string[] {
  const owners = new Set<string>();
  screenInput(text, { ownTenant: tenant, foreignCanaries: collectForeign(tenant.id, owners), ownCanaries: [] });
  return [...owners];
}

function collectForeign(tenantId: string, owners: Set<string>) {
  return (token: string) => {
    const owner = getCanaryOwner(token);
    if (owner && owner !== tenantId) owners.add(owner);
    return owner !== null && owner !== tenantId;
  };
}

function withToolCallText(message: ChatMessage): string {
  if (!message.toolCalls?.length) return message.content;
  return [message.content, ...message.toolCalls.map((call) => `${call.function.name}(${call.function.arguments})`)].filter(Boolean).join('\n');
}

/** The client's messages as one text, for the audit hashes (and the payload where policy keeps it). */
export function describeConversation(messages: readonly ChatMessage[]): string {
  return messages.map((message) => `${message.role}${message.toolCallId ? `[${message.toolCallId}]` : ''}: ${withToolCallText(message)}`).join('\n');
}
