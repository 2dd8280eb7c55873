import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { assembleSystemPrompt, getTenantPromptPrefix } from './assemble-system-prompt';
import { createCanaryToken } from '@/lib/canaries/canary-token';

describe('assembleSystemPrompt', () => {
  test('starts with a prefix unique to the tenant, for identical prompt texts', () => {
    const parts = { tenantName: 'Same name', configName: 'assistant', version: 1, canary: createCanaryToken(), body: 'Identical text.' };
    const first = assembleSystemPrompt({ ...parts, tenantId: randomUUID() });
    const second = assembleSystemPrompt({ ...parts, tenantId: randomUUID() });
    assert.notEqual(first.slice(0, 30), second.slice(0, 30));
  });

  test('the prefix is stable per tenant, case-insensitive in the id, and does not contain the id', () => {
    const tenantId = randomUUID();
    assert.equal(getTenantPromptPrefix(tenantId), getTenantPromptPrefix(tenantId.toUpperCase()));
    assert.match(getTenantPromptPrefix(tenantId), /^\[tenant-prompt [0-9a-f]{16}\]$/);
    assert.ok(!getTenantPromptPrefix(tenantId).includes(tenantId.slice(0, 8)));
  });

  test('the canary is on the first line, the body follows unchanged', () => {
    const canary = createCanaryToken();
    const prompt = assembleSystemPrompt({ tenantId: randomUUID(), tenantName: 'T', configName: 'c', version: 3, canary, body: 'line one\nline two' });
    const [header, ...rest] = prompt.split('\n');
    assert.ok(header.includes(canary));
    assert.deepEqual(rest, ['line one', 'line two']);
  });
});
