import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { UserFacingError } from '@/lib/errors';
import type { LayerTiers } from '@/lib/policy';

/** The prompt layer would go dedicated, and the tenant has no model endpoint of its own to send inference to. */
export class DedicatedEndpointMissingError extends UserFacingError {
  constructor() {
    super(
      "The prompt layer at Dedicated sends this tenant's inference only to a model endpoint of its own, and it has none enabled, " +
        'so every request would be refused. Add and enable one on the tenant\'s "Model endpoints" page first, then save this tier.',
      422,
    );
    this.name = 'DedicatedEndpointMissingError';
  }
}

/**
 * Refuses a tier change that would take the tenant's inference down: at a dedicated prompt tier the
 * gateway never falls back to the shared pool (it fails closed), so the tenant must already have an
 * enabled endpoint of its own. A tenant already at dedicated is not re-checked here.
 * @throws DedicatedEndpointMissingError
 */
export async function assertDedicatedEndpointReady(tx: Prisma.TransactionClient, tenantId: string, current: LayerTiers, requested: LayerTiers): Promise<void> {
  if (requested.prompt !== 'dedicated' || current.prompt === 'dedicated') return;
  const enabled = await tx.modelEndpoint.count({ where: { tenantId, enabled: true } });
  if (enabled === 0) throw new DedicatedEndpointMissingError();
}
