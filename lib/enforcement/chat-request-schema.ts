import 'server-only';
import { z } from 'zod';

/** Tool and function names as OpenAI allows them. */
const toolName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, underscores or dashes');

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });

/** A content part the gateway can forward: text and images (where the endpoint takes them). */
export type ChatContentPart = z.infer<typeof textPart> | z.infer<typeof imagePart> | z.infer<typeof refusalPart>;

const toolCall = z.object({
  id: z.string().min(1).max(200),
  type: z.literal('function'),
  function: z.object({ name: toolName, arguments: z.string() }),
});

export type ChatToolCall = z.infer<typeof toolCall>;

/** `file` and `input_audio` parts are named so the refusal can say why (see endpoint-capabilities). */
const otherPart = z.object({ type: z.enum(['file', 'input_audio']) }).loose();

export const messageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(z.union([textPart, imagePart, refusalPart, otherPart])), z.null()]).optional(),
  name: z.string().max(64).optional(),
  tool_call_id: z.string().max(200).optional(),
  tool_calls: z.array(toolCall).max(128).optional(),
  refusal: z.string().nullable().optional(),
});

export const toolSchema = z.object({
  type: z.literal('function'),
  function: z.strictObject({
    name: toolName,
    description: z.string().max(8_192).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

export type ChatTool = z.infer<typeof toolSchema>;

export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: toolName }) }),
]);

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/**
 * Options forwarded upstream as given once type-checked. Which of them an endpoint accepts is
 * decided in endpoint-capabilities.ts, not here.
 */
export const FORWARDED_OPTIONS = {
  temperature: z.number().min(0).max(2),
  top_p: z.number().min(0).max(1),
  max_tokens: z.number().int().min(1).max(131_072),
  max_completion_tokens: z.number().int().min(1).max(131_072),
  presence_penalty: z.number().min(-2).max(2),
  frequency_penalty: z.number().min(-2).max(2),
  seed: z.number().int(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]),
  n: z.number().int().min(1).max(8),
  logprobs: z.boolean(),
  top_logprobs: z.number().int().min(0).max(20),
  logit_bias: z.record(z.string().regex(/^\d+$/, 'keys must be token ids'), z.number().min(-100).max(100)),
  tools: z.array(toolSchema).max(128),
  tool_choice: toolChoiceSchema,
  parallel_tool_calls: z.boolean(),
  response_format: responseFormatSchema,
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']),
  metadata: z.record(z.string().max(64), z.string().max(512)),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']),
  // Audio output is refused with `audio` (REFUSED_PARAMETERS): the screens read text only.
  modalities: z.array(z.literal('text', { message: "only 'text': audio output is not supported by the gateway, whose output screening reads text only" })),
  verbosity: z.enum(['low', 'medium', 'high']),
  store: z.boolean(),
};

/**
 * Parameters refused whatever the endpoint, each with the reason the client is told: most would let
 * a client steer what is shared between tenants on a shared upstream, or bring in content the
 * screens cannot read; the rest are deprecated or unsupported by the gateway itself.
 */
export const REFUSED_PARAMETERS: Record<string, string> = {
  cache_salt: "the gateway sets the prompt-cache salt itself, per tenant; a client-chosen salt could join or probe another tenant's cache",
  prompt_cache_key: "a client-chosen cache key on a shared upstream could join or probe another tenant's prompt cache; the gateway isolates caching per tenant",
  prompt_cache_options: 'prompt caching is isolated per tenant by the gateway and is not client-controlled',
  prompt_cache_retention: 'prompt caching is isolated per tenant by the gateway and is not client-controlled',
  audio: 'audio output is not supported by the gateway: its output screening reads text only',
  prediction: 'predicted outputs are not supported by the gateway',
  web_search_options: 'provider-side web search is not supported by the gateway: fetched pages would reach the model without input screening',
  functions: "the deprecated 'functions' parameter is not supported; use 'tools'",
  function_call: "the deprecated 'function_call' parameter is not supported; use 'tool_choice'",
};

/** The end-user ids: forwarded only as a per-tenant keyed hash (end-user-hash.ts). */
export const END_USER_OPTIONS = { user: z.string().max(256), safety_identifier: z.string().max(256) };
