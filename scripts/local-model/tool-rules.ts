import { createValueFromSchema, findQuotedStrings, type JsonSchema } from './json-from-schema';
import type { ChatMessage } from './openai-wire';

/** A function tool as offered in a request. */
export interface OfferedTool {
  name: string;
  parameters?: JsonSchema;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

/** A tool call the simulated model makes. */
export interface SimulatedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * The simulator's tool behaviour, deterministic and naive like the rest of it:
 * - no tools, `tool_choice: "none"`, or the conversation ends with tool results: no call (the
 *   model then answers in text, with the tool results as context);
 * - `tool_choice` naming a function: that function;
 * - otherwise every offered tool whose name the last user message mentions (only the first when
 *   `parallel_tool_calls` is false), or the first tool when `tool_choice` is "required".
 * String arguments are the quoted strings of the last user message, in order; `injected` text
 * (a test hook) goes first, so tests can make the model leak something into a tool's arguments.
 */
export function decideToolCalls(
  messages: readonly ChatMessage[],
  tools: readonly OfferedTool[],
  choice: ToolChoice,
  options: { isParallel: boolean; injected?: string | null },
): SimulatedToolCall[] {
  if (tools.length === 0 || choice === 'none' || messages.at(-1)?.role === 'tool') return [];
  const lastUser = messages.findLast((message) => message.role === 'user')?.content ?? '';
  let chosen: OfferedTool[];
  if (typeof choice === 'object') chosen = tools.filter((tool) => tool.name === choice.name);
  else {
    chosen = tools.filter((tool) => new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(tool.name)}($|[^A-Za-z0-9_-])`).test(lastUser));
    if (chosen.length === 0 && choice === 'required') chosen = [tools[0]];
  }
  if (!options.isParallel) chosen = chosen.slice(0, 1);
  const strings = [...(options.injected ? [options.injected] : []), ...findQuotedStrings(lastUser)];
  return chosen.map((tool, index) => ({
    id: `call_sim${index}${hashName(tool.name)}`,
    name: tool.name,
    arguments: JSON.stringify(createValueFromSchema(tool.parameters ?? { type: 'object', properties: {} }, strings, tool.name)),
  }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A short stable suffix so call ids differ per tool and repeat across runs. */
function hashName(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(36);
}
