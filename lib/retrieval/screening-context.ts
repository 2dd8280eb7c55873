import { getCanaryOwner, refreshCanaryRegistry } from '@/lib/canaries/canary-registry';
import { findKnownTenants } from '@/lib/screening/tenant-directory';
import type { DocumentScreeningContext } from './ingest';

/**
 * What the injection screen needs about the uploader's tenant and the others: their names (to
 * recognise "act as tenant X") and which canary tokens belong to someone else. The tenant is the
 * one the session resolved, never one named in the file.
 */
export async function getDocumentScreeningContext(tenant: { id: string; slug: string; name: string }): Promise<DocumentScreeningContext> {
  await refreshCanaryRegistry();
  return {
    ownTenant: tenant,
    knownTenants: await findKnownTenants(),
    foreignCanaries: (token: string) => {
      const owner = getCanaryOwner(token);
      return owner !== null && owner !== tenant.id;
    },
    ownCanaries: [],
  };
}
