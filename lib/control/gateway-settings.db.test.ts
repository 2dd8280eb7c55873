import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { findGatewaySettings, gatewaySettingsInputSchema, updateGatewaySettings } from './gateway-settings';
import { getGatewayTenant } from '@/lib/enforcement/tenant-config';
import { findRequestAuditEvents } from '@/lib/enforcement/testing/read-audit';

const actor = { type: 'user' as const, id: randomUUID(), label: 'admin@test' };

describe('gateway settings', () => {
  after(() => disconnectAllPrismaClients());

  test('a change applies to the next request in this process, is audited with before and after, and touches no other tenant', async () => {
    const [a, b] = [await createTestTenant('gws-a'), await createTestTenant('gws-b')];
    const defaults = await findGatewaySettings(a.id);
    assert.equal((await getGatewayTenant(a.id)).settings.screening.mode, defaults.screeningMode, 'cached before the change');

    const requestId = randomUUID();
    const wanted = { requestsPerMinute: 30, burst: 5, screeningMode: 'flag' as const, storePayloads: true };
    assert.deepEqual(await updateGatewaySettings(a.id, wanted, { actor, requestId }), wanted);

    const live = await getGatewayTenant(a.id);
    assert.deepEqual(live.settings, { requestsPerMinute: 30, burst: 5, screening: { mode: 'flag' }, storePayloads: true });
    assert.deepEqual(await findGatewaySettings(b.id), defaults, "B keeps the defaults (positive control: A's did change)");

    const [event] = await findRequestAuditEvents(a.id, requestId);
    assert.equal(event.action, 'tenant.update');
    assert.deepEqual(event.payload, { before: null, after: wanted });
    assert.deepEqual(await findRequestAuditEvents(b.id, requestId), []);
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
