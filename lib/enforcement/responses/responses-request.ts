import 'server-only';
import { z } from 'zod';
import { REFUSED_PARAMETERS, responseFormatSchema } from '../chat-request-schema';
import { GatewayError } from '../gateway-error';
import { parseRequestBody } from '../parse-request-body';

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const outputText = z.object({ type: z.literal('output_text'), text: z.string() }).loose();
const inputImage = z.object({ type: z.literal('input_image'), image_url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() });
const otherContent = z.object({ type: z.enum(['input_file', 'input_audio', 'refusal']) }).loose();

const messageItem = z.object({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(z.union([inputText, outputText, inputImage, otherContent]))]),
  id: z.string().optional(),
  status: z.string().optional(),
});
const functionCallItem = z.object({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  id: z.string().optional(),
  status: z.string().optional(),
});
const functionOutputItem = z.object({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(inputText)]),
  id: z.string().optional(),
  status: z.string().optional(),
});
const inputItem = z.union([functionCallItem, functionOutputItem, messageItem]);

const functionTool = z.object({
  type: z.literal('function'),
  name: z.string(),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
});

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string(),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const requestSchema = z.strictObject({
  model: z.string().min(1, 'you must provide a model parameter').max(200),
  input: z.union([z.string(), z.array(inputItem).min(1).max(256)]),
  instructions: nullable(z.string()),
  tools: z.array(functionTool).max(128).optional(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.object({ type: z.literal('function'), name: z.string() })]).optional(),
  parallel_tool_calls: nullable(z.boolean()),
  text: z.object({ format: textFormat.optional(), verbosity: nullable(z.enum(['low', 'medium', 'high'])) }).optional(),
  temperature: nullable(z.number().min(0).max(2)),
  top_p: nullable(z.number().min(0).max(1)),
  max_output_tokens: nullable(z.number().int().min(1).max(131_072)),
  stream: nullable(z.boolean()),
  stream_options: nullable(z.object({ include_obfuscation: z.boolean().optional() })),
  store: nullable(z.boolean()),
  previous_response_id: nullable(z.string()),
  metadata: nullable(z.record(z.string().max(64), z.string().max(512))),
  user: z.string().max(256).optional(),
  safety_identifier: nullable(z.string().max(256)),
  service_tier: nullable(z.enum(['auto', 'default', 'flex', 'scale', 'priority'])),
  reasoning: nullable(z.object({ effort: nullable(z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])) })),
  truncation: nullable(z.literal('disabled')),
  prompt_cache_key: z.unknown().optional(),
  prompt_cache_options: z.unknown().optional(),
  prompt_cache_retention: z.unknown().optional(),
  conversation: z.unknown().optional(),
  background: z.unknown().optional(),
});

/** Responses features that need the provider (or the gateway) to keep state: refused with the reason. */
const STATEFUL_REFUSALS = {
  conversation: "this gateway does not keep conversations; carry the conversation in 'input'",
  background: 'background responses are stored by the provider until fetched, which this gateway does not do',
} as const;

export type ResponsesRequest = z.infer<typeof requestSchema>;

/**
 * Checks a Responses API body. Stored responses are not kept by this gateway: `store: true`,
 * `conversation` and `background` are refused with the reason, and `previous_response_id` is
 * unknown here, so the id of any response, this tenant's or another's, is 404. Built-in tools (web search, file search,
 * code interpreter...) run provider-side, out of the gateway's sight: only function tools pass.
 * @throws GatewayError 400 naming the parameter, 404 for a previous response
 */
export function validateResponsesRequest(body: unknown): ResponsesRequest {
  const request = parseRequestBody(requestSchema, body);
  for (const param of ['prompt_cache_key', 'prompt_cache_options', 'prompt_cache_retention'] as const) {
    if (request[param] !== undefined)
      throw new GatewayError(400, `The parameter '${param}' is refused: ${REFUSED_PARAMETERS[param]}.`, 'parameter_refused', param);
  }
  for (const [param, reason] of Object.entries(STATEFUL_REFUSALS)) {
    if (request[param as keyof typeof STATEFUL_REFUSALS] != null)
      throw new GatewayError(400, `The parameter '${param}' is refused: ${reason}.`, 'parameter_refused', param);
  }
  if (request.store === true) {
    throw new GatewayError(
      400,
      "The parameter 'store: true' is refused: this gateway does not keep responses. Send store: false and carry the conversation in 'input'.",
      'parameter_refused',
      'store',
    );
  }
  if (request.previous_response_id) {
    throw new GatewayError(404, `Response with id '${request.previous_response_id}' not found.`, 'response_not_found', 'previous_response_id');
  }
  return request;
}

/**
 * The same request as a Chat Completions body, so it runs through the one pipeline: instructions
 * become a developer message, function calls and their outputs become assistant tool calls and
 * `tool` messages (screened as untrusted tool results), images become image parts.
 */
export function toChatCompletionsBody(request: ResponsesRequest): Record<string, unknown> {
  const format = request.text?.format;
  const responseFormat =
    format && format.type === 'json_schema'
      ? { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, description: format.description, strict: format.strict } }
      : format;
  const body: Record<string, unknown> = {
    model: request.model,
    messages: [...(request.instructions ? [{ role: 'developer', content: request.instructions }] : []), ...toChatMessages(request.input)],
    tools: request.tools?.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description ?? undefined, parameters: tool.parameters ?? undefined, strict: tool.strict },
    })),
    tool_choice: typeof request.tool_choice === 'object' ? { type: 'function', function: { name: request.tool_choice.name } } : request.tool_choice,
    parallel_tool_calls: request.parallel_tool_calls,
    response_format: responseFormat ? responseFormatSchema.parse(responseFormat) : undefined,
    verbosity: request.text?.verbosity,
    temperature: request.temperature,
    top_p: request.top_p,
    max_completion_tokens: request.max_output_tokens,
    metadata: request.metadata,
    user: request.user,
    safety_identifier: request.safety_identifier,
    service_tier: request.service_tier,
    reasoning_effort: request.reasoning?.effort,
    stream: request.stream ?? false,
    ...(request.stream ? { stream_options: { include_usage: true } } : {}),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined && value !== null));
}

function toChatMessages(input: ResponsesRequest['input']): Record<string, unknown>[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const messages: Record<string, unknown>[] = [];
  input.forEach((item, index) => {
    if (item.type === 'function_call') {
      const call = { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } };
      const previous = messages.at(-1);
      if (previous?.role === 'assistant' && Array.isArray(previous.tool_calls)) previous.tool_calls.push(call);
      else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else if (item.type === 'function_call_output') {
      messages.push({
        role: 'tool',
        tool_call_id: item.call_id,
        content: typeof item.output === 'string' ? item.output : item.output.map((part) => part.text).join('\n'),
      });
    } else {
      messages.push({ role: item.role, content: typeof item.content === 'string' ? item.content : item.content.map((part) => toChatPart(part, index)) });
    }
  });
  return messages;
}

function toChatPart(part: { type: string; [key: string]: unknown }, index: number) {
  if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: part.text };
  if (part.type === 'input_image') return { type: 'image_url', image_url: { url: part.image_url, ...(part.detail ? { detail: part.detail } : {}) } };
  const reason =
    part.type === 'input_file'
      ? 'a file_id names a file in the provider account, which tenants share'
      : `'${part.type}' content is not screened by the gateway`;
  throw new GatewayError(400, `Content of type '${part.type}' is refused: ${reason}.`, 'parameter_refused', `input.${index}.content`);
}
