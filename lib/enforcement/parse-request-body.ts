import 'server-only';
import type { z } from 'zod';
import { GatewayError } from './gateway-error';

/**
 * Parses a request body with `schema`, or refuses it as OpenAI does: 400 naming the first bad
 * parameter ("Unrecognized request argument supplied: x" for an unknown one).
 * @throws GatewayError 400 invalid_request
 */
export function parseRequestBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.') || null;
  const message =
    issue.code === 'unrecognized_keys' ? `Unrecognized request argument supplied: ${issue.keys[0]}` : `Invalid '${param ?? 'body'}': ${issue.message}`;
  throw new GatewayError(400, message, 'invalid_request', param);
}
