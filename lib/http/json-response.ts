import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { UserFacingError } from '@/lib/errors';
import { logEvent } from '@/lib/log/logger';

/**
 * Runs a route handler body and maps failures to JSON with a status: a UserFacingError's own message and
 * status (401, 404, 400...), 400 with field errors for invalid input, and anything else a 500 that names
 * only a reference (the details go to the server log, never to the client).
 */
export async function respondWithJson(name: string, handle: (requestId: string) => Promise<Response>): Promise<Response> {
  const requestId = randomUUID();
  try {
    return await handle(requestId);
  } catch (error) {
    if (error instanceof z.ZodError) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of error.issues) (fieldErrors[issue.path.join('.') || 'query'] ??= []).push(issue.message);
      return jsonError(400, 'The request is not valid.', { fieldErrors });
    }
    if (error instanceof UserFacingError) return jsonError(error.status, error.message);
    logEvent('error', 'route failed', { route: name, requestId, error });
    return jsonError(500, `Something went wrong. Reference: ${requestId}`);
  }
}

export function jsonError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: message, ...extra }, { status, headers: { 'cache-control': 'no-store' } });
}
