import 'server-only';
import type { ChatTool, ChatToolCall } from './chat-request-schema';
import type { DecisionTrace } from './decision-trace';
import type { ChatMessage } from './validate-request';

/** Notes in the trace which tools the client offered and which tool results it sent back. */
export function recordToolRequest(trace: DecisionTrace, tools: readonly ChatTool[] | undefined, messages: readonly ChatMessage[]) {
  const results = messages.flatMap((message) => (message.role === 'tool' ? [message.toolCallId ?? ''] : []));
  const offered = (tools ?? []).map((tool) => tool.function.name);
  if (offered.length === 0 && results.length === 0) return;
  trace.tools = { offered, results, calls: trace.tools?.calls ?? [] };
}

/** Notes the tool calls the model made (names and ids; arguments go to the audit payload only per policy). */
export function recordToolCalls(trace: DecisionTrace, calls: readonly Pick<ChatToolCall, 'id' | 'function'>[]) {
  if (calls.length === 0) return;
  trace.tools = {
    offered: trace.tools?.offered ?? [],
    results: trace.tools?.results ?? [],
    calls: calls.map((call) => ({ id: call.id, name: call.function.name })),
  };
}
