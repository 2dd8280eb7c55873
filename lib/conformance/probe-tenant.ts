import 'server-only';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import type { ProbeTenant } from './types';

/** The tenant that plays "the other side" of every attack: it holds no customer data. */
export const PROBE_TENANT_SLUG = 'bulkhead-conformance-probe';

/**
 * The probe tenant, created on first use. A dedicated tenant (rather than some other customer)
 * means the suite plants nothing in, and reads nothing of, a tenant it was not asked about.
 */
export async function ensureProbeTenant(): Promise<ProbeTenant> {
  return withPlatformSystemAccess('conformance probe tenant', async (tx) => {
    const select = { id: true, slug: true, name: true } as const;
    const existing = await tx.tenant.findUnique({ where: { slug: PROBE_TENANT_SLUG }, select });
    if (existing) return existing;
    return tx.tenant.create({
      data: { slug: PROBE_TENANT_SLUG, name: 'Conformance probe', kind: 'internal_department' },
      select,
    });
  });
}
