import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import {
  evaluatePlatformFloor,
  evaluateTenant,
  findAffectedTenants,
  isTierAtLeast,
  LAYERS,
  type AffectedTenants,
  type Layer,
  type LayerTiers,
  type TenantProfile,
  type Tier,
} from '@/lib/policy';
import { assertPlatformAdmin, withPlatformAccess } from '@/lib/tenancy/platform';
import { loadPolicySnapshot, toLayerTiers, toTenantProfile } from './policy-snapshot';
import { profileDraftSchema } from './tenant-schemas';

export interface PreviewRule {
  id: string;
  title: string;
  reason: string;
}

/** What saving a classification would do, computed from the database as it is now. Plain data (crosses the server-action boundary). */
export interface ProfilePreview {
  /** The previewed tenant's minimums and the rules that set each one. */
  layers: Record<Layer, { minimum: Tier; rules: PreviewRule[] }>;
  /** Layers whose current tier would fall below the new minimum (never for a new tenant: it starts at its minimum). */
  shortfalls: { layer: Layer; current: Tier; minimum: Tier }[];
  /** Every tenant whose minimum moves, the previewed one included, and the floor layers that move. */
  affected: AffectedTenants;
  /** The floor after the change, with the names of the tenants setting it. */
  floor: Record<Layer, { tier: Tier; setBy: string[] }>;
}

const NEW_TENANT_ID = 'new-tenant';

/**
 * Evaluates a draft classification against every tenant on the platform without saving it: for an
 * existing tenant (`tenantId`) its profile is replaced, otherwise the draft joins as a new tenant.
 * @throws ForbiddenError unless the principal is a platform admin (checked before the input is read)
 * The caller has already resolved `tenantId` to an active tenant the principal may manage.
 * @throws ZodError on an invalid draft
 */
export async function previewProfileChange(principal: Principal, tenantId: string | null, rawDraft: unknown): Promise<ProfilePreview> {
  assertPlatformAdmin(principal);
  const { notes: _notes, ...facts } = profileDraftSchema.parse(rawDraft);
  const snapshot = await withPlatformAccess(principal, loadPolicySnapshot);

  const existing = snapshot.tenants.find((row) => row.id === tenantId);
  const draft: TenantProfile = { ...facts, id: existing?.id ?? NEW_TENANT_ID, name: facts.name || existing?.name || 'New tenant' };
  const before = snapshot.tenants.map(toTenantProfile);
  const after = existing ? before.map((profile) => (profile.id === draft.id ? draft : profile)) : [...before, draft];

  const requirement = evaluateTenant(draft, after);
  const current: LayerTiers | null = existing ? toLayerTiers(existing) : null;
  const floor = evaluatePlatformFloor(after);
  return {
    layers: Object.fromEntries(
      LAYERS.map((layer) => [
        layer,
        {
          minimum: requirement.minimums[layer],
          rules: requirement.layers[layer].rules.map(({ id, title, reason }) => ({ id, title, reason })),
        },
      ]),
    ) as ProfilePreview['layers'],
    shortfalls: current
      ? LAYERS.filter((layer) => !isTierAtLeast(current[layer], requirement.minimums[layer])).map((layer) => ({
          layer,
          current: current[layer],
          minimum: requirement.minimums[layer],
        }))
      : [],
    affected: findAffectedTenants(before, after),
    floor: Object.fromEntries(
      LAYERS.map((layer) => [layer, { tier: floor[layer].tier, setBy: floor[layer].setBy.map(({ tenant }) => tenant.name) }]),
    ) as ProfilePreview['floor'],
  };
}
