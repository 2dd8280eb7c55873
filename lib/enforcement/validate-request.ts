import { z } from 'zod';
import { GatewayError } from './gateway-error';

/** Largest request body the gateway reads, in bytes. */
export const MAX_BODY_BYTES = 1_000_000;
/** Largest total message text, in characters (the screen's own limit is larger). */
export const MAX_MESSAGE_CHARS = 200_000;
export const MAX_MESSAGES = 256;

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** A conversation message after validation: text only. */
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** A validated Chat Completions request: only what the gateway forwards, nothing the client can use to steer routing or caching. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  /** Sampling settings forwarded as given (already type-checked). */
  options: Record<string, unknown>;
  /** True when the client sent a `cache_salt`: it is dropped, never forwarded. */
  hadClientCacheSalt: boolean;
}

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(textPart), z.null()]),
  name: z.string().max(64).optional(),
  tool_call_id: z.string().optional(),
});

const FORWARDED_OPTIONS = {
  temperature: z.number().min(0).max(2),
  top_p: z.number().min(0).max(1),
  max_tokens: z.number().int().min(1).max(131_072),
  max_completion_tokens: z.number().int().min(1).max(131_072),
  presence_penalty: z.number().min(-2).max(2),
  frequency_penalty: z.number().min(-2).max(2),
  seed: z.number().int(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]),
  user: z.string().max(256),
};

const requestSchema = z.strictObject({
  model: z.string().min(1, 'you must provide a model parameter').max(200),
  messages: z.array(message).min(1, "'messages' must be a non-empty array").max(MAX_MESSAGES),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  n: z.literal(1).optional(),
  cache_salt: z.unknown().optional(),
  ...Object.fromEntries(Object.entries(FORWARDED_OPTIONS).map(([key, schema]) => [key, schema.optional()])),
});

/**
 * Step 2: checks an OpenAI Chat Completions body and returns what the gateway will use. Unknown
 * parameters are refused with 400 naming the parameter (as OpenAI does), so nothing unexpected
 * rides along to the upstream. A client `cache_salt` is accepted and dropped: the gateway sets
 * its own (route-endpoint.ts). Nothing here can name or change the tenant.
 * @throws GatewayError 400 (shape, limits) or 413 (body size)
 */
export function validateChatRequest(body: unknown): ChatRequest {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.') || null;
    const message = issue.code === 'unrecognized_keys' ? `Unrecognized request argument supplied: ${issue.keys[0]}` : `Invalid '${param ?? 'body'}': ${issue.message}`;
    throw new GatewayError(400, message, 'invalid_request', param);
  }
  const { model, messages, stream = false, stream_options, n: _n, cache_salt, ...options } = parsed.data;
  if (stream_options && !stream) {
    throw new GatewayError(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'invalid_request', 'stream_options');
  }
  const texts = messages.map((entry) => ({
    role: entry.role,
    content: typeof entry.content === 'string' ? entry.content : (entry.content ?? []).map((part) => part.text).join('\n'),
  }));
  const totalChars = texts.reduce((sum, entry) => sum + entry.content.length, 0);
  if (totalChars > MAX_MESSAGE_CHARS) {
    throw new GatewayError(400, `The messages are too long: at most ${MAX_MESSAGE_CHARS} characters in total.`, 'context_length_exceeded', 'messages');
  }
  const forwarded = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { model, messages: texts, stream, includeUsage: stream_options?.include_usage === true, options: forwarded, hadClientCacheSalt: cache_salt !== undefined };
}

/**
 * Reads a JSON body with a size limit (the bytes are counted as they arrive, so a huge body is
 * refused without being buffered whole).
 * @throws GatewayError 413 when larger than MAX_BODY_BYTES, 400 when not JSON
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  assertDeclaredBodySize(request.headers.get('content-length'));
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw createBodyTooLargeError();
    }
    chunks.push(value);
  }
  return parseJsonBody(chunks);
}

/** @throws GatewayError 413 when the Content-Length header already says the body is too large */
export function assertDeclaredBodySize(contentLength: string | null | undefined) {
  if (Number(contentLength ?? 0) > MAX_BODY_BYTES) throw createBodyTooLargeError();
}

export function createBodyTooLargeError() {
  return new GatewayError(413, 'Request body too large.', 'request_too_large');
}

/** The received chunks as JSON. @throws GatewayError 400 when they are not */
export function parseJsonBody(chunks: Uint8Array[]): unknown {
  try {
    return JSON.parse((chunks.length === 1 ? Buffer.from(chunks[0].buffer, chunks[0].byteOffset, chunks[0].byteLength) : Buffer.concat(chunks)).toString('utf8'));
  } catch {
    throw new GatewayError(400, 'We could not parse the JSON body of your request.', 'invalid_json');
  }
}
