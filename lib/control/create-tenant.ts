import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { UserFacingError } from '@/lib/errors';
import { ensureKeysForTiers } from '@/lib/kms';
import { Prisma } from '@/lib/generated/prisma/client';
import { evaluateTenant, findAffectedTenants, type AffectedTenants, type LayerTiers } from '@/lib/policy';
import { assertPlatformAdmin, withPlatformAccess } from '@/lib/tenancy/platform';
import { lockPolicyChanges } from './lock-tenant-change';
import { appendPolicyDecisions, describeActor, toProfilePayload, toTiersPayload } from './policy-audit';
import { loadPolicySnapshot, toTenantProfile, toTierColumns } from './policy-snapshot';
import { newTenantSchema } from './tenant-schemas';

export interface CreatedTenant {
  id: string;
  slug: string;
  tiers: LayerTiers;
  affected: AffectedTenants;
}

class SlugTakenError extends UserFacingError {
  constructor(slug: string) {
    super(`The slug "${slug}" is already taken. Choose another.`, 409);
  }
}

/**
 * Creates a tenant from a validated classification. It starts at its policy minimum on every layer
 * (so it is compliant from the first moment), and the creation is audited with the minimums of every
 * tenant it moves, in the same transaction.
 * @throws ForbiddenError unless the principal is a platform admin (checked before the input is read)
 * @throws ZodError on invalid input; UserFacingError when the slug is taken
 */
export async function createTenant(principal: Principal, rawInput: unknown, options: { requestId: string }): Promise<CreatedTenant> {
  assertPlatformAdmin(principal);
  const input = newTenantSchema.parse(rawInput);
  const { slug, notes, ...facts } = input;

  try {
    const result = await withPlatformAccess(principal, async (tx) => {
      await lockPolicyChanges(tx);
      if (await tx.tenant.findUnique({ where: { slug }, select: { id: true } })) throw new SlugTakenError(slug);

      const before = (await loadPolicySnapshot(tx)).tenants.map(toTenantProfile);
      // The minimums need the other tenants only, so a placeholder id works until the row exists.
      const tiers = evaluateTenant({ ...facts, id: 'new-tenant' }, before).minimums;
      const created = await tx.tenant.create({ data: { slug, notes, ...facts, ...toTierColumns(tiers) }, select: { id: true } });
      const affected = findAffectedTenants(before, [...before, { ...facts, id: created.id }]);

      const actor = describeActor(principal);
      await appendAuditEvents(tx, created.id, [
        {
          actor,
          action: 'tenant.create',
          target: created.id,
          requestId: options.requestId,
          outcome: 'success',
          payload: { before: null, after: { slug, ...(toProfilePayload(input) as object), tiers: toTiersPayload(tiers) } },
        },
      ]);
      await appendPolicyDecisions(tx, { affected, changedTenantId: created.id, actor, requestId: options.requestId });
      return { id: created.id, slug, tiers, affected };
    });
    // After the commit (no KMS I/O in a transaction): tiers that encrypt need the tenant key now.
    await ensureKeysForTiers(result.id, result.tiers);
    return result;
  } catch (error) {
    // A creator outside the policy lock (the seed) may have taken the slug in between.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new SlugTakenError(slug);
    throw error;
  }
}
