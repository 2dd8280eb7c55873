import 'server-only';
import { env } from '@/lib/env';
import { getPrismaClientFor } from '@/lib/db/prisma-clients';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * The application role with no tenant context, for identity rows that are not tenant-owned
 * (users, sessions) and the SECURITY DEFINER grant lookup. Tenant-owned tables return no rows
 * here because app.tenant_id is unset.
 */
export function getIdentityClient(): PrismaClient {
  return getPrismaClientFor(env.appDatabaseUrl, env.databasePoolSize);
}
