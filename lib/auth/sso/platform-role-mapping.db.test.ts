import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { findChainEvents, PLATFORM_CHAIN_ID } from '@/lib/control/identity/identity-test-helpers';
import { setPlatformRole } from '@/lib/control/identity/change-user-account';
import { getPrincipalForSessionToken } from '../session-store';
import { completeSsoSignIn } from './complete-sso-sign-in';
import { addSsoMapping, removeSsoMapping } from './manage-sso-settings';
import { provisionInTransaction } from './provision-sso-user';

const issuer = 'https://idp.platform-roles.test.example';
const platformAdmin = { platformRole: 'platform_admin' };
const actor = { type: 'user' as const, id: crypto.randomUUID(), label: 'platform-rules@test.example' };
const change = () => ({ actor, requestId: crypto.randomUUID() });

describe('single sign-on rules granting platform roles', () => {
  let tenantA: { id: string };
  let tenantB: { id: string };
  const run = crypto.randomUUID().slice(0, 8);
  const auditors = `auditors-${run}`;
  const operators = `operators-${run}`;
  const claimsFor = (sub: string, groups: string[]) => ({ sub, email: `${sub}@sso.test.example`, email_verified: true, groups });
  const ruleId = (value: string) =>
    withPlatformSystemAccess('test: rule id', async (tx) => (await tx.ssoRoleMapping.findFirstOrThrow({ where: { value }, select: { id: true } })).id);
  const accessOf = (userId: string) =>
    withPlatformSystemAccess('test: read', (tx) =>
      tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { platformRole: true, platformRoleBySso: true, complianceAssignments: { select: { tenantId: true }, orderBy: { tenantId: 'asc' } } },
      }),
    );

  before(async () => {
    [tenantA, tenantB] = await Promise.all([createTestTenant('sso-platform-a'), createTestTenant('sso-platform-b')]);
    await addSsoMapping(platformAdmin, {
      claim: 'groups',
      value: auditors,
      grant: { access: 'compliance_officer', complianceTenantIds: [tenantA.id] },
      ...change(),
    });
    await addSsoMapping(platformAdmin, { claim: 'groups', value: operators, grant: { access: 'platform_admin' }, ...change() });
  });
  after(async () => {
    await withPlatformSystemAccess('test: clean rules', (tx) => tx.ssoRoleMapping.deleteMany({ where: { value: { in: [auditors, operators] } } }));
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('a compliance rule makes a first-time user a compliance officer of its tenants only; losing the claim loses the role', async () => {
    const sub = `auditor-${run}`;
    const first = await completeSsoSignIn({ issuer, claims: claimsFor(sub, [auditors]) });
    assert.ok(first.ok, 'a platform rule alone gives access');
    const principal = await getPrincipalForSessionToken(first.sessionToken);
    assert.equal(principal?.platformRole, 'compliance_officer');
    assert.deepEqual(await accessOf(first.user.id), {
      platformRole: 'compliance_officer',
      platformRoleBySso: true,
      complianceAssignments: [{ tenantId: tenantA.id }],
    });
    assert.ok((await findChainEvents(tenantA.id, 'user.platform_role_change')).some((event) => event.target === `user:${first.user.id}`));
    assert.ok((await findChainEvents(tenantB.id, 'user.platform_role_change')).every((event) => event.target !== `user:${first.user.id}`));
    // The claim is gone at the next sign-in: so are the role and its assignments, and with them all access.
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(sub, []) }), { ok: false });
    assert.deepEqual(await accessOf(first.user.id), { platformRole: null, platformRoleBySso: false, complianceAssignments: [] });
  });

  test('a platform admin rule grants the role and a changed mapping takes it back at the next sign-in', async () => {
    const sub = `operator-${run}`;
    const first = await completeSsoSignIn({ issuer, claims: claimsFor(sub, [operators, auditors]) });
    assert.ok(first.ok);
    assert.deepEqual(await accessOf(first.user.id), { platformRole: 'platform_admin', platformRoleBySso: true, complianceAssignments: [] });
    assert.ok((await findChainEvents(PLATFORM_CHAIN_ID, 'user.platform_role_change')).some((event) => event.target === `user:${first.user.id}`));
    // Still in the auditors group: the remaining rule decides.
    await removeSsoMapping(platformAdmin, { mappingId: await ruleId(operators), ...change() });
    assert.ok((await completeSsoSignIn({ issuer, claims: claimsFor(sub, [operators, auditors]) })).ok);
    assert.deepEqual(await accessOf(first.user.id), {
      platformRole: 'compliance_officer',
      platformRoleBySso: true,
      complianceAssignments: [{ tenantId: tenantA.id }],
    });
    await addSsoMapping(platformAdmin, { claim: 'groups', value: operators, grant: { access: 'platform_admin' }, ...change() });
  });

  test('a role set in the console stays whatever the claims say', async () => {
    const sub = `console-${run}`;
    const first = await completeSsoSignIn({ issuer, claims: claimsFor(sub, [auditors]) });
    assert.ok(first.ok);
    await setPlatformRole(
      { userId: crypto.randomUUID(), email: 'x@test.example', name: 'x', platformRole: 'platform_admin', grants: [], sessionTokenHash: '' },
      { userId: first.user.id, platformRole: 'compliance_officer', complianceTenantIds: [tenantB.id], ...change() },
    );
    assert.ok((await completeSsoSignIn({ issuer, claims: claimsFor(sub, []) })).ok, 'the console role still gives access');
    assert.deepEqual(await accessOf(first.user.id), {
      platformRole: 'compliance_officer',
      platformRoleBySso: false,
      complianceAssignments: [{ tenantId: tenantB.id }],
    });
  });

  test('the last active platform admin keeps the role when the claim is gone', async () => {
    const sub = `last-${run}`;
    const first = await completeSsoSignIn({ issuer, claims: claimsFor(sub, [operators]) });
    assert.ok(first.ok);
    // Alone: every other admin is deactivated inside a transaction that is rolled back, so parallel tests never see it.
    const rolledBack = new Error('roll back');
    await assert.rejects(
      withPlatformSystemAccess('test: only one admin left', async (tx) => {
        await tx.user.updateMany({ where: { platformRole: 'platform_admin', id: { not: first.user.id } }, data: { disabledAt: new Date() } });
        const outcome = await provisionInTransaction(tx, { issuer, claims: claimsFor(sub, []) });
        assert.equal(outcome.outcome, 'ok');
        const kept = await tx.user.findUniqueOrThrow({ where: { id: first.user.id }, select: { platformRole: true } });
        assert.equal(kept.platformRole, 'platform_admin');
        throw rolledBack;
      }),
      (error) => error === rolledBack,
    );
    // Positive control: with other admins active, the same sign-in does take the role away.
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(sub, []) }), { ok: false });
    assert.equal((await accessOf(first.user.id)).platformRole, null);
  });

  test('platform rules refuse self-editable claims and a compliance rule without tenants; only a platform admin adds rules', async () => {
    await assert.rejects(
      addSsoMapping(platformAdmin, { claim: 'preferred_username', value: 'root', grant: { access: 'platform_admin' }, ...change() }),
      /cannot follow the "preferred_username" claim/,
    );
    await assert.rejects(
      addSsoMapping(platformAdmin, { claim: 'groups', value: `x-${run}`, grant: { access: 'compliance_officer', complianceTenantIds: [] }, ...change() }),
      /at least one tenant/,
    );
    await assert.rejects(addSsoMapping(platformAdmin, { claim: 'groups', value: operators, grant: { access: 'platform_admin' }, ...change() }), {
      status: 409,
    });
    await assert.rejects(
      addSsoMapping({ platformRole: 'compliance_officer' }, { claim: 'groups', value: `y-${run}`, grant: { access: 'platform_admin' }, ...change() }),
      { status: 403 },
    );
  });
});
