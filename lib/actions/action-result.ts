import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { UserFacingError } from '@/lib/errors';
import { logEvent } from '@/lib/log/logger';
import { assertSameOriginAction } from './assert-same-origin';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/**
 * Runs an action body, once the request is known to come from the console's own origin, and turns
 * failures into something a person can act on: validation errors per field, UserFacingError
 * messages as they are, anything else as a generic message with a request id (the details go to
 * the server log only).
 */
export async function runAction<T>(name: string, body: (requestId: string) => Promise<T>): Promise<ActionResult<T>> {
  const requestId = randomUUID();
  try {
    await assertSameOriginAction();
    return { ok: true, data: await body(requestId) };
  } catch (error) {
    if (error instanceof z.ZodError) {
      return { ok: false, error: 'Please correct the highlighted fields.', fieldErrors: flattenIssues(error) };
    }
    if (error instanceof UserFacingError) return { ok: false, error: error.message };
    if (isNextControlFlow(error)) throw error;
    logEvent('error', 'action failed', { action: name, requestId, error });
    return { ok: false, error: `Something went wrong. Reference: ${requestId}` };
  }
}

function flattenIssues(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** redirect() and notFound() work by throwing; they must pass through untouched. */
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK'));
}
