import 'server-only';
import { z } from 'zod';
import { GatewayError } from '../gateway-error';
import { parseRequestBody } from '../parse-request-body';
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
  const { model, input, encoding_format, dimensions, user } = parseRequestBody(requestSchema, body);
  const inputs = typeof input === 'string' ? [input] : input;
  if (!inputs.every((entry): entry is string => typeof entry === 'string')) {
    throw new GatewayError(
      400,
      'Token-id input is refused: the gateway screens embedding input as text, and cannot read token ids. Send strings.',
      'parameter_refused',
      'input',
    );
  }
  if (inputs.reduce((sum, text) => sum + text.length, 0) > MAX_MESSAGE_CHARS * 5) {
    throw new GatewayError(400, `The input is too long: at most ${MAX_MESSAGE_CHARS * 5} characters in total.`, 'context_length_exceeded', 'input');
  }
  return { model, inputs, encodingFormat: encoding_format ?? 'float', ...(dimensions ? { dimensions } : {}), endUser: user ? { user } : {} };
}
