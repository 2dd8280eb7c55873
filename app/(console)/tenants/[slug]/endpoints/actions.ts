'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { createEndpointInputSchema } from '@/lib/control/endpoints/endpoint-input';
import { changeEndpoint, createEndpoint } from '@/lib/control/endpoints/manage-endpoints';
import { gatewaySettingsInputSchema, updateGatewaySettings } from '@/lib/control/gateway-settings';

const manage = { permission: 'tenant.manage' } as const;

export const createDedicatedEndpointAction = tenantAction(
  { name: 'endpoint.create', ...manage, schema: createEndpointInputSchema('dedicated') },
  async ({ principal, tenant, input, requestId }) => {
    const endpoint = await createEndpoint({ scope: 'dedicated', tenantId: tenant.id }, input, {
      actor: { type: 'user', id: principal.userId, label: principal.email },
      requestId,
    });
    revalidatePath(`/tenants/${tenant.slug}/endpoints`);
    return endpoint;
  },
);

export const changeDedicatedEndpointAction = tenantAction(
  { name: 'endpoint.change', ...manage, schema: z.object({ endpointId: z.uuid(), change: z.enum(['enable', 'disable', 'delete']) }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    await changeEndpoint({ scope: 'dedicated', tenantId: tenant.id }, input, {
      actor: { type: 'user', id: principal.userId, label: principal.email },
      requestId,
    });
    revalidatePath(`/tenants/${tenant.slug}/endpoints`);
    return { endpointId: input.endpointId };
  },
);

export const updateGatewaySettingsAction = tenantAction(
  { name: 'gateway_settings.update', ...manage, schema: gatewaySettingsInputSchema },
  async ({ principal, tenant, input, requestId }) => {
    const saved = await updateGatewaySettings(tenant.id, input, { actor: { type: 'user', id: principal.userId, label: principal.email }, requestId });
    revalidatePath(`/tenants/${tenant.slug}/endpoints`);
    return saved;
  },
);
