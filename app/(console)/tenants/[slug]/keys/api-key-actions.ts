'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { API_KEY_SCOPES } from '@/lib/auth/api-keys/api-key-scope';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys/manage-api-keys';

const manage = { permission: 'keys.manage' } as const;

const createKeySchema = z
  .object({
    name: z.string().trim().min(1, 'Name the key').max(80),
    // No default: what a key may do is the admin's explicit choice, never an omission.
    scope: z.enum(API_KEY_SCOPES, { message: 'Choose what the key may do' }),
  })
  .strict();

export const createApiKeyAction = tenantAction(
  { name: 'api_key.create', ...manage, schema: createKeySchema },
  async ({ principal, tenant, input, requestId }) => {
    const created = await createApiKey(tenant.id, {
      name: input.name,
      scope: input.scope,
      actor: { type: 'user', id: principal.userId, label: principal.email },
      createdBy: principal.userId,
      requestId,
    });
    revalidatePath(`/tenants/${tenant.slug}/keys`);
    return { id: created.id, name: created.name, prefix: created.prefix, scope: created.scope, secret: created.secret };
  },
);

export const revokeApiKeyAction = tenantAction(
  { name: 'api_key.revoke', ...manage, schema: z.object({ keyId: z.uuid() }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    await revokeApiKey(tenant.id, { keyId: input.keyId, actor: { type: 'user', id: principal.userId, label: principal.email }, requestId });
    revalidatePath(`/tenants/${tenant.slug}/keys`);
    return { keyId: input.keyId };
  },
);
