'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { platformAction } from '@/lib/actions/tenant-action';
import { databaseServerInputSchema } from '@/lib/control/database-servers/database-server-input';
import { registerDatabaseServer } from '@/lib/control/database-servers/register-database-server';
import { removeDatabaseServer } from '@/lib/control/database-servers/remove-database-server';

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
