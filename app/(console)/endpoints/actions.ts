'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { platformAction } from '@/lib/actions/tenant-action';
import { createEndpointInputSchema } from '@/lib/control/endpoints/endpoint-input';
import { changeEndpoint, createEndpoint } from '@/lib/control/endpoints/manage-endpoints';
import { platformGatewayLimitsInputSchema, updatePlatformGatewayLimits } from '@/lib/control/platform-gateway-limits';

export const createSharedEndpointAction = platformAction(
  { name: 'endpoint.create', schema: createEndpointInputSchema('shared') },
  async ({ principal, input, requestId }) => {
    const endpoint = await createEndpoint({ scope: 'shared', principal }, input, {
      actor: { type: 'user', id: principal.userId, label: principal.email },
      requestId,
    });
    revalidatePath('/endpoints');
    return endpoint;
  },
);

export const changeSharedEndpointAction = platformAction(
  { name: 'endpoint.change', schema: z.object({ endpointId: z.uuid(), change: z.enum(['enable', 'disable', 'delete']) }).strict() },
  async ({ principal, input, requestId }) => {
    await changeEndpoint({ scope: 'shared', principal }, input, { actor: { type: 'user', id: principal.userId, label: principal.email }, requestId });
    revalidatePath('/endpoints');
    return { endpointId: input.endpointId };
  },
);

export const updatePlatformLimitsAction = platformAction(
  { name: 'platform_gateway_limits.update', schema: platformGatewayLimitsInputSchema },
  async ({ principal, input, requestId }) => {
    const saved = await updatePlatformGatewayLimits(principal, input, { actor: { type: 'user', id: principal.userId, label: principal.email }, requestId });
    revalidatePath('/endpoints');
    return saved;
  },
);
