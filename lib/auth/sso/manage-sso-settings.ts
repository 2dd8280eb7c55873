import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { appendIdentityEvents } from '@/lib/audit/store/append-identity-events';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { withPlatformAccess, type PlatformRequester, type PlatformTransaction } from '@/lib/tenancy/platform';
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
  /** What the rule grants, in words: a tenant role, or a platform role (with a compliance officer's tenants). */
  grants: string;
  isPlatformRule: boolean;
}

/** What a new rule grants: a tenant role in one tenant, or a platform role. */
export type SsoMappingGrant =
  | { access: 'tenant'; tenantId: string; role: 'admin' | 'member' }
  | { access: 'platform_admin' }
  | { access: 'compliance_officer'; complianceTenantIds: string[] };

/**
 * Claims a person can usually edit at their provider (display names, usernames): a platform role
 * never follows one of them, or anyone could name themself into it.
 */
const SELF_EDITABLE_CLAIMS = new Set(['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website']);

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
        select: { id: true, claim: true, value: true, membershipRole: true, platformRole: true, complianceTenantIds: true, tenant: { select: { name: true } } },
      }),
    ]);
    const tenantNames = new Map((await tx.tenant.findMany({ select: { id: true, name: true } })).map((tenant) => [tenant.id, tenant.name]));
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
        grants: describeRule(row, (id) => tenantNames.get(id) ?? 'a removed tenant'),
        isPlatformRule: row.platformRole !== null,
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

interface StoredRule {
  id: string;
  claim: string;
  value: string;
  tenantId: string | null;
  membershipRole: 'admin' | 'member' | null;
  platformRole: 'platform_admin' | 'compliance_officer' | null;
  complianceTenantIds: string[];
}

function describeRule(
  rule: Pick<StoredRule, 'membershipRole' | 'platformRole' | 'complianceTenantIds'> & { tenant: { name: string } | null },
  nameOf: (tenantId: string) => string,
): string {
  if (rule.platformRole === 'platform_admin') return 'Platform admin';
  if (rule.platformRole === 'compliance_officer') return `Compliance officer for ${rule.complianceTenantIds.map(nameOf).join(', ')}`;
  return `${rule.membershipRole === 'admin' ? 'Tenant admin' : 'Member'} of ${rule.tenant?.name ?? 'a removed tenant'}`;
}

/** A rule added or removed, in the chain of every tenant it names and in the platform's. */
async function recordRuleChange(tx: PlatformTransaction, action: 'sso.mapping_add' | 'sso.mapping_remove', rule: StoredRule, change: Change): Promise<void> {
  await appendIdentityEvents(tx, [...(rule.tenantId ? [rule.tenantId] : []), ...rule.complianceTenantIds], {
    actor: change.actor,
    action,
    target: `sso_mapping:${rule.id}`,
    requestId: change.requestId,
    payload: {
      claim: rule.claim,
      value: rule.value,
      tenantId: rule.tenantId,
      role: rule.membershipRole,
      platformRole: rule.platformRole,
      complianceTenantIds: rule.complianceTenantIds,
    },
  });
}

const ruleSelect = { id: true, claim: true, value: true, tenantId: true, membershipRole: true, platformRole: true, complianceTenantIds: true } as const;

/**
 * Adds a claim → role rule; it applies at each user's next SSO sign-in. A platform rule may not
 * follow a claim people edit themselves. Recorded in the named tenants' chains and the platform's.
 */
export async function addSsoMapping(principal: PlatformRequester, input: Change & { claim: string; value: string; grant: SsoMappingGrant }): Promise<void> {
  const { grant } = input;
  if (grant.access !== 'tenant' && SELF_EDITABLE_CLAIMS.has(input.claim)) {
    throw new UserFacingError(
      `A platform role cannot follow the "${input.claim}" claim: people can usually change it themselves. Use a group or role claim.`,
      422,
    );
  }
  const complianceTenantIds = grant.access === 'compliance_officer' ? [...new Set(grant.complianceTenantIds)] : [];
  if (grant.access === 'compliance_officer' && complianceTenantIds.length === 0) {
    throw new UserFacingError('Assign at least one tenant to a compliance officer.', 422);
  }
  await withPlatformAccess(principal, async (tx) => {
    const tenantIds = grant.access === 'tenant' ? [grant.tenantId] : complianceTenantIds;
    const active = await tx.tenant.count({ where: { id: { in: tenantIds }, status: 'active' } });
    if (active !== tenantIds.length) throw new NotFoundError('No such tenant.');
    const sameTarget = grant.access === 'tenant' ? { tenantId: grant.tenantId } : { tenantId: null };
    const duplicate = await tx.ssoRoleMapping.count({ where: { claim: input.claim, value: input.value, ...sameTarget } });
    if (duplicate > 0) {
      throw new UserFacingError(
        grant.access === 'tenant'
          ? 'That claim value already maps to this tenant. Remove the rule first to change its role.'
          : 'That claim value already maps to a platform role. Remove the rule first to change it.',
        409,
      );
    }
    const row = await tx.ssoRoleMapping.create({
      data:
        grant.access === 'tenant'
          ? { claim: input.claim, value: input.value, tenantId: grant.tenantId, membershipRole: grant.role }
          : { claim: input.claim, value: input.value, platformRole: grant.access, complianceTenantIds },
      select: ruleSelect,
    });
    await recordRuleChange(tx, 'sso.mapping_add', row, input);
  });
}

export async function removeSsoMapping(principal: PlatformRequester, input: Change & { mappingId: string }): Promise<void> {
  await withPlatformAccess(principal, async (tx) => {
    const row = await tx.ssoRoleMapping.findUnique({ where: { id: input.mappingId }, select: ruleSelect });
    if (!row) throw new NotFoundError('That rule was already removed.');
    await tx.ssoRoleMapping.delete({ where: { id: row.id } });
    await recordRuleChange(tx, 'sso.mapping_remove', row, input);
  });
}
