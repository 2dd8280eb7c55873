import { isSimulatorModel, type SimulatorModel } from './models';
import type { JsonSchema } from './json-from-schema';
import { OpenAIHttpError, type ChatMessage } from './openai-wire';
import type { OfferedTool, ToolChoice } from './tool-rules';

/** A validated `/v1/chat/completions` request. */
export interface ChatRequest {
  model: SimulatorModel;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  /** vLLM's top-level `cache_salt`: prefix-cache entries are only shared between equal salts. */
  cacheSalt: string | undefined;
  maxTokens: number | undefined;
  tools: OfferedTool[];
  toolChoice: ToolChoice;
  isParallel: boolean;
  /** What shape the answer must take: text, any JSON object, or JSON matching a schema. */
  responseFormat: { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: JsonSchema | undefined };
}

/**
 * OpenAI parameters accepted without effect: the simulator is deterministic, so sampling
 * settings cannot change its answer. Anything not listed here or handled below is refused with
 * 400, like OpenAI does: a misspelt `cacheSalt` or an unsupported `prompt_cache_key` must fail
 * loudly, not silently share a cache between tenants.
 */
const ACCEPTED_WITHOUT_EFFECT = new Set([
  'temperature',
  'top_p',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'seed',
  'stop',
  'user',
  'metadata',
  'store',
  'service_tier',
  'safety_identifier',
]);
const HANDLED = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'cache_salt',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
]);
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

/** Validates a parsed JSON body; throws `OpenAIHttpError` (400/404) naming the bad parameter. */
export function parseChatRequest(body: unknown): ChatRequest {
  if (!isRecord(body)) throw new OpenAIHttpError(400, 'The request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    if (!HANDLED.has(key) && !ACCEPTED_WITHOUT_EFFECT.has(key)) {
      throw new OpenAIHttpError(400, `Unrecognized request argument supplied: ${key}`, 'invalid_request_error', key);
    }
  }
  if (typeof body.model !== 'string' || body.model === '') {
    throw new OpenAIHttpError(400, 'you must provide a model parameter', 'invalid_request_error', 'model');
  }
  if (!isSimulatorModel(body.model)) {
    throw new OpenAIHttpError(
      404,
      `The model \`${body.model}\` does not exist or you do not have access to it.`,
      'invalid_request_error',
      'model',
      'model_not_found',
    );
  }
  const stream = optional(body.stream, 'stream', 'boolean') ?? false;
  if (body.stream_options !== undefined && body.stream_options !== null && !stream) {
    throw new OpenAIHttpError(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'invalid_request_error', 'stream_options');
  }
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const cacheSalt = optional(body.cache_salt, 'cache_salt', 'string');
  if (cacheSalt === '') {
    throw new OpenAIHttpError(400, "Parameter 'cache_salt' must be a non-empty string if provided.", 'invalid_request_error', 'cache_salt');
  }
  const n = optional(body.n, 'n', 'number') ?? 1;
  if (n !== 1) throw new OpenAIHttpError(400, 'The local simulator only supports n=1.', 'invalid_request_error', 'n');
  const maxTokens = optional(body.max_completion_tokens, 'max_completion_tokens', 'number') ?? optional(body.max_tokens, 'max_tokens', 'number');
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw new OpenAIHttpError(400, 'max_tokens must be a positive integer.', 'invalid_request_error', 'max_tokens');
  }
  return {
    model: body.model,
    messages: parseMessages(body.messages),
    stream,
    includeUsage,
    cacheSalt,
    maxTokens,
    tools: parseTools(body.tools),
    toolChoice: parseToolChoice(body.tool_choice),
    isParallel: optional(body.parallel_tool_calls, 'parallel_tool_calls', 'boolean') ?? true,
    responseFormat: parseResponseFormat(body.response_format),
  };
}

function parseTools(value: unknown): OfferedTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OpenAIHttpError(400, "Invalid type for 'tools': expected an array.", 'invalid_request_error', 'tools');
  return value.map((tool, index) => {
    if (!isRecord(tool) || tool.type !== 'function' || !isRecord(tool.function) || typeof tool.function.name !== 'string') {
      throw new OpenAIHttpError(
        400,
        `Invalid tool at tools[${index}]: the simulator takes function tools with a name.`,
        'invalid_request_error',
        `tools[${index}]`,
      );
    }
    return { name: tool.function.name, parameters: isRecord(tool.function.parameters) ? (tool.function.parameters as JsonSchema) : undefined };
  });
}

function parseToolChoice(value: unknown): ToolChoice {
  if (value === undefined || value === null) return 'auto';
  if (value === 'none' || value === 'auto' || value === 'required') return value;
  if (isRecord(value) && value.type === 'function' && isRecord(value.function) && typeof value.function.name === 'string') return { name: value.function.name };
  throw new OpenAIHttpError(400, "Invalid 'tool_choice'.", 'invalid_request_error', 'tool_choice');
}

function parseResponseFormat(value: unknown): ChatRequest['responseFormat'] {
  if (value === undefined || value === null) return { type: 'text' };
  if (isRecord(value) && (value.type === 'text' || value.type === 'json_object')) return { type: value.type };
  if (isRecord(value) && value.type === 'json_schema' && isRecord(value.json_schema)) {
    return { type: 'json_schema', schema: isRecord(value.json_schema.schema) ? (value.json_schema.schema as JsonSchema) : undefined };
  }
  throw new OpenAIHttpError(400, "Invalid 'response_format'.", 'invalid_request_error', 'response_format');
}

function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new OpenAIHttpError(400, "'messages' must be a non-empty array.", 'invalid_request_error', 'messages');
  }
  return value.map((message, index) => {
    const param = `messages.[${index}]`;
    if (!isRecord(message) || typeof message.role !== 'string' || !ROLES.has(message.role)) {
      throw new OpenAIHttpError(400, `Invalid 'role' in ${param}.`, 'invalid_request_error', `${param}.role`);
    }
    return { role: message.role as ChatMessage['role'], content: parseContent(message.content, param) };
  });
}

/** A string, an array of `{type: 'text', text}` parts, or null (assistant tool calls). Images are refused. */
function parseContent(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (isRecord(part) && part.type === 'text' && typeof part.text === 'string') return part.text;
        throw new OpenAIHttpError(400, 'The local simulator only accepts text content parts.', 'invalid_request_error', `${param}.content`);
      })
      .join('\n');
  }
  throw new OpenAIHttpError(400, `Invalid 'content' in ${param}.`, 'invalid_request_error', `${param}.content`);
}

function optional<T extends 'string' | 'number' | 'boolean'>(
  value: unknown,
  param: string,
  type: T,
): (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) {
    throw new OpenAIHttpError(400, `Invalid type for '${param}': expected a ${type}.`, 'invalid_request_error', param);
  }
  return value as never;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
