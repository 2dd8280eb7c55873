import { createHash } from 'node:crypto';
import { OpenAIHttpError } from './openai-wire';
import { tokenizeText } from './tokenizer';

/** The simulator's embedding model. */
export const EMBEDDING_MODEL = 'sim-embed';
const DEFAULT_DIMENSIONS = 64;

/**
 * `POST /v1/embeddings`: a deterministic bag-of-words vector per input (each word hashed into one
 * of `dimensions` buckets, then L2-normalised), so texts sharing words are close and the same text
 * always embeds the same. `encoding_format: "base64"` (what the official SDK asks for by default)
 * answers little-endian float32 bytes in base64, as OpenAI does.
 */
export function respondToEmbeddings(body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new OpenAIHttpError(400, 'The request body must be a JSON object.');
  const { model, input, encoding_format: format = 'float', dimensions = DEFAULT_DIMENSIONS, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest).find((key) => key !== 'user');
  if (unknown) throw new OpenAIHttpError(400, `Unrecognized request argument supplied: ${unknown}`, 'invalid_request_error', unknown);
  if (model !== EMBEDDING_MODEL) {
    throw new OpenAIHttpError(
      404,
      `The model \`${String(model)}\` does not exist or you do not have access to it.`,
      'invalid_request_error',
      'model',
      'model_not_found',
    );
  }
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((entry) => typeof entry === 'string')) {
    throw new OpenAIHttpError(400, "'input' must be a non-empty string or array of strings.", 'invalid_request_error', 'input');
  }
  if (format !== 'float' && format !== 'base64')
    throw new OpenAIHttpError(400, "'encoding_format' must be float or base64.", 'invalid_request_error', 'encoding_format');
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > 4096) {
    throw new OpenAIHttpError(400, "'dimensions' must be an integer from 1 to 4096.", 'invalid_request_error', 'dimensions');
  }
  const tokens = (inputs as string[]).reduce((sum, text) => sum + tokenizeText(text).length, 0);
  return {
    object: 'list',
    data: (inputs as string[]).map((text, index) => {
      const vector = embedText(text, dimensions);
      return { object: 'embedding', index, embedding: format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
    }),
    model: EMBEDDING_MODEL,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** The deterministic vector for one text. */
export function embedText(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    vector[createHash('sha256').update(word).digest().readUInt32BE(0) % dimensions] += 1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
