import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * One Prisma client per database role. Kept on globalThis so dev-mode reloads do not open
 * new pools. Only lib/tenancy imports these: everything else goes through withTenant or
 * withPlatformAccess, which set the context or check the role first.
 */
const clients = globalThis as unknown as { bulkheadPrisma?: Map<string, PrismaClient> };

export function getPrismaClientFor(connectionString: string, poolSize: number): PrismaClient {
  clients.bulkheadPrisma ??= new Map();
  let client = clients.bulkheadPrisma.get(connectionString);
  if (!client) {
    const adapter = new PrismaPg({ connectionString, max: poolSize, idleTimeoutMillis: 30_000 });
    client = new PrismaClient({ adapter });
    clients.bulkheadPrisma.set(connectionString, client);
  }
  return client;
}

export async function disconnectAllPrismaClients() {
  const all = [...(clients.bulkheadPrisma?.values() ?? [])];
  clients.bulkheadPrisma?.clear();
  await Promise.all(all.map((client) => client.$disconnect()));
}
