import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { findGatewaySettings, gatewaySettingsInputSchema, updateGatewaySettings } from './gateway-settings';
import { getGatewayTenant } from '@/lib/enforcement/tenant-config';
import { findRequestAuditEvents } from '@/lib/enforcement/testing/read-audit';
import { UserFacingError } from '@/lib/errors';
import { createPlatformAdmin, createTenantAdmin } from './control-test-fixtures';
import { getPlatformGatewayLimits, updatePlatformGatewayLimits } from './platform-gateway-limits';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { invalidateGatewayTenant } from '@/lib/enforcement/tenant-config';

const actor = { type: 'user' as const, id: randomUUID(), label: 'admin@test' };

describe('gateway settings', () => {
  after(() => disconnectAllPrismaClients());

  test('a change applies to the next request in this process, is audited with before and after, and touches no other tenant', async () => {
    const [a, b] = [await createTestTenant('gws-a'), await createTestTenant('gws-b')];
    const defaults = await findGatewaySettings(a.id);
    assert.equal((await getGatewayTenant(a.id)).settings.screening.mode, defaults.screeningMode, 'cached before the change');

    const requestId = randomUUID();
    const wanted = { requestsPerMinute: 30, burst: 5, screeningMode: 'flag' as const, storePayloads: true, allowProviderStore: true };
    assert.deepEqual(await updateGatewaySettings(a.id, wanted, { actor, requestId }), wanted);

    const live = await getGatewayTenant(a.id);
    assert.deepEqual(live.settings, { requestsPerMinute: 30, burst: 5, screening: { mode: 'flag' }, storePayloads: true, allowProviderStore: true });
    assert.deepEqual(await findGatewaySettings(b.id), defaults, "B keeps the defaults (positive control: A's did change)");

    const [event] = await findRequestAuditEvents(a.id, requestId);
    assert.equal(event.action, 'tenant.update');
    assert.deepEqual(event.payload, { before: null, after: wanted });
    assert.deepEqual(await findRequestAuditEvents(b.id, requestId), []);
  });

  test("a tenant admin cannot raise the tenant above the platform's ceiling, and a lowered ceiling applies to what was saved", async () => {
    const tenant = await createTestTenant('gws-ceiling');
    const platformAdmin = await createPlatformAdmin('gws-ceiling-platform');
    const tenantAdmin = await createTenantAdmin(tenant);
    const original = await withPlatformSystemAccess('test', (tx) => getPlatformGatewayLimits(tx));
    const settings = { requestsPerMinute: 900_000, burst: 90_000, screeningMode: 'block' as const, storePayloads: false, allowProviderStore: false };
    // Under the ceiling the migration starts with (the form's old bounds), the tenant's choice is saved.
    await updateGatewaySettings(tenant.id, settings, { actor, requestId: randomUUID() });
    try {
      // Other test files run beside this one: the lowered ceiling stays above what they configure.
      await assert.rejects(
        updatePlatformGatewayLimits(tenantAdmin, { maxRequestsPerMinute: 1, maxBurst: 1 }, { actor, requestId: randomUUID() }),
        (error: Error) => error.name === 'ForbiddenError',
        'a tenant admin cannot move the ceiling',
      );
      await updatePlatformGatewayLimits(platformAdmin, { maxRequestsPerMinute: 700_000, maxBurst: 70_000 }, { actor, requestId: randomUUID() });
      invalidateGatewayTenant(tenant.id);
      const live = await getGatewayTenant(tenant.id);
      assert.deepEqual([live.settings.requestsPerMinute, live.settings.burst], [700_000, 70_000], 'what was saved above the new ceiling runs at it');

      await assert.rejects(
        updateGatewaySettings(tenant.id, { ...settings, requestsPerMinute: 700_001 }, { actor, requestId: randomUUID() }),
        (error: unknown) => {
          assert.ok(error instanceof UserFacingError);
          assert.equal(error.status, 422);
          assert.match(error.message, /at most 700,000 requests a minute per tenant/);
          return true;
        },
      );
      await assert.rejects(
        updateGatewaySettings(tenant.id, { ...settings, requestsPerMinute: 10, burst: 70_001 }, { actor, requestId: randomUUID() }),
        /burst of at most 70,000/,
      );
      const saved = await updateGatewaySettings(tenant.id, { ...settings, requestsPerMinute: 700_000, burst: 70_000 }, { actor, requestId: randomUUID() });
      assert.equal(saved.requestsPerMinute, 700_000, 'positive control: at the ceiling it saves');
    } finally {
      await updatePlatformGatewayLimits(platformAdmin, original, { actor, requestId: randomUUID() });
    }
  });

  test('input a person can fix: whole positive numbers, block or flag, nothing else', () => {
    const valid = { requestsPerMinute: '60', burst: '10', screeningMode: 'block', storePayloads: false };
    assert.equal(gatewaySettingsInputSchema.parse(valid).requestsPerMinute, 60);
    for (const [field, value, message] of [
      ['requestsPerMinute', '0', 'Allow at least 1 request a minute.'],
      ['burst', '2.5', 'Use a whole number of requests.'],
      ['screeningMode', 'off', 'Choose block or flag.'],
    ] as const) {
      const result = gatewaySettingsInputSchema.safeParse({ ...valid, [field]: value });
      assert.equal(result.success, false);
      assert.equal(result.error?.issues[0].message, message);
    }
    assert.equal(gatewaySettingsInputSchema.safeParse({ ...valid, tenantId: randomUUID() }).success, false, 'no field names a tenant');
  });
});
