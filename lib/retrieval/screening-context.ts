import 'server-only';
import { getCanaryOwner, refreshCanaryRegistry } from '@/lib/canaries/canary-registry';
import type { DocumentScreeningContext } from './ingest';

/**
 * What the injection screen needs about the uploader's tenant: which canary tokens belong to
 * someone else (never other tenants' names: see ScreenInputContext). The tenant is the
 * one the session resolved, never one named in the file.
 */
export async function getDocumentScreeningContext(tenant: { id: string; slug: string; name: string }): Promise<DocumentScreeningContext> {
  await refreshCanaryRegistry();
  return {
    ownTenant: tenant,
    foreignCanaries: (token: string) => {
      const owner = getCanaryOwner(token);
      return owner !== null && owner !== tenant.id;
    },
    ownCanaries: [],
  };
}
