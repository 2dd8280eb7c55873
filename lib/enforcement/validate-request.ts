import 'server-only';
import { z } from 'zod';
import { END_USER_OPTIONS, FORWARDED_OPTIONS, REFUSED_PARAMETERS, messageSchema, type ChatContentPart, type ChatToolCall } from './chat-request-schema';
import { GatewayError } from './gateway-error';
import { parseRequestBody } from './parse-request-body';

/** Largest request body the gateway reads, in bytes. */
export const MAX_BODY_BYTES = 1_000_000;
/** Largest total message text, in characters (the screen's own limit is larger). */
export const MAX_MESSAGE_CHARS = 200_000;
export const MAX_MESSAGES = 256;

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/**
 * A conversation message after validation. `content` is its text (what screening, retrieval and
 * the audit hashes read); `parts` keeps image parts for the upstream; tool calls and the tool call
 * a result answers travel as OpenAI names them.
 */
export interface ChatMessage {
  role: ChatRole;
  content: string;
  parts?: ChatContentPart[];
  name?: string;
  toolCallId?: string;
  toolCalls?: ChatToolCall[];
}

/** A validated Chat Completions request: only what the gateway forwards, nothing the client can use to steer routing or caching. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  /** Options forwarded as given (already type-checked); endpoint support is checked after routing. */
  options: Record<string, unknown>;
  /** The client's end-user ids, forwarded only hashed per tenant. */
  endUser: { user?: string; safety_identifier?: string };
}

const requestSchema = z.strictObject({
  model: z.string().min(1, 'you must provide a model parameter').max(200),
  messages: z.array(messageSchema).min(1, "'messages' must be a non-empty array").max(MAX_MESSAGES),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullable().optional(),
  ...Object.fromEntries(Object.keys(REFUSED_PARAMETERS).map((key) => [key, z.unknown().optional()])),
  ...Object.fromEntries(Object.entries({ ...FORWARDED_OPTIONS, ...END_USER_OPTIONS }).map(([key, schema]) => [key, schema.nullable().optional()])),
});

/**
 * Step 2: checks an OpenAI Chat Completions body and returns what the gateway will use. Unknown
 * parameters are refused with 400 naming the parameter (as OpenAI does), so nothing unexpected
 * rides along to the upstream; parameters that would break isolation (REFUSED_PARAMETERS) are
 * refused with the reason. Nothing here can name or change the tenant.
 * @throws GatewayError 400 (shape, limits, isolation) or 413 (body size)
 */
export function validateChatRequest(body: unknown): ChatRequest {
  const data = parseRequestBody(requestSchema, body) as Record<string, unknown> & z.infer<typeof requestSchema>;
  for (const [param, reason] of Object.entries(REFUSED_PARAMETERS)) {
    if (data[param] !== undefined) throw new GatewayError(400, `The parameter '${param}' is refused: ${reason}.`, 'parameter_refused', param);
  }
  const { model, messages, stream, stream_options, user, safety_identifier } = data;
  if (stream_options && !stream) {
    throw new GatewayError(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'invalid_request', 'stream_options');
  }
  if (stream && typeof data.n === 'number' && data.n > 1) {
    throw new GatewayError(
      400,
      "Streaming with 'n' above 1 is not supported by the gateway: each choice would need its own output screen. Use n=1 or stream: false.",
      'unsupported_parameter',
      'n',
    );
  }
  if (stream && (data.logprobs === true || data.top_logprobs != null)) {
    throw new GatewayError(
      400,
      "Streaming with 'logprobs' is refused: token log-probabilities would leave before output screening has seen their text. Use stream: false.",
      'parameter_refused',
      'logprobs',
    );
  }
  const converted = messages.map(toChatMessage);
  const totalChars = converted.reduce(
    (sum, entry) => sum + entry.content.length + (entry.toolCalls ?? []).reduce((size, call) => size + call.function.arguments.length, 0),
    0,
  );
  if (totalChars > MAX_MESSAGE_CHARS) {
    throw new GatewayError(400, `The messages are too long: at most ${MAX_MESSAGE_CHARS} characters in total.`, 'context_length_exceeded', 'messages');
  }
  const options = Object.fromEntries(
    Object.keys(FORWARDED_OPTIONS)
      .filter((key) => data[key] !== undefined && data[key] !== null)
      .map((key) => [key, data[key]]),
  );
  const endUser = {
    ...(typeof user === 'string' && user ? { user } : {}),
    ...(typeof safety_identifier === 'string' && safety_identifier ? { safety_identifier } : {}),
  };
  return { model, messages: converted, stream: stream === true, includeUsage: stream_options?.include_usage === true, options, endUser };
}

function toChatMessage(entry: z.infer<typeof messageSchema>, index: number): ChatMessage {
  const parts = Array.isArray(entry.content) ? entry.content : null;
  for (const part of parts ?? []) {
    if (part.type === 'file' || part.type === 'input_audio') {
      const reason =
        part.type === 'file' ? 'a file_id names a file in the provider account, which tenants share' : 'audio input is not screened by the gateway';
      throw new GatewayError(400, `Content parts of type '${part.type}' are refused: ${reason}.`, 'parameter_refused', `messages.${index}.content`);
    }
  }
  const knownParts = parts as ChatContentPart[] | null;
  const text =
    typeof entry.content === 'string'
      ? entry.content
      : (knownParts ?? [])
          .map((part) => (part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : ''))
          .filter(Boolean)
          .join('\n');
  const hasImage = knownParts?.some((part) => part.type === 'image_url') ?? false;
  return {
    role: entry.role,
    content: text,
    ...(hasImage ? { parts: knownParts! } : {}),
    ...(entry.name ? { name: entry.name } : {}),
    ...(entry.tool_call_id ? { toolCallId: entry.tool_call_id } : {}),
    ...(entry.tool_calls?.length ? { toolCalls: entry.tool_calls } : {}),
  };
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
    return JSON.parse(
      (chunks.length === 1 ? Buffer.from(chunks[0].buffer, chunks[0].byteOffset, chunks[0].byteLength) : Buffer.concat(chunks)).toString('utf8'),
    );
  } catch {
    throw new GatewayError(400, 'We could not parse the JSON body of your request.', 'invalid_json');
  }
}
