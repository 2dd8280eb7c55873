'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { platformAction } from '@/lib/actions/tenant-action';
import { databaseServerInputSchema } from '@/lib/control/database-servers/database-server-input';
import { registerDatabaseServer } from '@/lib/control/database-servers/register-database-server';
import { removeDatabaseServer } from '@/lib/control/database-servers/remove-database-server';
import { setNamespaceShard } from '@/lib/control/database-servers/set-namespace-shard';

export const registerDatabaseServerAction = platformAction(
  { name: 'database_server.register', schema: databaseServerInputSchema },
  async ({ principal, input, requestId }) => {
    const server = await registerDatabaseServer(principal, input, { actor: { type: 'user', id: principal.userId, label: principal.email }, requestId });
    revalidatePath('/servers');
    return server;
  },
);

export const removeDatabaseServerAction = platformAction(
  { name: 'database_server.remove', schema: z.object({ serverId: z.uuid('Choose a server from the list.') }).strict() },
  async ({ principal, input, requestId }) => {
    await removeDatabaseServer(principal, input.serverId, { actor: { type: 'user', id: principal.userId, label: principal.email }, requestId });
    revalidatePath('/servers');
    return { serverId: input.serverId };
  },
);

export const setNamespaceShardAction = platformAction(
  { name: 'database_server.namespace_shard', schema: z.object({ serverId: z.uuid('Choose a server from the list.'), isHosting: z.boolean() }).strict() },
  async ({ principal, input, requestId }) => {
    const result = await setNamespaceShard(principal, input, { actor: { type: 'user', id: principal.userId, label: principal.email }, requestId });
    revalidatePath('/servers');
    return result;
  },
);
