'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { createApiKey, revokeApiKey } from '@/lib/enforcement/api-keys/manage-api-keys';

const manage = { permission: 'keys.manage' } as const;

export const createApiKeyAction = tenantAction(
  { name: 'api_key.create', ...manage, schema: z.object({ name: z.string().trim().min(1, 'Name the key').max(80) }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    const created = await createApiKey(tenant.id, {
      name: input.name,
      actor: { type: 'user', id: principal.userId, label: principal.email },
      createdBy: principal.userId,
      requestId,
    });
    revalidatePath(`/tenants/${tenant.slug}/keys`);
    return { id: created.id, name: created.name, prefix: created.prefix, secret: created.secret };
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
