import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { appendIdentityEvents } from '@/lib/audit/store/append-identity-events';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { withPlatformAccess, type PlatformRequester } from '@/lib/tenancy/platform';
import { forgetSsoConfig, sealClientSecret } from './sso-settings';

/** The settings as the console shows them: never the secret. */
export interface SsoSettingsView {
  issuer: string;
  clientId: string;
  isPasswordSignInEnabled: boolean;
  updatedAt: string;
}

export interface SsoMappingView {
  id: string;
  claim: string;
  value: string;
  tenantId: string;
  tenantName: string;
  role: 'admin' | 'member';
}

interface Change {
  actor: AuditActor;
  requestId: string;
}

export async function getSsoSettingsView(principal: PlatformRequester): Promise<{ settings: SsoSettingsView | null; mappings: SsoMappingView[] }> {
  return withPlatformAccess(principal, async (tx) => {
    const [settings, mappings] = await Promise.all([
      tx.ssoSettings.findUnique({ where: { id: true }, select: { issuer: true, clientId: true, passwordSignInEnabled: true, updatedAt: true } }),
      tx.ssoRoleMapping.findMany({
        orderBy: [{ claim: 'asc' }, { value: 'asc' }],
        select: { id: true, claim: true, value: true, tenantId: true, membershipRole: true, tenant: { select: { name: true } } },
      }),
    ]);
    return {
      settings: settings && {
        issuer: settings.issuer,
        clientId: settings.clientId,
        isPasswordSignInEnabled: settings.passwordSignInEnabled,
        updatedAt: settings.updatedAt.toISOString(),
      },
      mappings: mappings.map((row) => ({
        id: row.id,
        claim: row.claim,
        value: row.value,
        tenantId: row.tenantId,
        tenantName: row.tenant.name,
        role: row.membershipRole,
      })),
    };
  });
}

/**
 * Saves the identity provider. A new client secret is sealed under the platform KMS key before the
 * transaction opens; an empty one keeps the stored secret (the form never shows it back).
 */
export async function saveSsoSettings(
  principal: PlatformRequester,
  input: Change & { issuer: string; clientId: string; clientSecret: string | null; isPasswordSignInEnabled: boolean },
): Promise<void> {
  const sealed = input.clientSecret ? await sealClientSecret(input.clientSecret) : null;
  await withPlatformAccess(principal, async (tx) => {
    const before = await tx.ssoSettings.findUnique({ where: { id: true }, select: { issuer: true, clientId: true, passwordSignInEnabled: true } });
    if (!before && !sealed) throw new UserFacingError('Enter the client secret the identity provider issued.', 422);
    const data = {
      issuer: input.issuer,
      clientId: input.clientId,
      passwordSignInEnabled: input.isPasswordSignInEnabled,
      ...(sealed ? { clientSecretSealed: sealed } : {}),
    };
    await tx.ssoSettings.upsert({ where: { id: true }, create: { ...data, clientSecretSealed: sealed! }, update: data });
    await appendAuditEvents(tx, PLATFORM_CHAIN_ID, [
      {
        actor: input.actor,
        action: 'sso.settings_change',
        target: 'sso_settings',
        requestId: input.requestId,
        outcome: 'success',
        payload: {
          before: before && { issuer: before.issuer, clientId: before.clientId, passwordSignIn: before.passwordSignInEnabled },
          after: { issuer: input.issuer, clientId: input.clientId, passwordSignIn: input.isPasswordSignInEnabled, clientSecretChanged: sealed !== null },
        },
      },
    ]);
  });
  forgetSsoConfig();
}

/** Removes the console's SSO settings (the environment's, if any, apply again); password sign-in comes back. */
export async function deleteSsoSettings(principal: PlatformRequester, input: Change): Promise<void> {
  await withPlatformAccess(principal, async (tx) => {
    const { count } = await tx.ssoSettings.deleteMany({ where: { id: true } });
    if (count === 0) throw new NotFoundError('Single sign-on is not configured in the console.');
    await appendAuditEvents(tx, PLATFORM_CHAIN_ID, [
      { actor: input.actor, action: 'sso.settings_change', target: 'sso_settings', requestId: input.requestId, outcome: 'success', payload: { after: null } },
    ]);
  });
  forgetSsoConfig();
}

/** Adds a claim → tenant role rule; it applies at each user's next SSO sign-in. Recorded in the tenant's chain and the platform's. */
export async function addSsoMapping(
  principal: PlatformRequester,
  input: Change & { claim: string; value: string; tenantId: string; role: 'admin' | 'member' },
): Promise<void> {
  await withPlatformAccess(principal, async (tx) => {
    const tenant = await tx.tenant.findFirst({ where: { id: input.tenantId, status: 'active' }, select: { id: true } });
    if (!tenant) throw new NotFoundError('No such tenant.');
    const duplicate = await tx.ssoRoleMapping.count({ where: { claim: input.claim, value: input.value, tenantId: input.tenantId } });
    if (duplicate > 0) throw new UserFacingError('That claim value already maps to this tenant. Remove the rule first to change its role.', 409);
    const row = await tx.ssoRoleMapping.create({
      data: { claim: input.claim, value: input.value, tenantId: input.tenantId, membershipRole: input.role },
      select: { id: true },
    });
    await appendIdentityEvents(tx, [input.tenantId], {
      actor: input.actor,
      action: 'sso.mapping_add',
      target: `sso_mapping:${row.id}`,
      requestId: input.requestId,
      payload: { claim: input.claim, value: input.value, tenantId: input.tenantId, role: input.role },
    });
  });
}

export async function removeSsoMapping(principal: PlatformRequester, input: Change & { mappingId: string }): Promise<void> {
  await withPlatformAccess(principal, async (tx) => {
    const row = await tx.ssoRoleMapping.findUnique({ where: { id: input.mappingId } });
    if (!row) throw new NotFoundError('That rule was already removed.');
    await tx.ssoRoleMapping.delete({ where: { id: row.id } });
    await appendIdentityEvents(tx, [row.tenantId], {
      actor: input.actor,
      action: 'sso.mapping_remove',
      target: `sso_mapping:${row.id}`,
      requestId: input.requestId,
      payload: { claim: row.claim, value: row.value, tenantId: row.tenantId, role: row.membershipRole },
    });
  });
}
