import { z } from 'zod';
import { GatewayError } from '../gateway-error';
import { MAX_MESSAGE_CHARS } from '../validate-request';

/** A validated `/v1/embeddings` request. */
export interface EmbeddingsRequest {
  model: string;
  inputs: string[];
  /** What the client gets back; OpenAI's default is float. */
  encodingFormat: 'float' | 'base64';
  dimensions?: number;
  endUser: { user?: string };
}

const requestSchema = z.strictObject({
  model: z.string().min(1, 'you must provide a model parameter').max(200),
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(2048), z.array(z.number()), z.array(z.array(z.number()))]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().min(1).max(8192).optional(),
  user: z.string().max(256).optional(),
});

/**
 * Checks an OpenAI embeddings body. Token-id inputs are refused: the gateway screens text for other
 * tenants' canaries, and token ids are text it cannot read without the model's tokenizer.
 * @throws GatewayError 400 naming the parameter
 */
export function validateEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.') || null;
    const message = issue.code === 'unrecognized_keys' ? `Unrecognized request argument supplied: ${issue.keys[0]}` : `Invalid '${param ?? 'body'}': ${issue.message}`;
    throw new GatewayError(400, message, 'invalid_request', param);
  }
  const { model, input, encoding_format, dimensions, user } = parsed.data;
  const inputs = typeof input === 'string' ? [input] : input;
  if (!inputs.every((entry): entry is string => typeof entry === 'string')) {
    throw new GatewayError(400, "Token-id input is refused: the gateway screens embedding input as text, and cannot read token ids. Send strings.", 'parameter_refused', 'input');
  }
  if (inputs.reduce((sum, text) => sum + text.length, 0) > MAX_MESSAGE_CHARS * 5) {
    throw new GatewayError(400, `The input is too long: at most ${MAX_MESSAGE_CHARS * 5} characters in total.`, 'context_length_exceeded', 'input');
  }
  return { model, inputs, encodingFormat: encoding_format ?? 'float', ...(dimensions ? { dimensions } : {}), endUser: user ? { user } : {} };
}
