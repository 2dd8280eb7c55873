import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';

/**
 * Any transaction the audit store can write in: a tenant's (withTenant) or the platform path's
 * (withPlatformAccess). Either way RLS decides which chains it can touch.
 */
export type AuditTransaction = Prisma.TransactionClient;

/** The chain of events that belong to no tenant: platform sign-ins, platform configuration. */
export const PLATFORM_CHAIN_ID = '00000000-0000-0000-0000-000000000000';
