import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';

/** The tenant fields the console lists and shows; nothing secret lives on this row. */
export const tenantSummarySelect = {
  id: true,
  slug: true,
  name: true,
  kind: true,
  dataClasses: true,
  regimes: true,
  adversarial: true,
  hasOwnDpa: true,
  notes: true,
  promptTier: true,
  retrievalTier: true,
  logsTier: true,
  status: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TenantSelect;

export type TenantSummary = Prisma.TenantGetPayload<{ select: typeof tenantSummarySelect }>;
