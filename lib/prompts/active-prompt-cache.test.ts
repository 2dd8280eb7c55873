import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { emitKeyEvent } from '@/lib/kms/key-events';
import { forgetActivePrompt, getCachedActivePrompt } from './active-prompt-cache';
import type { ActivePrompt } from './get-active-prompt-config';

function countingLoader(version = 1) {
  const calls: string[] = [];
  const load = async (tenantId: string): Promise<ActivePrompt | null> => {
    calls.push(tenantId);
    return {
      configId: 'c',
      configName: 'Support',
      versionId: `v${version}`,
      version,
      body: `body of ${tenantId}`,
      canary: 'k',
      model: 'm',
      temperature: 0,
      maxTokens: 10,
    };
  };
  return { calls, load };
}

describe('the gateway’s cached live prompt version', () => {
  test('loads once per tenant within the period and never hands one tenant’s prompt to another', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const { calls, load } = countingLoader();
    const first = await getCachedActivePrompt(a, load);
    const again = await getCachedActivePrompt(a, load);
    const other = await getCachedActivePrompt(b, load);
    assert.deepEqual(calls, [a, b]);
    assert.equal(again, first);
    assert.equal(other?.body, `body of ${b}`);
  });

  test('activation in this process (forgetActivePrompt) makes the next request load again', async () => {
    const tenant = randomUUID();
    const { calls, load } = countingLoader();
    await getCachedActivePrompt(tenant, load);
    forgetActivePrompt(tenant);
    await getCachedActivePrompt(tenant, load);
    assert.equal(calls.length, 2);
  });

  test('a disabled or shredded tenant key forgets the decrypted prompt at once; other key events do not', async () => {
    for (const type of ['key_disabled', 'key_deletion_scheduled', 'tenant_key_shredded'] as const) {
      const tenant = randomUUID();
      const { calls, load } = countingLoader();
      await getCachedActivePrompt(tenant, load);
      emitKeyEvent({ type: 'key_rotated', tenantId: tenant }); // positive control: a rotation keeps it
      await getCachedActivePrompt(tenant, load);
      assert.equal(calls.length, 1, 'a rotation must not reload');
      emitKeyEvent({ type, tenantId: tenant });
      await getCachedActivePrompt(tenant, load);
      assert.equal(calls.length, 2, `${type} must forget`);
    }
  });

  test('a failed load is not kept', async () => {
    const tenant = randomUUID();
    let attempts = 0;
    const failing = async () => {
      attempts += 1;
      throw new Error('KMS unavailable');
    };
    await assert.rejects(getCachedActivePrompt(tenant, failing));
    await assert.rejects(getCachedActivePrompt(tenant, failing));
    assert.equal(attempts, 2);
  });

  test('expires after the period (BULKHEAD_ACTIVE_PROMPT_CACHE_MS)', async (context) => {
    context.mock.timers.enable({ apis: ['Date'] });
    const tenant = randomUUID();
    const { calls, load } = countingLoader();
    await getCachedActivePrompt(tenant, load);
    context.mock.timers.tick(1_999);
    await getCachedActivePrompt(tenant, load);
    context.mock.timers.tick(2);
    await getCachedActivePrompt(tenant, load);
    assert.equal(calls.length, 2);
  });
});
