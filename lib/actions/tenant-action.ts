import 'server-only';
import type { z } from 'zod';
import { requirePrincipal } from '@/lib/auth/current-principal';
import type { Permission, Principal } from '@/lib/auth/principal';
import { resolveTenantAccess, type TenantAccess } from '@/lib/auth/tenant-access';
import { assertPlatformAdmin } from '@/lib/tenancy/platform';
import { runAction, type ActionResult } from './action-result';

export interface TenantActionContext<Input> extends TenantAccess {
  input: Input;
  requestId: string;
}

/**
 * Every server action is a public endpoint: this wrapper validates the input with zod, resolves
 * the principal from the session, checks the permission on the tenant (404 when it may not see
 * it), and only then runs the body. The tenant slug selects among the session's grants; it never
 * grants anything itself.
 */
export function tenantAction<Schema extends z.ZodType, Result>(
  config: { name: string; permission: Permission; schema: Schema },
  body: (context: TenantActionContext<z.infer<Schema>>) => Promise<Result>,
) {
  return async (tenantSlug: string, rawInput: unknown): Promise<ActionResult<Result>> =>
    runAction(config.name, async (requestId) => {
      const principal = await requirePrincipal();
      const access = await resolveTenantAccess(principal, String(tenantSlug), config.permission);
      const input = config.schema.parse(rawInput);
      return body({ ...access, input, requestId });
    });
}

/** The same shape for platform-admin actions; the role check happens before validation. */
export function platformAction<Schema extends z.ZodType, Result>(
  config: { name: string; schema: Schema },
  body: (context: { principal: Principal; input: z.infer<Schema>; requestId: string }) => Promise<Result>,
) {
  return async (rawInput: unknown): Promise<ActionResult<Result>> =>
    runAction(config.name, async (requestId) => {
      const principal = await requirePrincipal();
      assertPlatformAdmin(principal);
      const input = config.schema.parse(rawInput);
      return body({ principal, input, requestId });
    });
}

/** Actions on the signed-in user's own account (their sessions): any principal, acting only on itself. */
export function signedInAction<Schema extends z.ZodType, Result>(
  config: { name: string; schema: Schema },
  body: (context: { principal: Principal; input: z.infer<Schema>; requestId: string }) => Promise<Result>,
) {
  return async (rawInput: unknown): Promise<ActionResult<Result>> =>
    runAction(config.name, async (requestId) => {
      const principal = await requirePrincipal();
      const input = config.schema.parse(rawInput);
      return body({ principal, input, requestId });
    });
}

/** Actions open to anonymous visitors (sign-in): validation and error handling, no principal. */
export function publicAction<Schema extends z.ZodType, Result>(
  config: { name: string; schema: Schema },
  body: (context: { input: z.infer<Schema>; requestId: string }) => Promise<Result>,
) {
  return async (rawInput: unknown): Promise<ActionResult<Result>> =>
    runAction(config.name, async (requestId) => body({ input: config.schema.parse(rawInput), requestId }));
}

/**
 * publicAction for a form driven by useActionState: takes the previous state and the FormData,
 * reads the named fields and validates them like any other input.
 */
export function publicFormAction<Schema extends z.ZodType, Result>(
  config: { name: string; schema: Schema; fields: readonly string[] },
  body: (context: { input: z.infer<Schema>; requestId: string }) => Promise<Result>,
) {
  const action = publicAction(config, body);
  // Called directly, the second argument can be anything: a missing field is what validation reports.
  return async (_previous: ActionResult<Result> | null, formData: FormData): Promise<ActionResult<Result>> =>
    action(Object.fromEntries(config.fields.map((field) => [field, formData instanceof FormData ? formData.get(field) : null])));
}

/**
 * The action of a plain form with no input and no state to show (sign-out): the same error
 * handling, redirects passing through; a failure is logged with its request id.
 */
export function inputlessFormAction(config: { name: string }, body: () => Promise<void>) {
  return async (): Promise<void> => {
    await runAction(config.name, body);
  };
}
