import 'server-only';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { PROBE_TENANT_SLUG } from './probe-tenant';
import type { ProbeTenant } from './types';

/** Every active tenant but the probe tenant (which cannot attack itself), or the one named by `slug`. */
export async function findTenantsToCheck(slug?: string): Promise<ProbeTenant[]> {
  return withPlatformSystemAccess('conformance: tenants to check', (tx) =>
    tx.tenant.findMany({
      where: { status: 'active', AND: [{ slug: { not: PROBE_TENANT_SLUG } }, slug === undefined ? {} : { slug }] },
      select: { id: true, slug: true, name: true },
      orderBy: { slug: 'asc' },
    }),
  );
}
